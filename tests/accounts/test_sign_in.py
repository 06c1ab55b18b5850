"""Staff sign-in: throttled with a lock-out, two factors where set up or required, every
sign-in, failure and lock-out in the audit log, and sessions that end."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from communique.accounts import services
from communique.editorial.models import AuditEntry
from communique.newsroom.models import Organisation
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

PASSWORD = "a long demo passphrase"  # noqa: S105 - a test account's


@pytest.fixture
def editor(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # django-otp makes the next try wait after a wrong code; these tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    make_organisation()
    return get_user_model().objects.create_user(
        "uz-editor", "uz-editor@example.org", PASSWORD, is_staff=True
    )


def sign_in(client, username, password, code="", address="192.0.2.10"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def with_authenticator(user) -> TOTPDevice:
    device = services.two_factor_start(user)
    services.two_factor_confirm(user, token=code_for(device))
    device.refresh_from_db()
    # The confirming code was spent: the next sign-in must wait for the next step.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return device


def test_sixty_wrong_passwords_lock_the_account_and_then_the_right_one_fails_too(client, editor):
    refused = [sign_in(client, "uz-editor", f"guess {n}").status_code for n in range(60)]
    assert refused[:4] == [200, 200, 200, 200]  # the form again, with its error
    assert 429 in refused
    locked = sign_in(client, "uz-editor", PASSWORD)
    assert locked.status_code == 429
    assert "Too many wrong sign-in attempts" in locked.content.decode()
    assert not signed_in(client)


def test_a_lock_out_holds_for_that_address_only(client, editor):
    for n in range(5):
        sign_in(client, "uz-editor", f"guess {n}")
    assert sign_in(client, "uz-editor", PASSWORD).status_code == 429
    assert sign_in(client, "uz-editor", PASSWORD, address="198.51.100.7").status_code == 302


def test_sign_ins_failures_and_lock_outs_are_in_the_audit_log(client, editor):
    sign_in(client, "uz-editor", PASSWORD)
    client.logout()
    for n in range(5):
        sign_in(client, "uz-editor", f"guess {n}")
    entries = AuditEntry.objects.filter(subject_type="account").order_by("pk")
    actions = [entry.action for entry in entries]
    assert actions[0] == AuditEntry.Action.SIGNED_IN
    assert actions.count(AuditEntry.Action.SIGN_IN_FAILED) == 5
    assert AuditEntry.Action.LOCKED_OUT in actions
    assert all(entry.subject == "uz-editor" for entry in entries)
    assert "192.0.2.10" in entries.filter(action=AuditEntry.Action.LOCKED_OUT).get().detail


def test_with_an_authenticator_the_password_alone_does_not_sign_in(client, editor):
    device = with_authenticator(editor)
    refused = sign_in(client, "uz-editor", PASSWORD)
    assert refused.status_code == 200
    assert "Enter the code from your authenticator app" in refused.content.decode()
    assert not signed_in(client)
    wrong = sign_in(
        client, "uz-editor", PASSWORD, code="000000" if code_for(device) != "000000" else "111111"
    )
    assert "That code is not right" in wrong.content.decode()
    assert sign_in(client, "uz-editor", PASSWORD, code=code_for(device)).status_code == 302
    assert signed_in(client)


def test_a_recovery_code_signs_in_once(client, editor):
    device = services.two_factor_start(editor)
    codes = services.two_factor_confirm(editor, token=code_for(device))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sign_in(client, "uz-editor", PASSWORD, code=codes[0]).status_code == 302
    client.logout()
    again = sign_in(client, "uz-editor", PASSWORD, code=codes[0])
    assert again.status_code == 200 and not signed_in(client)


def test_a_session_with_a_second_factor_but_no_code_is_signed_out_of_the_admin(client, editor):
    with_authenticator(editor)
    client.force_login(editor)  # a password-only session, say from before it was set up
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not signed_in(client)


def test_setting_up_shows_a_qr_code_then_recovery_codes_once(client, editor):
    client.force_login(editor)
    page = client.get("/admin/account/two-factor/").content.decode()
    assert "<svg" in page and "authenticator app" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post("/admin/account/two-factor/", {"token": "12"})
    assert "That code is not right" in wrong.content.decode()
    done = client.post("/admin/account/two-factor/", {"token": code_for(device)})
    html = done.content.decode()
    assert html.count("<li><code>") == 10
    assert signed_in(client)  # this session is verified by the code just given
    later = client.get("/admin/account/two-factor/").content.decode()
    assert "<li><code>" not in later and "10 recovery codes left." in later
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TWO_FACTOR_ON).exists()


def test_site_administrators_must_set_it_up_when_the_organisation_requires_it(client, editor):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    Organisation.objects.update(require_two_factor_for_admins=True)
    response = client.get("/admin/newsroom/office/")
    assert response.status_code == 302 and response["Location"] == "/admin/account/two-factor/"
    page = client.get("/admin/account/two-factor/").content.decode()
    assert "asks site administrators to sign in with two factors" in page
    client.force_login(editor)  # an editor is not asked
    assert client.get("/admin/").status_code == 200


def test_session_length_is_a_setting(tmp_path):
    from tests.test_installation import settings_value

    assert settings_value(tmp_path, "settings.SESSION_COOKIE_AGE") == str(12 * 3600)
    assert (
        settings_value(tmp_path, "settings.SESSION_COOKIE_AGE", COMMUNIQUE_SESSION_SECONDS="1800")
        == "1800"
    )


def test_guessing_codes_locks_the_account_like_guessing_passwords(client, editor):
    device = with_authenticator(editor)
    right = code_for(device)
    wrong = [code for code in ("000000", "111111") if code != right][0]
    for _attempt in range(5):
        sign_in(client, "uz-editor", PASSWORD, code=wrong)
    assert sign_in(client, "uz-editor", PASSWORD, code=right).status_code == 429
    assert not signed_in(client)
