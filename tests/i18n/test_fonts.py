"""The Arabic-script font ships with the project and is linked only where a page needs it."""

import datetime
from pathlib import Path

import pytest

from communique.newsroom.languages import has_arabic_script, needs_arabic_font
from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "src/communique/newsroom/static/newsroom"
ARABIC_CSS = "/static/newsroom/arabic.css"


@pytest.fixture
def office():
    make_organisation(name={"en": "Wellspring Relief Network", "ar": "شبكة الينابيع للإغاثة"})
    return make_office("uzbekistan", name={"en": "Uzbekistan Office", "ar": "مكتب أوزبكستان"})


def test_the_font_and_its_licence_ship_with_the_project_and_no_cdn_is_named():
    css = (STATIC / "arabic.css").read_text()
    assert 'url("fonts/noto-naskh-arabic-arabic-wght-normal.woff2")' in css
    assert (STATIC / "fonts/noto-naskh-arabic-arabic-wght-normal.woff2").read_bytes()[:4] == b"wOF2"
    assert "SIL OPEN FONT LICENSE" in (STATIC / "fonts/OFL.txt").read_text()
    for sheet in ("site.css", "arabic.css"):
        text = (STATIC / sheet).read_text()
        assert "http" not in text and "url(//" not in text


def test_arabic_pages_link_the_arabic_font(client, office):
    assert ARABIC_CSS in client.get("/ar/").content.decode()


def test_english_pages_without_arabic_script_do_not(client, office):
    make_release(office, title="New well opens", publish=True)
    html = client.get("/en/").content.decode()
    assert "العربيّة" in html  # the switcher's label alone does not count
    assert ARABIC_CSS not in html
    assert ARABIC_CSS not in client.get("/ru/").content.decode()


def test_an_english_release_quoting_arabic_links_the_arabic_font(client, office):
    release = make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        title="New well opens",
        body="The elder said «الماء أساس الحياة» to the crowd.",
        publish=True,
    )
    assert ARABIC_CSS in client.get(release.texts.get().get_absolute_url()).content.decode()


def test_a_list_with_an_arabic_title_links_the_arabic_font(client, office):
    release = make_release(office, title="New well opens", publish=True)
    make_text(release, "ru", title="Колодец «بئر»", publish=True)
    assert ARABIC_CSS in client.get("/ru/").content.decode()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hello", False),
        ("Привет", False),
        ("oʻzbek", False),
        ("مرحبا", True),
        ("x ١٤٤٥", True),
        ("", False),
        (None, False),
    ],
)
def test_arabic_script_is_recognised(text, expected):
    assert has_arabic_script(text) is expected


def test_arabic_script_languages_need_the_font_whatever_the_content():
    assert needs_arabic_font("ar")
    assert needs_arabic_font("ur")
    assert not needs_arabic_font("en", "hello")


@pytest.mark.parametrize(
    "text",
    ["ﻣﺮﺣﺒﺎ", "ࢠ", "emoji ❤️ and ﷺ"],  # presentation forms, Arabic Extended-A, a ligature
)
def test_rarer_arabic_blocks_are_recognised_too(text):
    assert has_arabic_script(text)


def test_other_scripts_with_the_same_lead_bytes_are_not_arabic():
    assert not has_arabic_script("emoji ❤️ ï ‐ हिन्दी \ufeff")
