"""Arabic typography in Chromium, measured: Arabic letters beside Latin words and digits, an
Arabic quotation in English, the switcher's "العربيّة", the release number on a phone; and
screenshots of a corrected and a withdrawn release in Arabic and English."""

import datetime

import pytest

from communique.newsroom import services
from communique.newsroom.models import Correction
from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_BODY = (
    "قال مدير المشروع إن Clean Water Project وصل إلى 1445 أسرة في 12 قرية هذا العام.\n\n"
    "وصلت المياه النظيفة إلى ثلاث قرى هذا الأسبوع."
)
ENGLISH_BODY = (
    "The elder said «الماء أساس الحياة» (water is the basis of life) to the crowd.\n\n"
    "Clean water reached three villages this week."
)

# How tall a sample is drawn, in CSS pixels, in the font an element uses: measured on a canvas
# at 200px for precision, then scaled to the element's size.
INK_HEIGHT = """([selector, sample]) => {
  const style = getComputedStyle(document.querySelector(selector));
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} 200px ${style.fontFamily}`;
  const box = context.measureText(sample);
  return (box.actualBoundingBoxAscent + box.actualBoundingBoxDescent)
    * parseFloat(style.fontSize) / 200;
}"""

# How many lines an element's text is drawn on.
LINES = """(selector) => [...document.querySelectorAll(selector)].map((element) =>
  new Set([...element.getClientRects()].map((rect) => Math.round(rect.top))).size)"""


@pytest.fixture
def releases():
    make_organisation(languages=["ar", "en", "ru"])
    office = make_office(
        "uzbekistan",
        name={
            "en": "Uzbekistan and Karakalpakstan Office",
            "ar": "مكتب أوزبكستان وجمهورية قره قلباقستان",
        },
        signature={
            "en": "Press Office of the Network in Uzbekistan",
            "ar": "المكتب الإعلامي للشبكة في أوزبكستان",
        },
        number_format="{hyear} / {seq:02}",
        time_zone="Asia/Tashkent",
    )
    for day in (datetime.date(2025, 10, 1), datetime.date(2025, 10, 5)):
        make_release(office, issue_date=day, language="ar", publish=True)
    corrected = make_release(
        office,
        issue_date=datetime.date(2025, 11, 4),
        language="ar",
        title="بئر جديدة تجلب المياه النظيفة إلى ثلاث قرى",
        body=ARABIC_BODY,
        kind="statement",
        publish=True,
    )
    english = make_text(corrected, "en", title="New well brings clean water to three villages")
    english.body = ENGLISH_BODY
    english.save()
    services.text_publish(english)
    late = datetime.datetime(2025, 11, 5, 19, 30, tzinfo=datetime.UTC)  # 00:30 in Tashkent
    Correction.objects.create(
        text=corrected.texts.get(language="ar"), note="أربع قرى لا ثلاث.", made_at=late
    )
    Correction.objects.create(text=english, note="Four villages, not three.", made_at=late)

    withdrawn = make_release(
        office,
        issue_date=datetime.date(2025, 11, 6),
        language="ar",
        title="توزيع الحقائب الشتوية في سمرقند",
        body="وزع المتطوعون الحقائب الشتوية.",
        publish=True,
    )
    make_text(withdrawn, "en", title="Winter kits handed out in Samarkand", publish=True)
    for text in withdrawn.texts.all():
        services.text_withdraw(text)
    return {"corrected": corrected, "withdrawn": withdrawn}


def ink(page, selector, sample) -> float:
    return page.evaluate(INK_HEIGHT, [selector, sample])


def open_text(page, live_server, release, language):
    page.goto(live_server.url + release.texts.get(language=language).get_absolute_url())
    page.evaluate("document.fonts.ready")


def test_latin_words_and_digits_in_arabic_text_match_the_arabic_letters(
    live_server, page, releases
):
    open_text(page, live_server, releases["corrected"], "ar")
    paragraph = ".release__body p:first-child"
    # A letter's body against the Latin x-height, an alef against a digit's height.
    assert ink(page, paragraph, "ه") >= 0.9 * ink(page, paragraph, "x")
    assert 0.85 <= ink(page, paragraph, "ا") / ink(page, paragraph, "1") <= 1.2
    # Digits in the number take the weight of the words around them.
    weights = page.evaluate(
        """() => [".dateline__number", ".dateline__number bdi"].map(
          (selector) => getComputedStyle(document.querySelector(selector)).fontWeight)"""
    )
    assert weights[0] == weights[1] == "700"


def test_an_arabic_quotation_in_an_english_text_is_not_visibly_smaller(live_server, page, releases):
    open_text(page, live_server, releases["corrected"], "en")
    paragraph = ".release__body p:first-child"
    assert ink(page, paragraph, "ه") >= 0.9 * ink(page, paragraph, "x")


@pytest.mark.parametrize("address", ["/ru/", "/en/", "/ar/"])
def test_the_switchers_arabic_name_is_as_legible_as_the_others(
    live_server, page, releases, address
):
    page.goto(live_server.url + address)
    page.evaluate("document.fonts.ready")
    arabic = ink(page, ".languages a[hreflang=ar]", "ه")
    latin = ink(page, ".languages a[hreflang=en]", "x")
    assert arabic >= 0.85 * latin, (arabic, latin)
    # ...and it does not push the bar taller than a line of the others.
    heights = page.evaluate(
        """() => ["ar", "en"].map((code) => document
          .querySelector(`.languages a[hreflang=${code}]`).getBoundingClientRect().height)"""
    )
    assert heights[0] <= 1.6 * heights[1]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_release_number_never_breaks_across_lines_on_a_phone(
    live_server, page, releases, language
):
    release = releases["corrected"]
    for width in (320, 360, 390):
        page.set_viewport_size({"width": width, "height": 800})
        open_text(page, live_server, release, language)
        assert page.evaluate(LINES, ".dateline__number") == [1], width
        page.goto(f"{live_server.url}/{language}/")
        lines = page.evaluate(LINES, ".release-card__number")
        assert lines and set(lines) == {1}, (width, lines)


def test_screenshots_of_a_corrected_and_a_withdrawn_release_in_arabic_and_english(
    live_server, page, releases, screenshot_dir
):
    for state in ("corrected", "withdrawn"):
        for language in ("ar", "en"):
            open_text(page, live_server, releases[state], language)
            notice = page.locator(
                ".notice--corrections" if state == "corrected" else ".notice--withdrawn"
            )
            assert notice.is_visible()
            if state == "corrected" and language == "en":
                # Made at 19:30 UTC: already the next day in Tashkent, in both calendars.
                assert "Corrected on H. 15 Jumada I 1447 · M. Thursday, 06 November 2025" in (
                    notice.inner_text()
                )
            path = screenshot_dir / f"release-{state}-{language}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
