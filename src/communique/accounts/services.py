"""Writes about staff accounts: a second factor (an authenticator app and recovery codes)."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from communique.accounts import conf, selectors
from communique.editorial.services import Action, audit


@transaction.atomic
def two_factor_start(user) -> TOTPDevice:
    """An authenticator for the person to add to their app; it counts once confirmed."""
    device = selectors.unconfirmed_authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_confirm(user, *, token: str) -> list[str] | None:
    """Confirm the new authenticator with a code from it; then the person's recovery codes
    (shown once). None when the code is not right."""
    device = selectors.unconfirmed_authenticator(user)
    if device is None or not device.verify_token(_digits(token)):
        return None
    TOTPDevice.objects.devices_for_user(user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user, audited=False)
    audit(Action.TWO_FACTOR_ON, by=user, subject=user, detail="authenticator app")
    return codes


@transaction.atomic
def recovery_codes_renew(user, *, audited: bool = True) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(conf.recovery_code_count())]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    if audited:
        audit(Action.TWO_FACTOR_ON, by=user, subject=user, detail="new recovery codes")
    return codes


@transaction.atomic
def two_factor_verify(user, *, token: str):
    """The device a sign-in code belongs to (a recovery code is used up), or None."""
    token = _digits(token) if token.strip().replace(" ", "").isdigit() else token.strip()
    for device in selectors.verifying_devices(user):
        allowed, _detail = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


def _digits(token: str) -> str:
    return "".join(character for character in token if character.isdigit())
