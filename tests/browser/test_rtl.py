"""Arabic pages in Chromium: the layout mirrors, mixed-direction text keeps its order, the
shipped Arabic font is used; screenshots of the Arabic and English release side by side."""

import base64
import datetime

import pytest

from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_BODY = (
    "قال مدير المشروع: “Clean water for every village” أمام أهالي القرى الثلاث.\n\n"
    "وصلت المياه النظيفة إلى ثلاث قرى هذا الأسبوع."
)
ENGLISH_BODY = (
    "The elder said «الماء أساس الحياة» (water is the basis of life) to the crowd.\n\n"
    "Clean water reached three villages this week."
)

# Where a word is drawn: the box of its first occurrence in the element's text.
WORD_BOX = """([selector, word]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(word);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + word.length);
    const box = range.getBoundingClientRect();
    return {left: box.left, right: box.right, top: box.top};
  }
  return null;
}"""

SHIPPED_FONT_LOADED = """async () => {
  await document.fonts.ready;
  return [...document.fonts].some(
    (face) => face.family.replace(/"/g, "") === "Noto Naskh Arabic" && face.status === "loaded"
  );
}"""


@pytest.fixture
def release_in_two_languages():
    make_organisation(languages=["ar", "en"])
    office = make_office(
        "uzbekistan",
        name={"en": "Uzbekistan Office", "ar": "مكتب أوزبكستان"},
        signature={
            "en": "Press Office of the Network in Uzbekistan",
            "ar": "المكتب الإعلامي للشبكة في أوزبكستان",
        },
        number_format="{hyear} / {seq:02}",
    )
    for day in (datetime.date(2023, 10, 1), datetime.date(2023, 10, 20)):
        make_release(office, issue_date=day, language="ar", publish=True)
    release = make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        language="ar",
        title="بئر جديدة تجلب المياه النظيفة إلى ثلاث قرى",
        body=ARABIC_BODY,
        publish=True,
    )
    english = make_text(release, "en", title="New well brings clean water to three villages")
    english.body = ENGLISH_BODY
    english.save()
    from communique.newsroom import services

    services.text_publish(english)
    return release


def direction(page, selector) -> str:
    script = "(selector) => getComputedStyle(document.querySelector(selector)).direction"
    return page.evaluate(script, selector)


def box(page, selector, word):
    found = page.evaluate(WORD_BOX, [selector, word])
    assert found is not None, f"{word!r} is not in {selector}"
    return found


def test_an_arabic_release_reads_right_to_left_with_mixed_text_in_order(
    live_server, page, screenshot_dir, release_in_two_languages
):
    arabic = release_in_two_languages.texts.get(language="ar")
    page.goto(live_server.url + arabic.get_absolute_url())

    # The whole layout runs right to left.
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    width = page.viewport_size["width"]
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > width / 2  # the site's name sits on the right
    switcher, today = page.locator(".languages"), page.locator(".today")
    assert switcher.bounding_box()["x"] < today.bounding_box()["x"]  # the switcher on the left
    title = page.locator("h1.release__title").bounding_box()
    body = page.locator(".release__body").bounding_box()
    assert abs((title["x"] + title["width"]) - (body["x"] + body["width"])) < 2  # aligned right

    # An English quotation inside Arabic text: the paragraph is Arabic, the quotation LTR.
    paragraph = ".release__body p:first-child"
    assert direction(page, paragraph) == "rtl"
    first_arabic_word = box(page, paragraph, "قال")
    clean, water = box(page, paragraph, "Clean"), box(page, paragraph, "water")
    assert clean["top"] == water["top"] and clean["right"] < water["left"]
    assert first_arabic_word["left"] > water["right"]  # the sentence starts on the right

    # The number keeps its order: 1445 before 03, left to right, inside right-to-left text.
    year, seq = box(page, ".dateline__number bdi", "1445"), box(page, ".dateline__number bdi", "03")
    assert year["right"] < seq["left"]

    # So do a phone number and an English address in the contact block.
    phone = '.contact a[href^="tel:"]'
    assert box(page, phone, "+998")["right"] < box(page, phone, "71")["left"]
    address = ".contact__address"
    assert box(page, address, "12")["right"] < box(page, address, "Example")["left"]
    assert direction(page, '.contact a[href^="https:"]') == "ltr"  # a trailing / stays put

    # The Arabic font is the one shipped with the project.
    assert page.locator('link[href$="newsroom/arabic.css"]').count() == 1
    assert page.evaluate(SHIPPED_FONT_LOADED)


def test_an_english_release_quoting_arabic_stays_left_to_right(
    live_server, page, release_in_two_languages
):
    english = release_in_two_languages.texts.get(language="en")
    page.goto(live_server.url + english.get_absolute_url())

    assert page.evaluate("document.documentElement.dir") == "ltr"
    paragraph = ".release__body p:first-child"
    assert direction(page, paragraph) == "ltr"
    # Inside the English sentence the Arabic quotation runs right to left: its first word
    # is drawn to the right of its last.
    first, last = box(page, paragraph, "الماء"), box(page, paragraph, "الحياة")
    assert first["left"] > last["right"]
    assert box(page, paragraph, "elder")["right"] < last["left"]
    assert page.locator(".translated-mark").inner_text().startswith("(Translated)")
    # The page holds Arabic, so the shipped Arabic font is linked here too.
    assert page.evaluate(SHIPPED_FONT_LOADED)


def test_screenshots_of_the_arabic_and_english_release_side_by_side(
    live_server, page, screenshot_dir, release_in_two_languages
):
    shots = {}
    for code in ("ar", "en"):
        text = release_in_two_languages.texts.get(language=code)
        page.goto(live_server.url + text.get_absolute_url())
        page.evaluate("document.fonts.ready")
        path = screenshot_dir / f"release-{code}.png"
        shots[code] = page.screenshot(path=str(path), full_page=True)

    # The language switcher leads from one to the other.
    english = release_in_two_languages.texts.get(language="en")
    page.goto(live_server.url + english.get_absolute_url())
    page.locator(".languages a[hreflang=ar]").click()
    page.wait_for_url("**/ar/releases/**")
    assert page.locator("h1").inner_text() == "بئر جديدة تجلب المياه النظيفة إلى ثلاث قرى"

    images = "".join(
        f'<img alt="{code}" src="data:image/png;base64,{base64.b64encode(shots[code]).decode()}">'
        for code in ("en", "ar")
    )
    page.set_viewport_size({"width": 2 * 1280 + 24, "height": 900})
    page.set_content(
        '<body style="margin:0;display:flex;gap:24px;align-items:flex-start;background:#888">'
        f"{images}</body>"
    )
    page.wait_for_function("[...document.images].every((image) => image.complete)")
    side_by_side = screenshot_dir / "release-en-ar-side-by-side.png"
    page.screenshot(path=str(side_by_side), full_page=True)
    assert side_by_side.stat().st_size > 10_000
