"""`communique export-static`: the public site as files, links checked, only changes rewritten."""

import asyncio
import datetime
import os
import re
import threading
import time
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from communique.newsroom import services
from communique.publishing import export, files
from tests.factories import make_release

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(office):
    """A small site: two published releases, one of them translated, and an embargoed one."""
    first = make_release(office, title="New well opens", publish=True)
    make_release(office, title="Clinic opens", publish=True, issue_date=datetime.date(2024, 3, 1))
    services.text_publish(
        services.text_create(release=first, language="ru", title="Новый колодец", body="Текст."),
    )
    embargoed = make_release(office, title="Embargoed budget")
    services.text_publish(embargoed.texts.get(), at=timezone.now() + datetime.timedelta(hours=2))
    return first


def export_to(folder, *args):
    out = StringIO()
    call_command("export-static", str(folder), "--jobs", "1", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_export_holds_every_public_page_feeds_sitemaps_and_assets(site, tmp_path):
    out = tmp_path / "site"
    said = export_to(out, "--live-url", "https://live.example.org")
    assert "Exported" in said
    text = site.texts.get(language="en")
    page = (out / files.file_for(text.get_absolute_url())).read_text()
    assert "New well opens" in page
    assert (out / "ru" / "index.html").exists()
    assert (out / "en" / "feeds" / "releases.rss").exists()
    assert (out / "sitemap.xml").exists()
    assert (out / "static" / "newsroom").is_dir()
    # The comment form posts to the live site.
    assert 'action="https://live.example.org/en/comments/' in page


def test_the_export_holds_every_sitemap_page_the_index_lists(site, tmp_path, monkeypatch):
    from communique.distribution.sitemaps import TextSitemap

    monkeypatch.setattr(TextSitemap, "limit", 1)
    out = tmp_path / "site"
    result = export.export_site(out, jobs=1)
    assert not result.broken
    index = (out / "sitemap.xml").read_text()
    assert "/sitemaps/en-2.xml" in index
    for location in re.findall(r"<loc>([^<]*)</loc>", index):
        assert (out / files.file_for(urlsplit(location).path)).is_file(), location


def test_an_address_a_sitemap_lists_is_checked_like_a_pages_links(site, tmp_path, monkeypatch):
    from communique.publishing import conf

    real = export.render
    missing = f"{conf.site_url().rstrip('/')}/sitemaps/en-99.xml"

    def index_listing_a_missing_page(address, **kwargs):
        response = real(address, **kwargs)
        if address == "/sitemap.xml":
            extra = f"<sitemap><loc>{missing}</loc></sitemap></sitemapindex>"
            response.content = response.content.replace(b"</sitemapindex>", extra.encode())
        return response

    monkeypatch.setattr(export, "render", index_listing_a_missing_page)
    result = export.export_site(tmp_path / "site", jobs=1)
    assert result.broken == [("/sitemap.xml", "/sitemaps/en-99.xml")]


def test_an_embargoed_text_is_nowhere_in_the_export(site, tmp_path):
    out = tmp_path / "site"
    export_to(out)
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".rss", ".atom", ".json"):
            assert "Embargoed budget" not in path.read_text(errors="replace"), path


def test_a_second_export_writes_nothing_new(site, tmp_path):
    out = tmp_path / "site"
    export_to(out)
    again = export_to(out)
    assert " 0 written, 0 removed, 0 assets copied" in again


def test_a_page_gone_since_the_last_export_is_removed(site, tmp_path):
    out = tmp_path / "site"
    export_to(out)
    text = site.texts.get(language="ru")
    page = out / files.file_for(text.get_absolute_url())
    assert page.exists()
    services.text_withdraw(text)
    text.delete()
    export_to(out)
    assert not page.exists()


def test_a_broken_internal_link_fails_the_export_and_names_page_and_link(
    site, tmp_path, monkeypatch
):
    real = export._render_one

    def with_a_broken_link(address, live_url, site_url):
        address, content, digest, links = real(address, live_url, site_url)
        if address == "/en/":
            links = [*links, "/en/releases/999999/nothing-here/"]
        return address, content, digest, links

    monkeypatch.setattr(export, "_render_one", with_a_broken_link)
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("export-static", str(tmp_path / "site"), "--jobs", "1", stderr=err)
    assert raised.value.returncode == 1
    assert "Broken link on /en/: /en/releases/999999/nothing-here/" in err.getvalue()


def test_the_export_runs_in_parallel_processes(site, tmp_path):
    result = export.export_site(tmp_path / "site", jobs=2)
    assert result.pages > 10 and not result.broken


def test_each_render_process_reads_through_a_connection_of_its_own(site, tmp_path, monkeypatch):
    """A connection opened outside an event loop is not the one a close inside a loop sees
    (a test session that drives a browser runs one): the render processes must not share it."""
    from django.db import connection, connections

    seen = tmp_path / "connections"
    render_one = export._render_one

    def noting_the_connection(address, live_url, site_url):
        connection.ensure_connection()
        with seen.open("a") as out:
            out.write(f"{os.getpid()} {id(connection.connection)}\n")
        return render_one(address, live_url, site_url)

    monkeypatch.setattr(export, "_render_one", noting_the_connection)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    found = {}

    async def inside_a_loop():
        try:
            return export.export_site(tmp_path / "site", jobs=2)
        finally:
            connections.close_all()  # those this loop's code sees

    def export_from_a_thread_of_its_own():
        try:
            connection.ensure_connection()  # outside any loop
            found["outside"] = id(connection.connection)
            found["result"] = asyncio.run(inside_a_loop())
        except BaseException as error:  # raised again below, in the test's own thread
            found["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=export_from_a_thread_of_its_own)
    thread.start()
    thread.join()
    if "error" in found:
        raise found["error"]
    result = found["result"]
    assert result.pages > 10 and not result.broken
    used = {tuple(line.split()) for line in seen.read_text().splitlines()}
    processes = {int(pid) for pid, _ in used}
    assert processes and os.getpid() not in processes  # rendered by the render processes
    assert str(found["outside"]) not in {raw for _, raw in used}


def _never_answers(argument):
    time.sleep(3600)


def test_render_processes_that_never_answer_do_not_hang_the_export(site, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "BATCH_SECONDS", 1)
    monkeypatch.setattr(export, "_work_batch", _never_answers)
    result = export.export_site(tmp_path / "site", jobs=2)
    assert result.pages > 10 and not result.broken  # the export rendered them itself
