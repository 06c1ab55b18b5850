import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from communique.delivery.mail.models import Subscriber
from communique.editorial.models import Membership
from tests.delivery.smtp import serving
from tests.factories import make_office, make_organisation


@pytest.fixture
def smtp(settings):
    """An SMTP server of the test's own, which Django's e-mail backend sends to."""
    yield from serving(settings)


@pytest.fixture
def office(db):
    make_organisation()
    return make_office("uzbekistan", name={"en": "Uzbekistan Office", "ar": "مكتب أوزبكستان"})


@pytest.fixture
def editor(office):
    user = get_user_model().objects.create_user("editor", "editor@example.org", None, is_staff=True)
    Membership.objects.create(user=user, office=office, role="editor")
    return user


def make_subscriber(
    email: str, *, language: str = "en", frequency: str = "immediate", confirmed=True, **choices
) -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email,
        language=language,
        frequency=frequency,
        kinds=choices.get("kinds", []),
        confirmed_at=timezone.now() - datetime.timedelta(days=1) if confirmed else None,
    )
    subscriber.offices.set(choices.get("offices", []))
    subscriber.categories.set(choices.get("categories", []))
    return subscriber
