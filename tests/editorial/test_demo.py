import pytest
from django.contrib.auth import authenticate

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
    assert authenticate(username="uzbekistan-editor", password=DEMO_PASSWORD) is not None
    assert authenticate(username="admin", password=DEMO_PASSWORD).is_superuser
    translator = Membership.objects.filter(user__username="translator-ar")
    assert translator.count() == 2
    assert all(m.languages == ["ar"] for m in translator)
