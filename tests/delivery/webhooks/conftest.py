import datetime

import pytest
from django.utils import timezone

from communique.delivery.webhooks.models import Endpoint
from tests.delivery.webhooks.receiver import Receiver
from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation, make_release


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    # The tests' receiver is on 127.0.0.1, which a real site refuses (test_addresses.py).
    settings.COMMUNIQUE_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.COMMUNIQUE_WEBHOOKS_TIMEOUT_SECONDS = 2
    settings.COMMUNIQUE_SITE_URL = "https://press.example.org"


@pytest.fixture
def offices(db):
    make_organisation()
    return make_office("uzbekistan", time_zone="Asia/Tashkent"), make_office(
        "kyrgyzstan", time_zone="Asia/Bishkek"
    )


@pytest.fixture
def people(offices):
    uz, _kg = offices
    return {
        "site_admin": make_user("root", superuser=True),
        "office_admin": make_user("uz-head", office=uz, role="office_admin"),
        "editor": make_user("uz-editor", office=uz, role="editor"),
    }


@pytest.fixture
def release(offices):
    return make_release(offices[0], title="Wells for three villages")


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def endpoint(receiver, offices):
    found = Endpoint.objects.create(name="Partner newsroom", url=receiver.url)
    receiver.secret = found.secret
    return found


class Clock:
    """Moves Django's idea of now forward, as the hours of a retry schedule pass."""

    def __init__(self, monkeypatch):
        self.offset = datetime.timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, **delta):
        self.offset += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
