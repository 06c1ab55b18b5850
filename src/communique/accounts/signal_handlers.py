"""The accounts app's signal wiring: sign-ins, failures and lock-outs go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed

from communique.accounts import selectors
from communique.editorial.services import Action, audit_account


def signed_in(sender, request, user, **kwargs) -> None:
    detail = "two factors" if getattr(user, "otp_device", None) else "password"
    audit_account(Action.SIGNED_IN, username=user.get_username(), user=user, detail=detail)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    address = selectors.client_address(request) if request is not None else None
    audit_account(
        Action.SIGN_IN_FAILED,
        username=str(credentials.get("username", "")),
        detail=f"from {address}" if address else "",
    )


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_account(Action.LOCKED_OUT, username=str(username or ""), detail=f"from {ip_address}")


def register_signal_handlers() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="accounts:signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="accounts:sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="accounts:locked_out")
