"""The comment form's address: GET shows a text's comments and form, POST sends a comment."""

from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from communique.comments import abuse, selectors, services
from communique.comments.forms import CommentForm
from communique.comments.jinja_globals import comment_form, comment_section


def _text_or_404(release_id: int, language: str):
    text = selectors.text_for_comment(release_id, language)
    if text is None:
        raise Http404("No published text of this release in this language.")
    return text


def _page(request, text, *, section: dict, status: int = 200):
    """The text's comments page: the site's layout around the comments include."""
    return render(
        request,
        "comments/form_page.html",
        {"text": text, "release": text.release, "office": text.release.office, "section": section},
        status=status,
    )


def _refused(request, release_id: int, language: str, form, refusal: abuse.Refusal):
    """A refused comment, on a small page that costs no database query, so floods cost little.

    The reader still gets the reason, what they typed (in the form, when sending again can
    help) and a link back to the release.
    """
    if refusal.form_again:
        section = comment_form(release_id, language, form=form, refusal=refusal)
    else:
        section = {"refusal": refusal}
    html = render_to_string(
        "comments/refused.html",
        {
            "language": language,
            "direction": "rtl" if get_language_bidi() else "ltr",
            "section": section,
            "back": reverse("newsroom:release-short", kwargs={"pk": release_id}),
            # Rendered without the request, so that the site's context processors do not run.
        },
    )
    response = HttpResponse(html, status=refusal.status)
    if refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return response


# No CSRF token: a comment carries no reader's session or rights to ride on (it is anonymous,
# signed against the release and rate-limited instead), and a token would make every release
# page a private one that no cache could share.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def comment_post(request, pk):
    language = get_language()
    address = abuse.address_hash(request)
    if request.method != "POST":
        text = _text_or_404(pk, language)
        return _page(request, text, section=comment_section(request, text, token_for=address))

    form = CommentForm(request.POST)
    try:
        # Cheapest first: most robots are turned away before any database work but the count.
        abuse.check_rate(address)
        abuse.check_honeypot(request.POST.get(abuse.HONEYPOT_FIELD))
        nonce = abuse.check_token(
            request.POST.get("token"), release_id=pk, language=language, address=address
        )
        text = _text_or_404(pk, language)
        if not selectors.comments_open(text):
            raise abuse.closed_refusal()
        if not form.is_valid():
            # A mistake rather than a refusal: the comments page, each field's error marked.
            section = comment_section(request, text, form=form, is_open=True, with_comments=False)
            return _page(request, text, section=section, status=400)
        data = form.cleaned_data
        with transaction.atomic():  # a comment refused after this leaves the token unspent
            abuse.spend_token(nonce)
            services.comment_submit(
                text=text,
                name=data["name"],
                email=data["email"],
                website=data["website"],
                body=data["comment"],
                address_hash=address,
                base_url=request.build_absolute_uri("/"),
            )
    except abuse.Refusal as refusal:
        return _refused(request, pk, language, form, refusal)
    # Post/Redirect/Get: reloading the page does not send the comment twice.
    return redirect(f"{text.get_absolute_url()}?comment=received#comments")


@never_cache
@require_safe
def comment_token(request, pk):
    """A token for one comment on this text by this reader, fetched by the form's script on
    each page load: the page itself stays the same for every reader, and cacheable."""
    language = get_language()
    text = _text_or_404(pk, language)
    if not selectors.comments_open(text):
        raise Http404("Comments on this release are closed.")
    token = abuse.form_token(release_id=pk, language=language, address=abuse.address_hash(request))
    return JsonResponse({"token": token})
