"""The readers' subscription pages: subscribe, confirm, change or cancel, unsubscribe.

Every answer about an address is the same whether or not it was subscribed already; the
pages reached from a message carry a signed reference, never the address.
"""

import secrets
import time

from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from communique.comments import abuse
from communique.delivery.mail import conf, messages, selectors, services
from communique.delivery.mail.forms import ChoicesForm, SubscribeForm

FORM_SALT = "communique.delivery.mail.form"
#: The field a person never sees and a form-filling robot fills.
HONEYPOT_FIELD = "website"


def _form_token(issued_at: float | None = None) -> str:
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps([int(issued_at), secrets.token_hex(8)], salt=FORM_SALT)


def _check_form(request) -> None:
    """Honeypot, then the timer: a form filled by a machine is refused calmly."""
    if request.POST.get(HONEYPOT_FIELD):
        raise abuse.Refusal(
            _("Your subscription could not be sent. Please leave the last field empty.")
        )
    try:
        issued_at, _nonce = signing.loads(request.POST.get("token", "")[:200], salt=FORM_SALT)
        age = time.time() - float(issued_at)
    except (signing.BadSignature, TypeError, ValueError):
        raise abuse.Refusal(_("This form could not be checked. Please send it again.")) from None
    if age > conf.form_max_age_seconds():
        raise abuse.Refusal(_("This form has expired. Please send it again."))
    if age < conf.min_fill_seconds():
        raise abuse.Refusal(_("That was quick! Please check your choices, then send them again."))


def _initial(request) -> dict:
    initial = {"language": get_language()}
    for name in ("office", "category"):
        value = request.GET.get(name, "")
        if value.isdigit() and len(value) < 12:
            initial[f"{name}s"] = [int(value)]
    return initial


def _subscribe_page(request, form, *, refusal=None, status=200):
    response = render(
        request,
        "delivery/subscribe.html",
        {
            "form": form,
            "token": _form_token(),
            "honeypot": HONEYPOT_FIELD,
            "refusal": refusal,
        },
        status=status,
    )
    if refusal is not None and refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        return _subscribe_page(request, SubscribeForm(initial=_initial(request)))
    form = SubscribeForm(request.POST)
    try:
        abuse.check_rate(
            abuse.hash_address(
                request.META.get(conf.client_address_header())
                or request.META.get("REMOTE_ADDR", "")
            ),
            scope="subscribe:",
            limits=conf.rate_limits(),
            message=_("Several forms were sent from here in a short time. Please wait a while."),
        )
        _check_form(request)
    except abuse.Refusal as refusal:
        return _subscribe_page(request, form, refusal=refusal, status=refusal.status)
    if not form.is_valid():
        return _subscribe_page(request, form, status=400)
    data = form.cleaned_data
    services.subscribe(
        email=data["email"],
        language=data["language"],
        frequency=data["frequency"],
        offices=data["offices"],
        categories=data["categories"],
        kinds=data["kinds"],
    )
    # Post/Redirect/Get, and the same page for every address: nobody learns who subscribed.
    return redirect("delivery:sent")


@never_cache
@require_safe
def sent(request):
    return _done(
        request,
        _("Check your inbox"),
        _(
            "If the address can receive our e-mails, a message is on its way to it. Follow "
            "its link to confirm your subscription or to change it."
        ),
    )


def _done(request, title: str, message: str, *, status: int = 200):
    return render(
        request, "delivery/done.html", {"title": title, "message": message}, status=status
    )


def _bad_link(request):
    return _done(
        request,
        _("This link does not work"),
        _(
            "It may have expired, or the subscription may have been cancelled. You can "
            "subscribe again from the subscription page."
        ),
        status=404,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (a mail scanner following links confirms nothing); POST confirms."""
    subscriber = selectors.subscriber_for(
        token, salt=selectors.CONFIRM_SALT, max_age=conf.confirm_max_age_seconds()
    )
    if subscriber is None:
        return _bad_link(request)
    if request.method != "POST":
        return render(request, "delivery/confirm.html", {"token": token})
    subscriber = services.subscription_confirm(subscriber)
    return redirect(
        "delivery:manage", token=selectors.token_for(subscriber, salt=selectors.MANAGE_SALT)
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = selectors.subscriber_for(token, salt=selectors.MANAGE_SALT)
    if subscriber is None:
        return _bad_link(request)
    saved = False
    if request.method == "POST" and "unsubscribe" in request.POST:
        services.unsubscribe(subscriber)
        return _unsubscribed(request)
    if request.method == "POST":
        form = ChoicesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            subscriber = services.subscription_change(
                subscriber,
                language=data["language"],
                frequency=data["frequency"],
                offices=data["offices"],
                categories=data["categories"],
                kinds=data["kinds"],
            )
            saved = True
    else:
        form = ChoicesForm(
            initial={
                "language": subscriber.language,
                "frequency": subscriber.frequency,
                "offices": list(subscriber.offices.all()),
                "categories": list(subscriber.categories.all()),
                "kinds": subscriber.kinds,
            }
        )
    return render(
        request,
        "delivery/manage.html",
        {"form": form, "saved": saved, "confirmed": subscriber.confirmed_at is not None},
        status=400 if form.is_bound and form.errors else 200,
    )


def _unsubscribed(request):
    return _done(
        request,
        _("You are unsubscribed"),
        _("Your address and your choices have been deleted. You will receive nothing more."),
    )


# No CSRF token: RFC 8058's one-click POST comes from a mail client, which has none; the
# signed token in the address is what proves the request comes from the message.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscriber = selectors.subscriber_for(token, salt=messages.UNSUBSCRIBE_SALT)
    if request.method == "POST":
        if subscriber is not None:
            services.unsubscribe(subscriber)
        return _unsubscribed(request)  # the same answer for a link already used
    if subscriber is None:
        return _bad_link(request)
    return render(request, "delivery/unsubscribe.html", {"token": token})
