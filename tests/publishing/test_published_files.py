"""After a change the worker writes exactly the public pages it touched, as files nginx serves."""

import datetime
import gzip
import http.server
import threading

import pytest
from django.utils import timezone

from communique.editorial import services as editorial
from communique.newsroom import services
from communique.newsroom.models import Text
from communique.publishing import files
from communique.publishing.pages import page_map
from communique.publishing.purge import HttpPurge
from communique.publishing.services import (
    changes_publish,
    due_catch_up,
    later_paths,
    later_publish,
    site_publish,
)
from tests.editorial.conftest import make_user
from tests.factories import make_category, make_office, make_release

pytestmark = pytest.mark.django_db(transaction=True)


def page_file(folder, address):
    return folder / files.file_for(address)


@pytest.fixture
def immediate_tasks(settings):
    """The worker's tasks run at once, as the worker would a moment later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_publishing_writes_the_release_and_the_lists_it_shows_on_with_compressed_copies(
    published, office, immediate_tasks
):
    editor = make_user("editor", office=office, role="editor")
    release = make_release(office, title="New well opens")
    editorial.release_publish(release, by=editor)
    text = release.texts.get()
    page = page_file(published, text.get_absolute_url())
    html = page.read_bytes()
    assert "New well opens" in html.decode()
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == html
    if files.brotli is not None:
        assert files.brotli.decompress(page.with_name("index.html.br").read_bytes()) == html
    for address in ("/en/", "/en/offices/uzbekistan/", "/en/feeds/releases.rss", "/sitemap.xml"):
        assert page_file(published, address).exists(), address
    assert "New well opens" in page_file(published, "/en/offices/uzbekistan/").read_text()
    # Nothing left half-written.
    assert not [path for path in published.rglob(".tmp-*")]


def test_a_change_rewrites_only_the_pages_it_touches(published, office):
    other = make_office("samarkand", name={"en": "Samarkand Office"})
    make_release(other, title="Clinic opens", publish=True)
    site_publish()
    release = make_release(office, title="New well opens", publish=True)
    text = release.texts.get()
    report = changes_publish(tags=page_map().text_tags(text))
    assert text.get_absolute_url() == report.written_paths[0]  # the page readers come for first
    assert "/en/offices/uzbekistan/" in report.written_paths
    assert "/en/offices/samarkand/" not in report.written_paths
    assert not any(path.startswith("/ru/") for path in report.written_paths)


def test_an_embargoed_text_has_no_file_until_its_time_comes(published, office, settings):
    release = make_release(office, title="Embargoed budget")
    text = release.texts.get()
    at = timezone.now() + datetime.timedelta(hours=1)
    services.text_publish(text, at=at)
    site_publish()
    assert not page_file(published, text.get_absolute_url()).exists()
    assert "Embargoed budget" not in page_file(published, "/en/").read_text()
    due_catch_up(now=timezone.now())  # the mark is set
    Text.objects.filter(pk=text.pk).update(published_at=timezone.now())  # its time came
    tags = due_catch_up(now=timezone.now() + datetime.timedelta(seconds=1))
    assert f"release:{release.pk}" in tags
    changes_publish(tags=tags)
    assert "Embargoed budget" in page_file(published, text.get_absolute_url()).read_text()


def test_a_withdrawn_release_keeps_a_page_that_says_so(published, office):
    release = make_release(office, title="Wrong figures", publish=True)
    text = release.texts.get()
    services.text_withdraw(text)
    changes_publish(tags=page_map().text_tags(text))
    html = page_file(published, text.get_absolute_url()).read_text()
    assert "withdrawn" in html.lower()
    assert "Wrong figures" not in page_file(published, "/en/").read_text()


def test_pages_no_longer_public_lose_their_files(published, office):
    release = make_release(office, title="Old title", publish=True)
    text = release.texts.get()
    old = page_file(published, text.get_absolute_url())
    site_publish()
    assert old.exists()
    text.title = "New title"
    text.save()
    changes_publish(tags=page_map().text_tags(text))
    assert not old.exists() and not old.with_name("index.html.gz").exists()
    assert page_file(published, text.get_absolute_url()).exists()
    Text.objects.filter(pk=text.pk).update(status=Text.Status.DRAFT)
    changes_publish(tags=page_map().text_tags(text))
    assert not page_file(published, text.get_absolute_url()).exists()


def test_a_shorter_list_loses_its_last_page(published, office, settings):
    settings.COMMUNIQUE_PAGE_SIZE = 1
    first = make_release(office, title="First", publish=True)
    make_release(office, title="Second", publish=True)
    site_publish()
    assert page_file(published, "/en/?page=2").exists()
    services.text_withdraw(first.texts.get())
    changes_publish(tags=page_map().text_tags(first.texts.get()))
    assert not page_file(published, "/en/?page=2").exists()


def sitemap_pages(paths):
    return [path for path in paths if path.startswith("/sitemaps/") and "news" not in path]


def test_a_new_release_rewrites_only_the_last_page_of_its_languages_sitemap(
    published, office, monkeypatch
):
    from communique.distribution.sitemaps import TextSitemap

    monkeypatch.setattr(TextSitemap, "limit", 2)
    releases = [make_release(office, title=f"Pump {n}", publish=True) for n in range(4)]
    site_publish()
    assert page_file(published, "/sitemaps/en-2.xml").exists()
    new = make_release(office, title="Newest pump", publish=True)
    report = changes_publish(tags=page_map().text_tags(new.texts.get()))
    # Pages 1 and 2 hold what they held; the new release opens page 3 (and page 4, past the
    # last, is asked for and has no file).
    assert sitemap_pages(report.written_paths) == ["/sitemaps/en-3.xml"]
    assert "/sitemaps/en.xml" not in page_map().paths(page_map().text_tags(new.texts.get()))
    assert "newest-pump" in page_file(published, "/sitemaps/en-3.xml").read_text()
    assert not page_file(published, "/sitemaps/en-4.xml").exists()
    index = page_file(published, "/sitemap.xml").read_text()
    assert "/sitemaps/en-3.xml" in index
    # One that leaves shifts the pages after its own: they are written again, and the page
    # that is now past the last loses its file.
    services.text_withdraw(releases[1].texts.get())
    report = changes_publish(tags=page_map().text_tags(releases[1].texts.get()))
    assert sitemap_pages(report.written_paths) == ["/sitemaps/en.xml", "/sitemaps/en-2.xml"]
    assert not page_file(published, "/sitemaps/en-3.xml").exists()
    assert "pump-1" not in page_file(published, "/sitemaps/en.xml").read_text()


def test_a_new_translation_rewrites_the_sitemap_page_that_lists_its_original(published, office):
    from tests.factories import make_text

    release = make_release(office, title="New school", publish=True)
    site_publish()
    assert "hreflang" not in page_file(published, "/sitemaps/en.xml").read_text()
    russian = make_text(release, "ru", title="Новая школа", publish=True)
    tags = page_map().text_tags(russian)
    assert {"/sitemaps/ru.xml", "/sitemaps/en.xml"} <= set(page_map().paths(tags))
    changes_publish(tags=tags)
    english = page_file(published, "/sitemaps/en.xml").read_text()
    assert 'hreflang="ru"' in english


def test_a_page_the_worker_finds_not_public_is_no_fault_in_the_log(published, office, client):
    from communique.log import QuietInternalNotFound
    from communique.publishing.render import render
    from tests.console_log import console_log

    with console_log(QuietInternalNotFound) as stream:
        assert render("/sitemaps/en-9.xml").status_code == 404  # past the last page
        assert render("/en/releases/999999/gone/").status_code == 404
        logged_by_the_worker = stream.getvalue()
        assert client.get("/sitemaps/en-9.xml").status_code == 404  # a reader's
    assert logged_by_the_worker == ""
    assert "Not Found: /sitemaps/en-9.xml" in stream.getvalue()


def test_a_deleted_release_is_swept_by_publishing_everything(published, office):
    release = make_release(office, title="Sent by mistake", publish=True)
    address = release.texts.get().get_absolute_url()
    site_publish()
    release.texts.all().delete()
    release.delete()
    site_publish()
    assert not page_file(published, address).exists()


def test_the_map_names_neighbours_year_archives_and_ancestor_categories(office):
    region = make_category("asia", name={"en": "Asia"})
    country = make_category("uzbekistan-region", name={"en": "Uzbekistan"}, parent=region)
    older = make_release(office, title="First well", publish=True)
    newer = make_release(office, title="Second well", publish=True, categories=[country])
    text = newer.texts.get()
    tags = page_map().text_tags(text)
    assert f"text:{older.texts.get().pk}" in tags
    assert {f"category:{region.pk}:en", f"category:{country.pk}:en"} <= tags
    paths = page_map().paths(tags)
    assert older.texts.get().get_absolute_url() in paths
    assert f"/en/offices/uzbekistan/{newer.hijri_year}/" in paths
    assert "/en/categories/asia/" in paths
    assert "/en/search/" not in paths


def test_every_public_page_is_in_the_map(office):
    release = make_release(office, title="New well opens", publish=True)
    draft = make_release(office, title="Not yet")
    paths = set(page_map().all_paths())
    assert release.texts.get().get_absolute_url() in paths
    assert draft.texts.get().get_absolute_url() not in paths
    assert {"/en/", "/ru/", "/en/offices/", "/sitemap.xml", "/en/feeds/"} <= paths


class PurgeLog(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.seen.append((self.path, self.headers.get("Surrogate-Key")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_caching_proxy_is_sent_a_purge_for_each_page_with_the_tags():
    server = http.server.HTTPServer(("127.0.0.1", 0), PurgeLog)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        HttpPurge(f"http://127.0.0.1:{server.server_port}").purge(
            {"release:3", "home:en"}, ["/en/releases/3/wells/", "/en/"]
        )
    finally:
        server.shutdown()
    assert PurgeLog.seen == [
        ("/en/releases/3/wells/", "home:en release:3"),
        ("/en/", "home:en release:3"),
    ]


def test_an_unreachable_proxy_is_logged_not_raised(caplog):
    HttpPurge("http://127.0.0.1:9").purge({"home:en"}, ["/en/"])
    assert "Purge of http://127.0.0.1:9/en/ failed" in caplog.text


def test_publish_all_says_what_it_did(published, office):
    from io import StringIO

    from django.core.management import call_command

    make_release(office, publish=True)
    out = StringIO()
    call_command("publish-all", stdout=out)
    assert "written" in out.getvalue()
    assert page_file(published, "/en/").exists()


def test_the_deeper_pages_of_lists_follow_a_change_in_batches(
    published, office, settings, immediate_tasks, monkeypatch
):
    from communique.publishing import tasks

    monkeypatch.setattr(tasks, "DEEP_BATCH", 2)
    monkeypatch.setattr(tasks, "DEEP_SECONDS", 0)  # and each batch stops after one page
    settings.COMMUNIQUE_PAGE_SIZE = 1
    for title in ("First", "Second", "Third", "Fourth"):
        make_release(office, title=title, publish=True)
    site_publish()
    release = make_release(office, title="Fifth")
    editorial.release_publish(release, by=make_user("editor", office=office, role="editor"))
    # Every page of the home list shifted by one: the last is the oldest release, and the
    # newest leads the first.
    assert "Fifth" in page_file(published, "/en/").read_text()
    assert "Fourth" in page_file(published, "/en/?page=2").read_text()
    assert "First" in page_file(published, "/en/?page=5").read_text()


def test_a_new_change_is_published_before_the_deeper_pages_an_earlier_one_left(
    published, office, settings, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    from communique.publishing import tasks

    settings.COMMUNIQUE_PAGE_SIZE = 1
    earlier = make_release(office, title="Earlier", publish=True)
    make_release(office, title="Older", publish=True)
    DBTaskResult.objects.all().delete()
    tasks.publish_changes.call(sorted(page_map().text_tags(earlier.texts.get())))
    # The release page is written; the lists, feeds and sitemaps are queued, for later.
    assert "Earlier" in page_file(published, earlier.texts.get().get_absolute_url()).read_text()
    assert not page_file(published, "/en/").exists()
    assert not page_file(published, "/sitemaps/en.xml").exists()
    (later,) = DBTaskResult.objects.ready()
    assert later.task_path.endswith("publish_deep_pages") and later.priority == tasks.LATER
    # It carries the pages, listed once, in their order: lists' first pages and feeds first.
    tags, pages = later.args_kwargs["args"]
    assert pages == later_paths(tags) and "/en/" in pages
    assert pages.index("/en/") < min(pages.index("/en/?page=2"), pages.index("/sitemaps/en.xml"))
    newer = make_release(office, title="Newer", publish=True)  # queues its own pages
    # The worker takes the ready tasks in this order: the newer change's before the rest.
    order = [row.task_path.rpartition(".")[2] for row in DBTaskResult.objects.ready()]
    assert order[-1] == "publish_deep_pages" and set(order[:-1]) == {"publish_changes"}
    tags = {tag for row in DBTaskResult.objects.ready()[:1] for tag in row.args_kwargs["args"][0]}
    assert f"release:{newer.pk}" in tags
    # What was left for later is written when its turn comes: the lists' first pages and
    # the feeds first, then their deeper pages and the sitemaps.
    left = later_paths(later.args_kwargs["args"][0])
    total = len(left)
    first = later_publish(left, count=3)
    assert first.written_paths and not [
        path for path in first.written_paths if "?page=" in path or "sitemap" in path
    ]
    # A batch ends when its time is up, after one page at least.
    one = later_publish(left[3:], count=20, seconds=0)
    same_total = len(later_paths(later.args_kwargs["args"][0]))
    assert (one.rendered, same_total) == (1, total)
    # The rest in one batch here: a loaded machine may take over the batch's half second.
    monkeypatch.setattr(tasks, "DEEP_SECONDS", None)
    monkeypatch.setattr(tasks, "DEEP_BATCH", 1000)
    tasks.publish_deep_pages.call(*later.args_kwargs["args"])
    for address in ("/en/", "/en/?page=2", "/en/feeds/releases.rss", "/sitemaps/en.xml"):
        assert page_file(published, address).exists(), address
