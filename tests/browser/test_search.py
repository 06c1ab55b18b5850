"""The search page in Chromium, in Arabic and English: a reader types in the header's box,
sees marked results in each text's direction, and narrows them by a facet."""

import pytest

from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def releases():
    make_organisation()
    office = make_office("khujand", name={"en": "Khujand office", "ar": "مكتب خجند"})
    for number in range(3):
        release = make_release(
            office,
            title=f"Clean water for village {number + 1}",
            body="A new well gives clean water to the village. «الماء أساس الحياة»",
            publish=True,
        )
        make_text(release, "ar", title=f"مياه نظيفة للقرية رقم {number + 1}", publish=True)
    return office


def test_a_reader_searches_in_english_from_the_header(live_server, page, screenshot_dir, releases):
    page.goto(live_server.url + "/en/")
    page.fill("#search-box-q", "clean wat")
    page.press("#search-box-q", "Enter")
    page.wait_for_url("**/en/search/?q=clean+wat")
    assert page.locator(".search-hit").count() == 3
    assert page.locator(".search-hit mark").first.inner_text() == "Clean"
    assert page.input_value("#search-q") == "clean wat"
    page.screenshot(path=str(screenshot_dir / "search-en.png"), full_page=True)
    page.click(".search-facet a:has-text('Khujand office')")
    assert page.locator(".search-facet .is-selected").first.inner_text() == "Khujand office"


def test_a_reader_searches_in_arabic_and_the_page_runs_right_to_left(
    live_server, page, screenshot_dir, releases
):
    page.goto(live_server.url + "/ar/search/?q=" + "المِيَاه")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    hits = page.locator(".search-hit")
    assert hits.count() >= 3
    arabic = page.locator('.search-hit[lang="ar"]').first
    assert arabic.get_attribute("dir") == "rtl"
    assert "مياه" in arabic.locator("mark").first.inner_text()
    page.screenshot(path=str(screenshot_dir / "search-ar.png"), full_page=True)


def test_a_hopeless_query_says_so_in_the_browser(live_server, page, releases):
    page.goto(live_server.url + "/en/search/?q=%22%2A%28%29%22")
    assert "nothing to search for" in page.inner_text(".search-message")
    assert page.locator(".search-latest li").count() == 3
