import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from communique.editorial.demo import load_demo_staff
from communique.editorial.models import Membership
from communique.newsroom.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_demo_creates_staff_accounts_for_each_office_and_is_repeatable(offices, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    names = load_demo_staff()
    assert set(names) == {
        "admin",
        "translator-ar",
        "uzbekistan-editor",
        "uzbekistan-author",
        "kyrgyzstan-editor",
        "kyrgyzstan-author",
    }
    assert load_demo_staff() == names
    sign_in = RequestFactory().post("/admin/login/")
    assert authenticate(sign_in, username="uzbekistan-editor", password=DEMO_PASSWORD) is not None
    assert authenticate(sign_in, username="admin", password=DEMO_PASSWORD).is_superuser
    translator = Membership.objects.filter(user__username="translator-ar")
    assert translator.count() == 2
    assert all(m.languages == ["ar"] for m in translator)


def test_the_demo_shows_a_translation_that_fell_behind_its_corrected_original(settings):
    from communique.editorial import translation_selectors
    from communique.newsroom.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    behind = list(translation_selectors.translations_behind())
    assert behind
    corrections = behind[0].release.texts.get(is_original=True).corrections.count()
    load_demo()
    assert list(translation_selectors.translations_behind()) == behind
    assert behind[0].release.texts.get(is_original=True).corrections.count() == corrections
