"""Readers' pages come from the cache until something changes; staff always see them fresh."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communique.comments import services as comment_services
from communique.comments.models import Comment
from communique.newsroom import services
from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def office():
    make_organisation()
    return make_office("uzbekistan", name={"en": "Uzbekistan Office"})


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.mark.parametrize("page", ["home", "release", "office"])
def test_a_second_reader_gets_the_page_from_the_cache_without_a_query(client, office, page):
    release = make_release(office, title="New well opens", publish=True)
    url = {
        "home": "/en/",
        "release": release.texts.get().get_absolute_url(),
        "office": "/en/offices/uzbekistan/",
    }[page]
    first, queries = fetch(client, url)
    assert queries > 0
    second, queries = fetch(client, url)
    assert queries == 0
    assert second.content == first.content
    assert "New well opens" in second.content.decode()


def test_publishing_shows_at_once(client, office):
    fetch(client, "/en/")
    release = make_release(office, title="Scholarships announced")
    assert "Scholarships announced" not in fetch(client, "/en/")[0].content.decode()
    services.release_publish(release)
    assert "Scholarships announced" in fetch(client, "/en/")[0].content.decode()


def test_editing_an_office_or_a_translation_shows_at_once(client, office):
    release = make_release(office, title="Wells for three villages", publish=True)
    url = release.texts.get().get_absolute_url()
    fetch(client, url)
    office.name = {"en": "Samarkand Office"}
    office.save()
    assert "Samarkand Office" in fetch(client, url)[0].content.decode()
    make_text(release, "ru", title="Колодцы для трёх сёл", publish=True)
    assert 'hreflang="ru"' in fetch(client, url)[0].content.decode()


def test_an_approved_comment_shows_at_once(client, office):
    release = make_release(office, publish=True, issue_date=datetime.date(2024, 7, 24))
    text = release.texts.get()
    url = text.get_absolute_url()
    fetch(client, url)
    Comment.objects.create(
        text=text, name="Amina Rahimova", email="amina@example.org", body="Thank you."
    )
    assert "Amina Rahimova" not in fetch(client, url)[0].content.decode()
    comment_services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)
    assert "Amina Rahimova" in fetch(client, url)[0].content.decode()


def test_staff_with_a_session_always_get_a_fresh_page(client, office, django_user_model):
    make_release(office, publish=True)
    client.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    fetch(client, "/en/")
    _response, queries = fetch(client, "/en/")
    assert queries > 0


def test_a_404_is_not_cached_and_a_page_can_be_turned_off(client, office, settings):
    assert fetch(client, "/en/offices/atlantis/")[0].status_code == 404
    make_office("atlantis")
    assert fetch(client, "/en/offices/atlantis/")[0].status_code == 200
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 0
    fetch(client, "/en/")
    assert fetch(client, "/en/")[1] > 0


def test_the_missing_release_notice_is_its_own_cached_page(client, office):
    make_release(office, title="New well opens", publish=True)
    plain, _queries = fetch(client, "/ru/offices/uzbekistan/")
    noticed, _queries = fetch(client, "/ru/offices/uzbekistan/?unavailable=ru")
    again, queries = fetch(client, "/ru/offices/uzbekistan/")
    assert "недоступен" not in plain.content.decode()
    assert "Этот материал недоступен на языке: Русский." in noticed.content.decode()
    assert queries == 0 and "недоступен" not in again.content.decode()
