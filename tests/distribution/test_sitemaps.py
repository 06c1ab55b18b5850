"""Sitemaps: an index of per-language sitemaps with hreflang alternates, Google News, robots.txt."""

import datetime

import pytest
from django.utils import timezone
from lxml import etree

from communique.newsroom.models import Text
from tests.factories import bulk_published_releases, make_release, make_text

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def test_the_index_lists_one_sitemap_per_enabled_language(client, site):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locations == [
        f"http://testserver/sitemaps/{code}.xml" for code in ("ar", "en", "ru", "uz")
    ]
    for location in locations:
        xml(client, location.removeprefix("http://testserver"))


def test_a_language_sitemap_lists_its_texts_with_alternates_between_translations(client, site):
    root = xml(client, "/sitemaps/en.xml")
    (url,) = root.xpath("//sm:url", namespaces=NS)
    english = "http://testserver" + site["english"].get_absolute_url()
    arabic = "http://testserver" + site["arabic"].get_absolute_url()
    assert url.findtext("sm:loc", namespaces=NS) == english
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in url.xpath("xhtml:link[@rel='alternate']", namespaces=NS)
    }
    assert alternates == {"en": english, "ar": arabic, "x-default": english}
    (arabic_url,) = xml(client, "/sitemaps/ar.xml").xpath("//sm:url", namespaces=NS)
    assert arabic_url.findtext("sm:loc", namespaces=NS) == arabic
    datetime.date.fromisoformat(url.findtext("sm:lastmod", namespaces=NS))


def test_a_text_without_translations_has_no_alternates(client, site):
    lone = make_release(site["office"], title="Lone pump repaired", publish=True)
    root = xml(client, "/sitemaps/en.xml")
    lone_url = "http://testserver" + lone.texts.get().get_absolute_url()
    (url,) = root.xpath(f"//sm:url[sm:loc='{lone_url}']", namespaces=NS)
    assert url.xpath("xhtml:link", namespaces=NS) == []


def test_no_sitemap_lists_an_embargoed_draft_or_withdrawn_text(client, site):
    hidden = [*site["hidden_titles"], site["withdrawn"].title]
    hidden_urls = [text.get_absolute_url() for text in Text.objects.filter(title__in=hidden)]
    for url in ("/sitemap.xml", "/sitemaps/en.xml", "/sitemaps/ar.xml", "/sitemaps/news.xml"):
        body = client.get(url).content.decode()
        for path in hidden_urls:
            assert path not in body, (url, path)


def test_the_news_sitemap_has_the_last_two_days_in_google_news_form(client, site):
    old = make_release(site["office"], title="Old borehole report", publish=True)
    old_text = old.texts.get()
    Text.objects.filter(pk=old_text.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    root = xml(client, "/sitemaps/news.xml")
    entries = {
        url.findtext("sm:loc", namespaces=NS): url for url in root.xpath("//sm:url", namespaces=NS)
    }
    english = entries["http://testserver" + site["english"].get_absolute_url()]
    assert english.findtext("news:news/news:title", namespaces=NS) == "New well opens in Nukus"
    publication = "news:news/news:publication/"
    assert english.findtext(publication + "news:name", namespaces=NS) == "Wellspring Relief Network"
    assert english.findtext(publication + "news:language", namespaces=NS) == "en"
    datetime.datetime.fromisoformat(
        english.findtext("news:news/news:publication_date", namespaces=NS)
    )
    arabic = entries["http://testserver" + site["arabic"].get_absolute_url()]
    assert arabic.findtext(publication + "news:name", namespaces=NS) == "شبكة الينابيع للإغاثة"
    assert "http://testserver" + old_text.get_absolute_url() not in entries


def test_the_news_sitemap_stops_at_a_thousand(client, site, monkeypatch):
    from communique.distribution import sitemaps

    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 1)
    root = xml(client, "/sitemaps/news.xml")
    assert len(root.xpath("//sm:url", namespaces=NS)) == 1


def alternates_by_address(root) -> dict[str, dict[str, str]]:
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.xpath("xhtml:link[@rel='alternate']", namespaces=NS)
        }
        for url in root.xpath("//sm:url", namespaces=NS)
    }


def test_a_sitemap_of_thousands_of_releases_answers_in_a_bounded_number_of_queries(
    client, site, django_assert_max_num_queries
):
    # Every release in English, every other one in Arabic too: 3,001 addresses in English,
    # on two pages. The organisation, the count, the page and the site's context, then the
    # siblings a few hundred releases a query (SQLite's limit of variables): never a query
    # per address.
    releases = bulk_published_releases(site["office"], 3000, translations={"ar": 2})
    found = {}
    for url in ("/sitemaps/en.xml", "/sitemaps/en-2.xml"):
        with django_assert_max_num_queries(10):
            found |= alternates_by_address(xml(client, url))
    assert len(found) == 3001
    base = "http://testserver"
    paired = Text.objects.get(release=releases[0], language="en")
    arabic = Text.objects.get(release=releases[0], language="ar")
    assert found[base + paired.get_absolute_url()] == {
        "en": base + paired.get_absolute_url(),
        "ar": base + arabic.get_absolute_url(),
        "x-default": base + paired.get_absolute_url(),
    }
    lone = Text.objects.get(release=releases[1], language="en")
    assert found[base + lone.get_absolute_url()] == {}
    assert sum(1 for alternates in found.values() if alternates) == 1501


def test_a_long_sitemap_is_split_into_pages_that_the_index_lists(client, site, monkeypatch):
    from communique.distribution.sitemaps import TextSitemap

    monkeypatch.setattr(TextSitemap, "limit", 40)
    bulk_published_releases(site["office"], 100, translations={"ar": 3})
    index = xml(client, "/sitemap.xml")
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    english = [location for location in locations if "/sitemaps/en" in location]
    assert english == [
        "http://testserver/sitemaps/en.xml",
        "http://testserver/sitemaps/en-2.xml",
        "http://testserver/sitemaps/en-3.xml",
    ]
    pages = [
        alternates_by_address(xml(client, location.removeprefix("http://testserver")))
        for location in english
    ]
    assert [len(page) for page in pages] == [40, 40, 21]
    addresses = [address for page in pages for address in page]
    assert len(set(addresses)) == 101
    assert all(page[address] == {} or len(page[address]) == 3 for page in pages for address in page)
    assert client.get("/sitemaps/en-4.xml").status_code == 404
    # The first page has one address: its own.
    assert client.get("/sitemaps/en-1.xml").status_code == 404


def test_a_new_release_joins_the_last_page_and_the_others_keep_what_they_hold(
    client, site, monkeypatch
):
    from communique.distribution.sitemaps import TextSitemap

    monkeypatch.setattr(TextSitemap, "limit", 40)
    bulk_published_releases(site["office"], 60)
    first = client.get("/sitemaps/en.xml").content
    before = alternates_by_address(xml(client, "/sitemaps/en-2.xml"))
    new = make_release(site["office"], title="Newest pump in Khiva", publish=True)
    assert client.get("/sitemaps/en.xml").content == first
    after = alternates_by_address(xml(client, "/sitemaps/en-2.xml"))
    assert set(after) - set(before) == {"http://testserver" + new.texts.get().get_absolute_url()}


def test_the_addresses_django_gave_the_pages_lead_to_their_own(client, site, monkeypatch):
    from communique.distribution.sitemaps import TextSitemap

    monkeypatch.setattr(TextSitemap, "limit", 1)
    bulk_published_releases(site["office"], 1)
    response = client.get("/sitemaps/en.xml?p=2")
    assert response.status_code == 301
    assert response["Location"] == "/sitemaps/en-2.xml"
    assert client.get("/sitemaps/en.xml?p=1")["Location"] == "/sitemaps/en.xml"
    for page in ("3", "0", "x", "²", "9" * 5000, "%00"):
        assert client.get(f"/sitemaps/en.xml?p={page}").status_code == 404


def test_sitemaps_tell_crawlers_not_to_index_them_and_when_they_changed(client, site):
    for url in ("/sitemap.xml", "/sitemaps/en.xml"):
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
        assert response["Last-Modified"]
    empty = client.get("/sitemaps/uz.xml")
    assert empty.status_code == 200  # a language with nothing published: an empty sitemap
    assert etree.fromstring(empty.content).xpath("//sm:url", namespaces=NS) == []


def test_alternates_name_only_public_translations(client, site):
    release = site["release"]
    embargoed = make_text(release, "ru", title="Новый колодец в Нукусе")
    from communique.newsroom import services

    services.text_publish(embargoed, at=timezone.now() + datetime.timedelta(hours=2))
    withdrawn = make_text(release, "uz", title="Nukusda yangi quduq", publish=True)
    services.text_withdraw(withdrawn)
    root = xml(client, "/sitemaps/en.xml")
    english = "http://testserver" + site["english"].get_absolute_url()
    assert set(alternates_by_address(root)[english]) == {"en", "ar", "x-default"}
    for url in ("/sitemaps/en.xml", "/sitemaps/ar.xml", "/sitemaps/ru.xml", "/sitemaps/uz.xml"):
        body = client.get(url).content.decode()
        assert embargoed.get_absolute_url() not in body, url
        assert withdrawn.get_absolute_url() not in body, url


def test_an_arabic_original_is_the_x_default_of_its_english_translation(client, site):
    release = make_release(site["office"], language="ar", title="مدرسة جديدة", publish=True)
    english = make_text(release, "en", title="A new school", publish=True)
    root = xml(client, "/sitemaps/en.xml")
    arabic = release.texts.get(language="ar")
    alternates = alternates_by_address(root)["http://testserver" + english.get_absolute_url()]
    assert alternates["x-default"] == "http://testserver" + arabic.get_absolute_url()


def test_robots_txt_names_the_sitemaps(client, site):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemaps/news.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize(
    "url",
    [
        "/sitemaps/xx.xml",
        "/sitemaps/en.xml?p=99",
        "/sitemaps/en-99.xml",
        "/sitemaps/en-0.xml",
        "/sitemaps/en.xml?p=%00",
        "/sitemaps/en.xml?p=1e999",
    ],
)
def test_sitemaps_that_do_not_exist_are_a_clean_404(client, site, url):
    assert client.get(url).status_code == 404


def test_a_disabled_language_has_no_sitemap(client, site):
    from communique.newsroom.models import Organisation

    Organisation.objects.update(languages=["ar", "en"])
    root = xml(client, "/sitemap.xml")
    assert len(root.xpath("//sm:sitemap", namespaces=NS)) == 2
    assert client.get("/sitemaps/ru.xml").status_code == 404


def test_the_news_sitemap_leaves_out_a_disabled_language(client, site):
    from communique.newsroom.models import Organisation

    russian = make_text(site["release"], "ru", title="Новый колодец в Нукусе", publish=True)
    assert russian.get_absolute_url() in client.get("/sitemaps/news.xml").content.decode()
    Organisation.objects.update(languages=["ar", "en"])
    body = client.get("/sitemaps/news.xml").content.decode()
    assert russian.get_absolute_url() not in body
    assert site["english"].get_absolute_url() in body
