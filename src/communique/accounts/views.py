"""Setting up two-factor sign-in: an authenticator app, then single-use recovery codes."""

from base64 import b32encode

import segno
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from communique.accounts import selectors, services
from communique.accounts.forms import ConfirmForm


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """The person's own second factor: set it up, or get new recovery codes."""
    user = request.user
    context = {**admin.site.each_context(request), "title": _("Two-factor sign-in")}
    if selectors.has_two_factor(user):
        if request.method == "POST" and "renew" in request.POST:
            context["codes"] = services.recovery_codes_renew(user)
        context["codes_left"] = selectors.recovery_codes_left(user)
        return TemplateResponse(request, "accounts/two_factor.html", context)
    device = services.two_factor_start(user)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_confirm(user, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, selectors.authenticator(user))
            messages.success(request, _("Two-factor sign-in is on."))
            context.update({"codes": codes, "codes_left": len(codes)})
            return TemplateResponse(request, "accounts/two_factor.html", context)
        form.add_error("token", _("That code is not right. Enter the newest code of your app."))
    context.update(
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_inline(scale=4),
            # For typing into an app that cannot scan: the key as the otpauth address gives it.
            "secret": b32encode(device.bin_key).decode(),
            "required": selectors.must_set_up_two_factor(user),
        }
    )
    return TemplateResponse(request, "accounts/two_factor.html", context)
