"""Feeds are found: linked from the pages they belong to, and listed on the Follow page."""

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def alternate_feeds(client, url):
    tree = lxml_html.fromstring(client.get(url).content)
    return {
        link.get("href")
        for link in tree.xpath('//head/link[@rel="alternate"][@type]')
        if "feed" in link.get("type") or "rss" in link.get("type") or "atom" in link.get("type")
    }


def test_pages_link_their_own_feeds_and_the_sites(client, site):
    assert alternate_feeds(client, "/en/") == {
        "/en/feeds/releases.rss",
        "/en/feeds/releases.atom",
        "/en/feeds/releases.json",
    }
    office = alternate_feeds(client, "/en/offices/uzbekistan/")
    assert {"/en/feeds/offices/uzbekistan.rss", "/en/feeds/releases.rss"} <= office
    category = alternate_feeds(client, "/ar/categories/water/")
    assert {"/ar/feeds/categories/water.atom", "/ar/feeds/releases.json"} <= category
    release = alternate_feeds(client, site["english"].get_absolute_url())
    assert "/en/feeds/offices/uzbekistan.json" in release


def test_list_pages_offer_their_feeds_and_the_follow_page(client, site):
    page = client.get("/en/categories/water/").content.decode()
    assert 'href="/en/feeds/categories/water.rss"' in page
    assert 'href="/en/feeds/"' in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_follow_page_lists_every_feed_in_the_readers_language(client, site, language):
    response = client.get(f"/{language}/feeds/")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content)
    hrefs = set(tree.xpath("//main//a/@href"))
    for path in (
        "feeds/releases.rss",
        "feeds/offices/uzbekistan.atom",
        "feeds/categories/wells.json",
        "feeds/kinds/statement.rss",
    ):
        assert f"/{language}/{path}" in hrefs
    for link in tree.xpath("//main//a[@type]/@href"):
        assert client.get(link).status_code == 200
    if language == "ar":
        assert "مكتب أوزبكستان" in response.content.decode()
