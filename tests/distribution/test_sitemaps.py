"""Sitemaps: an index of per-language sitemaps with hreflang alternates, Google News, robots.txt."""

import datetime

import pytest
from django.utils import timezone
from lxml import etree

from communique.newsroom.models import Text
from tests.factories import make_release

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
