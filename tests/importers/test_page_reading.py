"""Finding a release in a saved page by what it says, whatever the markup."""

import datetime

import pytest

from communique.calendar import HijriDate
from communique.importers.pages import NoRelease, PageProblem, read_page

from .conftest import BROKEN, PAGES


def read(path):
    return read_page(path.read_bytes(), source=path.name)


def test_a_k2_translation_gives_every_part_of_the_release():
    found = read(PAGES / "k2/uzbekistan/water-schools-en.html")
    assert found.title == "Water for Twelve Village Schools in the Fergana Valley"
    assert found.office_name == "Uzbekistan"
    assert found.kind_name == "Press Release"
    assert found.number == "1445 / 03"
    assert found.gregorian == datetime.date(2023, 11, 4)
    assert found.written_hijri.date == HijriDate(1445, 4, 20)
    assert found.language == "en"
    assert found.translated
    assert found.signature == "Press Office of the Wellspring Relief Network in Uzbekistan"
    # The release's own category links, not the footer's site-wide list.
    assert found.categories == ["Central Asia", "Water"]


def test_the_body_leaves_the_chrome_behind_and_keeps_the_arabic_quotation():
    found = read(PAGES / "k2/uzbekistan/water-schools-en.html")
    assert "twelve village schools" in found.body_html
    assert "الماء أصل الحياة" in found.body_markdown
    for chrome in ("Leave a comment", "Site Categories", "Time now", "Main menu", "Europe"):
        assert chrome not in found.body_html
    # The signature is the office's, not a paragraph of the body.
    assert "Press Office of the" not in found.body_html


def test_the_body_is_cleaned_by_the_editors_allow_list():
    body = read(PAGES / "k2/uzbekistan/water-schools-en.html").body_html
    assert "<script" not in body and "old tracker" not in body
    assert "javascript:" not in body and "onclick" not in body


def test_a_wordpress_page_in_arabic_with_eastern_arabic_digits():
    found = read(PAGES / "wordpress/water-schools-ar.html")
    assert found.language == "ar"
    assert found.title == "المياه لاثنتي عشرة مدرسة قروية في وادي فرغانة"
    assert found.written_hijri.date == HijriDate(1445, 4, 20)
    assert found.gregorian == datetime.date(2023, 11, 4)
    assert found.number == "1445 / 03"
    assert found.office_name == "أوزبكستان"
    assert found.kind_name == "بيان صحفي"
    assert found.translated
    assert found.categories == ["المياه"]
    assert "اترك تعليقاً" not in found.body_html


def test_a_hand_made_table_page_with_the_date_line_in_one_paragraph():
    found = read(PAGES / "plain/tj-ramadan-food.html")
    assert found.title == "Food parcels before the fasting month"
    assert found.written_hijri.date == HijriDate(1447, 9, 1)
    assert found.gregorian == datetime.date(2026, 2, 19)
    assert found.number == "1447 / 05"
    assert found.office_name == "Tajikistan"
    assert found.kind_name == "Statement"
    assert not found.translated
    assert "Statement" not in found.body_html and "1,200 food parcels" in found.body_html


def test_russian_and_uzbek_month_names_are_read():
    russian = read(PAGES / "k2/central-scholarships-ru.html")
    assert russian.written_hijri.date == HijriDate(1446, 5, 19)
    assert russian.gregorian == datetime.date(2024, 11, 21)
    assert russian.language == "ru" and russian.number is None
    uzbek = read(PAGES / "k2/uzbekistan/water-schools-uz.html")
    assert uzbek.written_hijri.date == HijriDate(1445, 4, 20)
    assert uzbek.gregorian == datetime.date(2023, 11, 4)
    assert uzbek.language == "uz" and not uzbek.translated


def test_the_capture_day_in_the_header_is_not_taken_for_the_release_date():
    found = read(PAGES / "k2/kg-winter-fuel.html")
    assert found.gregorian == datetime.date(2015, 11, 20)
    assert found.written_hijri.text == "1 Muharram 1360"
    # "Press Office" alone names no office; the signature does.
    assert found.office_name == "Kyrgyzstan"


def test_a_page_without_a_release_says_so():
    with pytest.raises(NoRelease, match="no release on this page"):
        read(PAGES / "plain/index.html")


def test_a_page_with_a_hijri_date_and_no_gregorian_one_holds_no_release():
    page = b"<html><body><h1>Notes</h1><p>H. 20 Rabi' II 1445</p><p>Some text.</p></body></html>"
    with pytest.raises(NoRelease, match="no Gregorian date"):
        read_page(page, source="notes.html")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("kg-truncated.html", "truncated"),
        ("photo.html", "binary"),
        ("empty.html", "empty"),
    ],
)
def test_unreadable_files_say_why(name, reason):
    with pytest.raises(PageProblem, match=reason):
        read(BROKEN / name)


def test_bidi_controls_and_a_very_long_title_do_not_break_the_reader():
    title = "Water " * 2000
    page = (
        "<html><body><p>\u202bH. 20 Rabi' II 1445\u202c No: 1445 / 03 M. Saturday, 04 November 2023"
        f"</p><h2>{title}</h2><p>Clean water reached three villages &lt;script&gt; this week.</p>"
        "</body></html>"
    ).encode()
    found = read_page(page, source="long.html")
    assert found.written_hijri.date == HijriDate(1445, 4, 20)
    assert found.title.startswith("Water Water")
    assert "<script>" not in found.body_html


def test_a_page_in_windows_1256_is_read_as_its_meta_charset_says():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>آبار جديدة</title></head><body><p>20 ربيع الآخر 1445 هـ</p>"
        "<p>السبت، 04 نوفمبر 2023 م</p><h1>آبار جديدة</h1>"
        "<p>حفر المكتب بئرين جديدتين قرب المدرسة هذا الأسبوع.</p></body></html>"
    ).encode("cp1256")
    found = read_page(page, source="cp1256.html")
    assert found.title == "آبار جديدة"
    assert found.language == "ar"
    assert found.written_hijri.date == HijriDate(1445, 4, 20)
    assert found.gregorian == datetime.date(2023, 11, 4)
