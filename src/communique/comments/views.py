"""The comment form's address: GET shows a text's comments and form, POST sends a comment."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from communique.comments import abuse, selectors, services
from communique.comments.forms import CommentForm
from communique.comments.jinja_globals import comment_section


def _page(request, text, *, form=None, refusal=None, status=200):
    response = render(
        request,
        "comments/form_page.html",
        {
            "text": text,
            "release": text.release,
            "office": text.release.office,
            "section": comment_section(request, text, form=form, refusal=refusal),
        },
        status=refusal.status if refusal else status,
    )
    if refusal and refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def comment_post(request, pk):
    text = selectors.text_for_comment(pk, get_language())
    if text is None:
        raise Http404("No published text of this release in this language.")
    if request.method != "POST":
        return _page(request, text)

    form = CommentForm(request.POST)
    address = abuse.address_hash(request)
    try:
        if not selectors.comments_open(text):
            raise abuse.closed_refusal()
        abuse.check_rate(address)
        abuse.check_honeypot(request.POST.get(abuse.HONEYPOT_FIELD))
        abuse.check_token(request.POST.get("token"), text)
        if not form.is_valid():
            return _page(request, text, form=form, status=400)
        data = form.cleaned_data
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
        return _page(request, text, form=form, refusal=refusal)
    # Post/Redirect/Get: reloading the page does not send the comment twice.
    return redirect(f"{text.get_absolute_url()}?comment=received#comments")
