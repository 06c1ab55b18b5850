"""The cache is an accelerator: with Redis stopped the site and the newsroom keep working, and
when it comes back (with the pages it held) readers never get an older page."""

import datetime
import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique import cache as resilient_cache
from communique.editorial import services
from communique.newsroom import page_cache
from communique.newsroom.models import Text
from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    # Try the cache again at every call, so a test sees it back the moment it is started.
    monkeypatch.setattr(resilient_cache, "RETRY_SECONDS", 0)


@pytest.fixture
def office():
    make_organisation()
    return make_office("uzbekistan", name={"en": "Uzbekistan Office"})


@pytest.fixture
def editor(office):
    return make_user("uz-editor", office=office, role="editor")


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_every_page_is_served_while_redis_is_stopped_and_one_line_is_logged(
    client, own_redis, office, caplog
):
    release = make_release(office, title="New well opens", publish=True)
    url = release.texts.get().get_absolute_url()
    assert fetch(client, url)[0].status_code == 200  # now in the cache
    own_redis.stop()
    with caplog.at_level(logging.WARNING, logger="communique.cache"):
        for address in (url, "/en/", "/en/offices/uzbekistan/", "/en/offices/"):
            response = client.get(address)
            assert response.status_code == 200, address
    assert "New well opens" in client.get(url).content.decode()
    outages = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
    assert len(outages) == 1


def test_newsroom_writes_succeed_while_redis_is_stopped(client, own_redis, office, editor):
    published = make_release(office, title="Scholarships announced", publish=True)
    draft = make_release(office, title="Pumps delivered")
    own_redis.stop()
    withdrawn = services.text_withdraw(published.texts.get(), by=editor, reason="Wrong figures")
    services.release_publish(draft, by=editor)
    assert Text.objects.get(pk=withdrawn.pk).status == Text.Status.WITHDRAWN
    assert Text.objects.get(release=draft).status == Text.Status.PUBLISHED
    assert "Pumps delivered" in client.get("/en/").content.decode()


def test_a_text_due_while_redis_is_stopped_is_published(own_redis, office, editor):
    release = make_release(office, title="Clinic opens")
    at = timezone.now() + datetime.timedelta(hours=1)
    services.text_schedule(release.texts.get(), by=editor, at=at)
    own_redis.stop()
    published = services.publish_due(now=at + datetime.timedelta(seconds=1))
    assert [text.release_id for text in published] == [release.pk]
    release.refresh_from_db()
    assert release.number is not None


def test_pages_are_fresh_when_redis_comes_back_with_the_pages_it_held(
    client, own_redis, office, editor
):
    release = make_release(office, title="Scholarships announced", publish=True)
    url = release.texts.get().get_absolute_url()
    fetch(client, url)
    fetch(client, "/en/")
    own_redis.stop()  # saved: the old pages and their version come back at start
    services.text_withdraw(release.texts.get(), by=editor, reason="Sent too early")
    own_redis.start()
    page, _queries = fetch(client, url)
    assert "withdrawn" in page.content.decode().lower()
    assert "Scholarships announced" not in fetch(client, "/en/")[0].content.decode()
    # ... and the cache is in use again.
    assert fetch(client, "/en/")[1] == 0


def test_a_process_that_never_saw_the_outage_is_brought_in_step_by_the_worker_round(
    client, own_redis, office, editor
):
    release = make_release(office, title="Scholarships announced", publish=True)
    fetch(client, "/en/")
    own_redis.stop()
    services.text_withdraw(release.texts.get(), by=editor)
    own_redis.start()
    # As if the withdrawal had been made by another process: this one noticed nothing.
    page_cache._process.behind = False
    page_cache._process.recoveries_seen = resilient_cache.health.recovered
    page_cache.sync()  # what the worker does every round
    assert "Scholarships announced" not in fetch(client, "/en/")[0].content.decode()


def test_an_evicted_page_version_never_brings_an_older_page_back(
    client, office, settings, tmp_path
):
    settings.CACHES = {
        "default": {
            "BACKEND": "communique.cache.ResilientFileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    first = make_release(office, title="Old news", publish=True)
    cache.delete(page_cache.VERSION_KEY)  # a cull, before the page is first cached...
    fetch(client, "/en/")
    services.text_withdraw(first.texts.get(), by=make_user("root", superuser=True))
    make_release(office, title="Fresh news", publish=True)
    assert "Fresh news" in fetch(client, "/en/")[0].content.decode()
    cache.delete(page_cache.VERSION_KEY)  # ... and again after the changes
    assert "Fresh news" in fetch(client, "/en/")[0].content.decode()


def test_a_full_or_unwritable_file_cache_is_served_around(client, office, settings, tmp_path):
    folder = tmp_path / "cache"
    folder.write_text("not a folder")  # every read and write of the cache now fails
    settings.CACHES = {
        "default": {"BACKEND": "communique.cache.ResilientFileBasedCache", "LOCATION": str(folder)}
    }
    make_release(office, title="New well opens", publish=True)
    response = client.get("/en/")
    assert response.status_code == 200
    assert "New well opens" in response.content.decode()
