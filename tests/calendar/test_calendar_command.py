"""`communique date`, as the pure function the Django command calls."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from communique.calendar import HijriCalendar, date_command

# 21:30 UTC on 23 July is already 24 July in Makkah.
EVENING_IN_UTC = datetime(2024, 7, 23, 21, 30, tzinfo=UTC)


def test_no_date_prints_todays_header_line_in_makkah_time():
    assert date_command([], now=EVENING_IN_UTC) == (0, "Wednesday, 18 Muharram 1446 | 2024/07/24")


def test_the_reference_time_zone_can_be_another():
    assert date_command([], tz="UTC", now=EVENING_IN_UTC) == (
        0,
        "Tuesday, 17 Muharram 1446 | 2024/07/23",
    )


def test_a_date_and_a_language():
    assert date_command(["2024-07-24"]) == (0, "Wednesday, 18 Muharram 1446 | 2024/07/24")
    assert date_command(["2024-07-24", "--lang", "ar"]) == (
        0,
        "الأربعاء، 18 محرم 1446 هـ | 2024/07/24",
    )
    assert date_command(["--lang=ru", "2024-07-24"])[1].startswith("Среда, 18 мухаррам")


def test_hijri_prints_the_gregorian_date_in_iso_and_in_words():
    assert date_command(["--hijri", "1445-04-20"]) == (
        0,
        "2023-11-04\nM. Saturday, 04 November 2023",
    )
    assert date_command(["--hijri", "20 Rabi' II 1445", "--lang", "fr"]) == (
        0,
        "2023-11-04\nSamedi 04 novembre 2023",
    )


def test_the_offices_calendar_is_used():
    uzbekistan = HijriCalendar({(1447, 9): date(2026, 2, 19)})
    assert date_command(["2026-02-19"], uzbekistan) == (0, "Thursday, 1 Ramadan 1447 | 2026/02/19")
    assert date_command(["--hijri", "1447-09-01"], uzbekistan)[1].startswith("2026-02-19\n")


def test_help_exits_zero_with_the_usage():
    status, text = date_command(["--help"])
    assert status == 0
    assert text.startswith("usage: communique date [YYYY-MM-DD] [--lang L] [--hijri YYYY-MM-DD]")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["24/07/2024"], "'24/07/2024' is not a date; expected YYYY-MM-DD"),
        (["2024-02-30"], "'2024-02-30': day is out of range for month"),
        (["2099-01-01"], "outside the supported range 1924-08-01 to 2077-11-16"),
        (["--lang", "de"], "unsupported language 'de'; expected one of ar, en"),
        (["--lang"], "--lang needs a value"),
        (["--hijri", "1445-13-01"], "month 13 does not exist"),
        (["--hijri", "30 Jumada I 1445"], "that month has 29 days"),
        (["--hijri", "soon"], "no day or year in 'soon'; expected 1445-04-20"),
        (["--hijri", "1445-04-20", "2023-11-04"], "a Gregorian date or --hijri, not both"),
        (["2024-07-24", "2024-07-25"], "one date only"),
        (["--office", "uz"], "unknown option '--office'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(argv, message):
    status, text = date_command(argv)
    assert status == 2
    assert "\n" not in text
    assert text.startswith("communique date: ")
    assert message in text
