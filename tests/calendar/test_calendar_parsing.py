"""Reading Hijri dates back from what people type and what the site prints."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.calendar import (
    SUPPORTED_LANGUAGES,
    SUPPORTED_RANGE,
    HijriCalendar,
    HijriDate,
    InvalidHijriDateError,
    OutOfRangeError,
    ParseError,
    format_hijri,
    hijri_line,
    parse_hijri,
    to_hijri,
)

RABI_II_20 = HijriDate(1445, 4, 20)


@pytest.mark.parametrize(
    "text",
    [
        "1445-04-20",
        "1445-4-20",
        "1445/04/20",
        "20 Rabi' II 1445",
        "20 Rabiʻ II 1445",  # CLDR's own spelling
        "20 Rabi’ II 1445",
        "20 Rabi II 1445",
        "20 rabi' ii 1445",
        "20 Rabi al-Thani 1445",
        "20 Rabi' al-Thani 1445",
        "20 Rabi' al-Akhir 1445",
        "20 Rabi ul Akhir 1445",
        "20 Rabi' II 1445 AH",
        "H. 20 Rabi' II 1445",
        "20/04/1445 AH",
        "20/04/1445",
        "20.04.1445 H",
        "20 ربيع الآخر 1445 هـ",
        "20 ربيع الآخر 1445هـ",
        "٢٠ ربيع الآخر ١٤٤٥ هـ",
        "20 ربيع الثاني 1445",
        "\u200f20 ربيع الاخر 1445 هـ\u200f",
        "  20 Rabi' II 1445  ",
    ],
)
def test_the_accepted_forms_all_read_as_the_same_date(text):
    assert parse_hijri(text) == RABI_II_20


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("1 Jumada al-Ula 1446", 5),
        ("1 Jumada al-Awwal 1446", 5),
        ("1 Jumada I 1446", 5),
        ("1 Jumada al-Akhirah 1446", 6),
        ("1 Jumada al-Thani 1446", 6),
        ("1 Sha'ban 1446", 8),
        ("1 Shaaban 1446", 8),
        ("1 Ramadhan 1446", 9),
        ("1 Dhu al-Qi'dah 1446", 11),
        ("1 Dhul Hijjah 1446", 12),
        ("1 Dhu'l-H. 1446", 12),
        ("1 ذو القعدة 1446", 11),
        ("1 جمادى الأولى 1446", 5),
        ("1 Ramazan 1446", 9),
        ("1 Rebiülevvel 1446", 3),
        ("1 джумад-уль-ахир 1446", 6),
    ],
)
def test_common_transliterations_and_other_languages_name_the_right_month(text, month):
    assert parse_hijri(text).month == month


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("eastern", [False, True])
def test_what_the_site_prints_reads_back_in_every_language(lang, eastern):
    assert parse_hijri(format_hijri(RABI_II_20, lang, eastern_digits=eastern)) == RABI_II_20
    assert parse_hijri(hijri_line(date(2023, 11, 4), lang, eastern_digits=eastern)) == RABI_II_20


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=SUPPORTED_RANGE.first, max_value=SUPPORTED_RANGE.last),
    st.sampled_from(SUPPORTED_LANGUAGES),
)
def test_any_formatted_date_parses_back(day, lang):
    hijri = to_hijri(day)
    assert parse_hijri(format_hijri(hijri, lang)) == hijri


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no day or year"),
        ("yesterday", "no day or year"),
        ("20 Rabi' II", "not a Hijri date"),
        ("1445", "not a Hijri date"),
        ("20 Brumaire 1445", "unknown Hijri month name"),
        ("20 Rabi' II 1445 1446", "not a Hijri date"),
        ("123 Rajab 1445", "not a Hijri date"),
    ],
)
def test_a_bad_string_says_what_was_expected(text, message):
    with pytest.raises(ParseError, match=message) as error:
        parse_hijri(text)
    assert "expected 1445-04-20, 20/04/1445 AH, or 20 Rabi' II 1445" in str(error.value)


def test_a_non_string_is_a_parse_error():
    with pytest.raises(ParseError, match="as text"):
        parse_hijri(14450420)  # type: ignore[arg-type]


def test_an_impossible_date_names_the_months_real_length():
    with pytest.raises(InvalidHijriDateError, match="Jumada I 1445: that month has 29 days"):
        parse_hijri("30 Jumada al-Ula 1445")
    with pytest.raises(InvalidHijriDateError, match="numbered 1 to 12"):
        parse_hijri("1445-13-01")


def test_the_days_of_a_month_are_the_calendars():
    # Sha'ban 1447 has 29 days in Umm al-Qura, 30 where Ramadan was sighted a day later.
    uzbekistan = HijriCalendar({(1447, 9): date(2026, 2, 19)})
    assert parse_hijri("30 Sha'ban 1447", uzbekistan) == HijriDate(1447, 8, 30)
    with pytest.raises(InvalidHijriDateError, match="29 days"):
        parse_hijri("30 Sha'ban 1447")


def test_a_gregorian_date_is_recognised_as_such():
    with pytest.raises(OutOfRangeError, match="is it a Gregorian date"):
        parse_hijri("2023-11-04")
    with pytest.raises(OutOfRangeError, match="1343-1500 AH"):
        parse_hijri("1 Muharram 1342")
