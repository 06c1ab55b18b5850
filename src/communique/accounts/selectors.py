"""Reads about staff accounts: who signs in with a second factor, and who must."""

from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from communique.accounts import conf
from communique.newsroom.models import Organisation


def client_address(request: HttpRequest) -> str | None:
    """The client's network address, as the reverse proxy passes it (login throttling)."""
    return request.META.get(conf.client_address_header()) or request.META.get("REMOTE_ADDR")


def has_two_factor(user) -> bool:
    """Does this person sign in with a code as well as a password?"""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def must_set_up_two_factor(user) -> bool:
    """A site administrator without a second factor, where the organisation requires one."""
    return (
        user.is_authenticated
        and user.is_superuser
        and Organisation.current().require_two_factor_for_admins
        and not has_two_factor(user)
    )


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device else 0


def verifying_devices(user) -> list:
    """The devices a sign-in code may come from: the authenticator first, then recovery codes."""
    devices = list(devices_for_user(user, confirmed=True, for_verify=True))
    return sorted(devices, key=lambda device: isinstance(device, StaticDevice))
