import datetime

import pytest
from django.test import Client
from django.utils import timezone

from communique.api import services as api_services
from communique.newsroom import services
from communique.newsroom.models import Text
from tests.editorial.conftest import make_user
from tests.factories import make_category, make_office, make_organisation, make_release, make_text


class Api:
    """The API as a program sees it: JSON in, JSON out, a token if it has one."""

    def __init__(self, token: str | None = None, **headers):
        self.client = Client()
        self.headers = dict(headers)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path, params=None, **headers):
        return self.client.get(f"/api/v1{path}", params or {}, headers={**self.headers, **headers})

    def send(self, method, path, body=None, **headers):
        return self.client.generic(
            method,
            f"/api/v1{path}",
            data="" if body is None else __import__("json").dumps(body),
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path, body=None, **headers):
        return self.send("POST", path, body, **headers)

    def put(self, path, body=None, **headers):
        return self.send("PUT", path, body, **headers)


def token_for(user) -> str:
    return api_services.token_issue(by=user, user=user, name="newsroom system")[1]


def embargo(text: Text) -> Text:
    """Published, with its time still ahead: an embargo readers must not see through."""
    Text.objects.filter(pk=text.pk).update(
        status=Text.Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    text.refresh_from_db()
    return text


@pytest.fixture
def newsroom(db):
    """Two offices with a published release each (the first translated), a draft, a scheduled
    text, an embargoed one and a withdrawn one."""
    make_organisation()
    uz = make_office("uzbekistan", time_zone="Asia/Tashkent")
    kg = make_office("kyrgyzstan", time_zone="Asia/Bishkek")
    water = make_category("water", kind="topic")
    wells = make_category("wells", kind="topic", parent=water)
    published = make_release(uz, title="Wells for three villages", categories=[wells], publish=True)
    arabic = make_text(published, "ar", title="آبار لثلاث قرى", publish=True)
    other = make_release(
        kg,
        title="Scholarships for forty students",
        kind="news",
        issue_date=datetime.date(2024, 7, 24),
        publish=True,
    )
    draft = make_release(uz, title="Draft about winter kits")
    scheduled = make_release(uz, title="Scheduled about school meals")
    scheduled_text = scheduled.texts.get()
    Text.objects.filter(pk=scheduled_text.pk).update(
        status=Text.Status.SCHEDULED, scheduled_for=timezone.now() + datetime.timedelta(hours=3)
    )
    embargoed = make_release(uz, title="Embargoed about clinics")
    embargo(embargoed.texts.get())
    withdrawn = make_release(uz, title="Withdrawn about a road", publish=True)
    services.text_withdraw(withdrawn.texts.get())
    return {
        "uz": uz,
        "kg": kg,
        "water": water,
        "wells": wells,
        "published": published,
        "arabic": arabic,
        "other": other,
        "draft": draft,
        "scheduled": scheduled,
        "embargoed": embargoed,
        "withdrawn": withdrawn,
    }


NEW_RELEASE_BODY = {
    "office": "uzbekistan",
    "issue_date": "2024-07-24",
    "language": "en",
    "title": "New pumps for the river villages",
    "body": "Four pumps were installed.",
}

#: Titles that must never reach a reader.
HIDDEN = ("Draft about winter kits", "Scheduled about school meals", "Embargoed about clinics")


@pytest.fixture
def people(newsroom):
    uz, kg = newsroom["uz"], newsroom["kg"]
    return {
        "editor": make_user("uz-editor", office=uz, role="editor"),
        "author": make_user("uz-author", office=uz, role="author"),
        "translator": make_user("uz-translator", office=uz, role="translator", languages=["ru"]),
        "other_editor": make_user("kg-editor", office=kg, role="editor"),
        "nobody": make_user("no-role"),
    }


@pytest.fixture
def tokens(people):
    return {name: token_for(user) for name, user in people.items()}
