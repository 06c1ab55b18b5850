"""Feeds: RSS, Atom and JSON Feed of the site, an office, a category and a kind, per language."""

import datetime
import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from communique.newsroom.models import Correction, Release
from tests.factories import make_release, make_text

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]
SCHEMAS = Path(__file__).parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_urls(language="en"):
    return [
        f"/{language}/feeds/releases.{{fmt}}",
        f"/{language}/feeds/offices/uzbekistan.{{fmt}}",
        f"/{language}/feeds/categories/water.{{fmt}}",
        f"/{language}/feeds/categories/wells.{{fmt}}",
        f"/{language}/feeds/kinds/press-release.{{fmt}}",
    ]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if url.endswith(".json"):
        document = json.loads(response.content)
        return response, document["items"]
    return response, feedparser.parse(response.content).entries


def titles(client, url):
    _response, entries = parse(client, url)
    return [entry["title"] for entry in entries]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_scope_of_every_format_carries_the_published_release(client, site, fmt):
    for url in feed_urls():
        assert titles(client, url.format(fmt=fmt)) == ["New well opens in Nukus"], url


@pytest.mark.parametrize("fmt", FORMATS)
def test_drafts_scheduled_future_and_withdrawn_texts_are_in_no_feed(client, site, fmt):
    for language in ("en", "ar"):
        for url in feed_urls(language):
            body = client.get(url.format(fmt=fmt)).content.decode()
            for hidden in [*site["hidden_titles"], site["withdrawn"].title]:
                assert hidden not in body, (url, hidden)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_an_entry_says_what_the_release_page_says(client, site, fmt):
    page = client.get(site["english"].get_absolute_url()).content.decode()
    _response, (entry,) = parse(client, f"/en/feeds/releases.{fmt}")
    assert entry.link == "http://testserver" + site["english"].get_absolute_url()
    assert entry.release_number == "1445 / 01"
    assert "No: <bdi>1445 / 01</bdi>" in page
    assert entry.release_hijridate == "20 Rabi' II 1445"
    assert entry.release_gregoriandate == "2023-11-04"
    assert entry.release_dateline == (
        "H. 20 Rabi' II 1445 · No: 1445 / 01 · M. Saturday, 04 November 2023"
    )
    assert entry.release_office == "Uzbekistan Office"
    assert entry.author == "Uzbekistan Office"
    assert [tag.term for tag in entry.tags] == ["Wells"]
    body = entry.content[0].value if fmt == "atom" else entry.summary
    assert "Clean water reached <strong>three</strong> villages." in body
    published = site["english"].published_at.replace(microsecond=0)
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == published
    arabic = [link for link in entry.links if link.get("hreflang") == "ar"]
    assert arabic[0].href == "http://testserver" + site["arabic"].get_absolute_url()


def test_the_arabic_feed_is_in_arabic(client, site):
    response, (entry,) = parse(client, "/ar/feeds/releases.atom")
    parsed = feedparser.parse(response.content)
    assert parsed.feed.language == "ar"
    assert entry.title == "افتتاح بئر جديدة في نوكوس"
    assert entry.release_hijridate == "20 ربيع الآخر 1445"
    assert entry.release_office == "مكتب أوزبكستان"
    assert [tag.term for tag in entry.tags] == ["الآبار"]
    english = [link for link in entry.links if link.get("hreflang") == "en"]
    assert english[0].href == "http://testserver" + site["english"].get_absolute_url()


def test_the_json_feed_is_valid_json_feed_1_1_with_the_release_facts(client, site):
    schema = json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text())
    document = json.loads(client.get("/en/feeds/offices/uzbekistan.json").content)
    jsonschema.validate(document, schema)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["language"] == "en"
    (item,) = document["items"]
    assert item["_release"]["number"] == "1445 / 01"
    assert item["_release"]["hijri_date"] == "1445-04-20"
    assert item["_release"]["hijri_date_text"] == "20 Rabi' II 1445"
    assert item["_release"]["translations"][0]["language"] == "ar"
    assert item["language"] == "en"
    assert item["tags"] == ["Wells"]


def test_atom_feeds_have_what_rfc_4287_requires(client, site):
    for language in ("en", "ar"):
        root = etree.fromstring(client.get(f"/{language}/feeds/releases.atom").content)
        assert root.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{name}")) == 1, name
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        entries = root.findall(f"{ATOM}entry")
        assert entries
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, name
            alternates = [
                (link.get("type"), link.get("hreflang"))
                for link in entry.findall(f"{ATOM}link")
                if link.get("rel", "alternate") == "alternate"
            ]
            assert len(alternates) == len(set(alternates))  # one per type and language
            assert entry.find(f"{ATOM}content").get("type") == "html"
            datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)


def test_a_correction_moves_the_entrys_updated_time(client, site):
    later = timezone.now() + datetime.timedelta(minutes=5)
    Correction.objects.create(
        text=site["english"], note="The village count was fixed.", made_at=later
    )
    _response, (entry,) = parse(client, "/en/feeds/releases.atom")
    updated = datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC)
    assert updated == later.replace(microsecond=0)
    assert entry.published_parsed != entry.updated_parsed


@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_answer_conditional_gets(client, site, fmt):
    url = f"/en/feeds/releases.{fmt}"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    make_release(site["office"], title="Second well opens", publish=True)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Second well opens" in changed.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_release_in_a_category_and_its_subcategory_is_one_entry(client, site, fmt):
    make_release(
        site["office"],
        title="Pump house rebuilt",
        categories=[site["wells"], site["water"]],
        publish=True,
    )
    url = f"/en/feeds/categories/water.{fmt}"
    assert titles(client, url) == ["Pump house rebuilt", "New well opens in Nukus"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_entry_names_no_translation_that_is_still_under_embargo(client, site, fmt):
    from communique.newsroom import services

    release = site["english"].release
    embargoed = services.text_create(
        release=release, language="ru", title="Новый колодец в Нукусе", body="Текст."
    )
    services.text_publish(embargoed, at=timezone.now() + datetime.timedelta(hours=2))
    body = client.get(f"/en/feeds/releases.{fmt}").content.decode()
    assert "New well opens in Nukus" in body
    assert "Новый колодец" not in body and "/ru/releases/" not in body
    if fmt == "json":
        (item,) = json.loads(body)["items"]
        assert [t["language"] for t in item["_release"]["translations"]] == ["ar"]


def test_a_feed_of_fifty_entries_takes_as_many_queries_as_a_feed_of_five(client, site):
    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/feeds/categories/water.atom")
        assert response.status_code == 200
        return len(captured), len(feedparser.parse(response.content).entries)

    for _index in range(4):
        release = make_release(site["office"], categories=[site["wells"]], publish=True)
        make_text(release, "ar", publish=True)
    count()  # the process's first request reads the page generation from the database
    small, entries = count()
    assert entries == 5
    for _index in range(50):
        release = make_release(
            site["office"], categories=[site["wells"], site["water"]], publish=True
        )
        make_text(release, "ar", publish=True)
    large, entries = count()
    assert entries == 50
    assert large == small


@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/offices/nowhere.rss",
        "/en/feeds/categories/nowhere.atom",
        "/en/feeds/kinds/gossip.json",
        "/en/feeds/releases.xml",
        "/en/feeds/offices/%27%22%3Cscript%3E.rss",
        "/en/feeds/offices/" + "a" * 10_000 + ".rss",
        "/en/feeds/kinds/%00.json",
    ],
)
def test_feeds_that_do_not_exist_are_a_clean_404(client, site, url):
    assert client.get(url).status_code == 404


def test_feeds_refuse_writes(client, site):
    assert client.post("/en/feeds/releases.rss").status_code == 405


def test_every_kind_has_its_feed(client, site):
    make_release(
        site["office"], title="A statement on wells", kind=Release.Kind.STATEMENT, publish=True
    )
    assert titles(client, "/en/feeds/kinds/statement.rss") == ["A statement on wells"]
    assert titles(client, "/en/feeds/kinds/news.rss") == []
