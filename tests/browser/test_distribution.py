"""A shared release shows a card, and a reader's browser finds its feeds and its ninjs."""

import datetime
import json

import pytest

from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_release_page_carries_its_card_tags_and_feed_links(live_server, page, screenshot_dir):
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    release = make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        title="New well brings clean water",
        publish=True,
    )
    make_text(release, "ar", title="بئر جديدة تجلب المياه النظيفة", publish=True)
    text = release.texts.get(language="en")

    page.goto(live_server.url + text.get_absolute_url())
    head = page.locator("head")
    assert head.locator('meta[property="og:title"]').get_attribute("content") == (
        "New well brings clean water"
    )
    assert head.locator('meta[property="og:type"]').get_attribute("content") == "article"
    assert head.locator('meta[property="og:locale:alternate"]').get_attribute("content") == "ar_AR"
    assert head.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
    canonical = head.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == live_server.url + text.get_absolute_url()
    article = json.loads(head.locator('script[type="application/ld+json"]').text_content())
    assert article["@type"] == "NewsArticle" and article["identifier"] == "1445 / 01"
    feeds = head.locator('link[rel="alternate"][type="application/atom+xml"]')
    hrefs = [feeds.nth(index).get_attribute("href") for index in range(feeds.count())]
    assert hrefs == ["/en/feeds/offices/uzbekistan.atom", "/en/feeds/releases.atom"]

    ninjs = head.locator('link[rel="alternate"][title="ninjs"]').get_attribute("href")
    response = page.request.get(live_server.url + ninjs)
    assert response.ok and response.json()["headlines"][0]["value"] == "New well brings clean water"
    feed = page.request.get(live_server.url + hrefs[0])
    assert feed.ok and "New well brings clean water" in feed.text()

    page.goto(f"{live_server.url}/en/offices/uzbekistan/")
    page.get_by_role("link", name="All feeds").click()
    page.wait_for_url("**/en/feeds/")
    assert page.locator("h1").inner_text() == "Follow"
    page.screenshot(path=screenshot_dir / "distribution-follow.png", full_page=True)
