"""The admin's sign-in form: a password, and a code for those with a second factor."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from communique.accounts import selectors, services


class StaffSignInForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        strip=True,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_(
            "Only if you sign in with two factors: the 6-digit code of your app, or one "
            "of your recovery codes."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and selectors.has_two_factor(user):
            token = cleaned.get("otp_token") or ""
            if not token:
                raise forms.ValidationError(
                    _("Enter the code from your authenticator app (or a recovery code)."),
                    code="token_required",
                )
            device = services.two_factor_verify(user, token=token)
            if device is None:
                # Counted like a wrong password, so guessing codes locks the account too.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                raise forms.ValidationError(
                    _("That code is not right, or has been used. Try the newest code."),
                    code="invalid_token",
                )
            # django_otp marks the session verified with this device on login.
            user.otp_device = device
        return cleaned


class ConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
