"""The date lines in every supported language, names, digits and right-to-left text."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.calendar import (
    SUPPORTED_LANGUAGES,
    SUPPORTED_RANGE,
    HijriDate,
    InvalidHijriDateError,
    UnsupportedLanguageError,
    format_hijri,
    gregorian_line,
    gregorian_month_name,
    header_line,
    hijri_line,
    month_name,
    to_eastern_digits,
    weekday_name,
)
from communique.calendar.names_data import HIJRI_MONTHS

HEADER_DAY = date(2024, 7, 24)  # 18 Muharram 1446
RELEASE_DAY = date(2023, 11, 4)  # 20 Rabi' II 1445

LINES = [
    # (language, header line, release Hijri line, release Gregorian line)
    (
        "ar",
        "الأربعاء، 18 محرم 1446 هـ | 2024/07/24",
        "20 ربيع الآخر 1445 هـ",
        "السبت، 04 نوفمبر 2023 م",
    ),
    (
        "en",
        "Wednesday, 18 Muharram 1446 | 2024/07/24",
        "H. 20 Rabi' II 1445",
        "M. Saturday, 04 November 2023",
    ),
    (
        "ru",
        "Среда, 18 мухаррам 1446 г. х. | 2024/07/24",
        "20 раби-уль-ахир 1445 г. х.",
        "Суббота, 04 ноября 2023 г.",
    ),
    (
        "uz",
        "Chorshanba, 18-Muharram, 1446 (hijriy) | 2024/07/24",
        "20-Rabiʼus soniy, 1445 (hijriy)",
        "Shanba, 04-noyabr, 2023",
    ),
    (
        "ky",
        "Шаршемби, 18-Мухаррам 1446-ж. (хижрий) | 2024/07/24",
        "20-Рабиус-сани 1445-ж. (хижрий)",
        "2023-ж., 04-ноябрь, ишемби",
    ),
    (
        "kk",
        "ХЖ 1446 ж. 18 Мұхаррам, сәрсенбі | 2024/07/24",
        "ХЖ 1445 ж. 20 Рабиғул ахир",
        "2023 ж. 04 қараша, сенбі",
    ),
    (
        "tr",
        "Hicri 18 Muharrem 1446 Çarşamba | 2024/07/24",
        "Hicri 20 Rebiülahir 1445",
        "04 Kasım 2023 Cumartesi",
    ),
    (
        "fr",
        "Mercredi 18 mouharram 1446 AH | 2024/07/24",
        "20 rabia ath-thani 1445 AH",
        "Samedi 04 novembre 2023",
    ),
    (
        "id",
        "Rabu, 18 Muharam 1446 H | 2024/07/24",
        "20 Rabiulakhir 1445 H",
        "Sabtu, 04 November 2023 M",
    ),
    (
        "ur",
        "بدھ، 18 محرم، 1446 ہجری | 2024/07/24",
        "20 ربیع الثانی، 1445 ہجری",
        "ہفتہ، 04 نومبر، 2023",
    ),
]


def test_every_supported_language_has_its_lines():
    assert [language for language, *_ in LINES] == list(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize(("lang", "header", "hijri", "gregorian"), LINES)
def test_the_site_lines_read_naturally_in_each_language(lang, header, hijri, gregorian):
    assert header_line(HEADER_DAY, lang) == header
    assert hijri_line(RELEASE_DAY, lang) == hijri
    assert gregorian_line(RELEASE_DAY, lang) == gregorian


def test_the_english_product_examples_come_out_exactly():
    assert header_line(HEADER_DAY) == "Wednesday, 18 Muharram 1446 | 2024/07/24"
    assert hijri_line(RELEASE_DAY) == "H. 20 Rabi' II 1445"
    assert gregorian_line(RELEASE_DAY) == "M. Saturday, 04 November 2023"
    assert format_hijri(HijriDate(1445, 4, 20)) == "20 Rabi' II 1445"
    assert format_hijri(HijriDate(1437, 2, 8)) == "8 Safar 1437"


def test_english_month_names_use_an_ascii_apostrophe():
    assert month_name(4, "en") == "Rabi' II"
    assert [name for name in HIJRI_MONTHS["en"] if "ʻ" in name] == []


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_each_language_has_twelve_distinct_month_names(lang):
    names = [month_name(month, lang) for month in range(1, 13)]
    assert len(set(names)) == 12
    assert all(name.strip() == name and name for name in names)


def test_kyrgyz_has_its_own_month_names_not_cldrs_english_fallback():
    assert month_name(9, "ky") == "Рамазан"
    assert set(HIJRI_MONTHS["ky"]).isdisjoint(HIJRI_MONTHS["en"])


def test_arabic_month_names_are_cldrs():
    assert [month_name(month, "ar") for month in (1, 4, 5, 12)] == [
        "محرم",
        "ربيع الآخر",
        "جمادى الأولى",
        "ذو الحجة",
    ]


def test_weekday_and_gregorian_month_names_come_from_babel():
    assert weekday_name(HEADER_DAY, "en") == "Wednesday"
    assert weekday_name(HEADER_DAY, "ar") == "الأربعاء"
    assert weekday_name(HEADER_DAY, "ky") == "шаршемби"
    assert weekday_name(HEADER_DAY, "uz") == "chorshanba"


def test_russian_takes_the_genitive_month_after_a_day_number():
    assert gregorian_month_name(11, "ru") == "ноября"
    assert gregorian_month_name(11, "ru", standalone=True) == "ноябрь"
    assert "20 ноября 2023" in gregorian_line(date(2023, 11, 20), "ru")


def test_arabic_can_use_eastern_arabic_digits():
    assert header_line(HEADER_DAY, "ar", eastern_digits=True) == (
        "الأربعاء، ١٨ محرم ١٤٤٦ هـ | ٢٠٢٤/٠٧/٢٤"
    )
    assert hijri_line(RELEASE_DAY, "ar", eastern_digits=True) == "٢٠ ربيع الآخر ١٤٤٥ هـ"
    assert gregorian_line(RELEASE_DAY, "ar", eastern_digits=True) == "السبت، ٠٤ نوفمبر ٢٠٢٣ م"
    assert format_hijri(HijriDate(1445, 4, 20), "ar", eastern_digits=True) == ("٢٠ ربيع الآخر ١٤٤٥")


def test_urdu_eastern_digits_are_urdus_own_forms():
    assert hijri_line(RELEASE_DAY, "ur", eastern_digits=True) == "۲۰ ربیع الثانی، ۱۴۴۵ ہجری"


def test_eastern_digits_leave_latin_and_cyrillic_pages_alone():
    # One office setting serves all of its languages.
    assert header_line(HEADER_DAY, "en", eastern_digits=True) == header_line(HEADER_DAY, "en")
    assert hijri_line(RELEASE_DAY, "ru", eastern_digits=True) == hijri_line(RELEASE_DAY, "ru")


def test_to_eastern_digits_converts_only_digits():
    assert to_eastern_digits("No: 1445 / 03") == "No: ١٤٤٥ / ٠٣"
    assert to_eastern_digits("2024", "ur") == "۲۰۲۴"


def _first_strong_direction(text: str) -> str:
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("L", "R", "AL"):
            return direction
    return ""


@pytest.mark.parametrize("lang", ["ar", "ur"])
@pytest.mark.parametrize("eastern", [False, True])
def test_right_to_left_lines_hold_together_in_right_to_left_text(lang, eastern):
    lines = [
        header_line(HEADER_DAY, lang, eastern_digits=eastern),
        hijri_line(RELEASE_DAY, lang, eastern_digits=eastern),
        gregorian_line(RELEASE_DAY, lang, eastern_digits=eastern),
    ]
    for line in lines:
        # dir="auto" and <bdi> pick right-to-left from the first strong letter...
        assert _first_strong_direction(line) in ("R", "AL")
        # ...and no invisible direction marks are needed (none would survive copy-paste).
        assert not any(unicodedata.category(char) == "Cf" for char in line)
    # The Gregorian date is one number run (digit, slash, digit: no spaces), so it is not
    # reordered into 24/07/2024 inside right-to-left text.
    assert lines[0].endswith(
        " | ٢٠٢٤/٠٧/٢٤"
        if eastern and lang == "ar"
        else " | ۲۰۲۴/۰۷/۲۴"
        if eastern
        else " | 2024/07/24"
    )


def test_an_unsupported_language_is_refused_with_the_list():
    with pytest.raises(UnsupportedLanguageError, match="'de'; expected one of ar, en, ru"):
        header_line(HEADER_DAY, "de")
    with pytest.raises(UnsupportedLanguageError):
        month_name(1, "uz-Cyrl")


def test_language_tags_with_a_region_or_script_are_accepted():
    assert header_line(HEADER_DAY, "en-GB") == header_line(HEADER_DAY, "en")
    assert month_name(1, "uz_Latn") == month_name(1, "uz")
    assert month_name(1, "AR") == "محرم"


def test_month_name_refuses_month_13():
    with pytest.raises(InvalidHijriDateError, match="1 to 12"):
        month_name(13, "en")


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=SUPPORTED_RANGE.first, max_value=SUPPORTED_RANGE.last),
    st.sampled_from(SUPPORTED_LANGUAGES),
    st.booleans(),
)
def test_every_day_of_the_range_formats_in_every_language(day, lang, eastern):
    for line in (
        header_line(day, lang, eastern_digits=eastern),
        hijri_line(day, lang, eastern_digits=eastern),
        gregorian_line(day, lang, eastern_digits=eastern),
    ):
        assert line and "{" not in line and "  " not in line


def test_the_generated_names_cover_every_supported_language_in_order():
    assert tuple(HIJRI_MONTHS) == SUPPORTED_LANGUAGES
