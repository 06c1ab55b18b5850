"""Conversion on the published Umm al-Qura table: examples, the whole range, other tables."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hijridate import Gregorian, Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.calendar import (
    SUPPORTED_RANGE,
    UMM_AL_QURA,
    CalendarError,
    HijriDate,
    InvalidHijriDateError,
    OutOfRangeError,
    month_starts,
    to_gregorian,
    to_hijri,
    today,
)

FIRST, LAST = SUPPORTED_RANGE
PACKAGE = Path(__file__).resolve().parents[2] / "src" / "communique" / "calendar"

days_in_range = st.dates(min_value=FIRST, max_value=LAST)


def every_day():
    day = FIRST
    while day <= LAST:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("gregorian", "hijri"),
    [
        (date(2024, 7, 24), HijriDate(1446, 1, 18)),  # the header example
        (date(2023, 11, 4), HijriDate(1445, 4, 20)),  # the release example
        (date(2024, 11, 21), HijriDate(1446, 5, 19)),  # 19 Jumada al-Ula 1446
        (date(2015, 11, 20), HijriDate(1437, 2, 8)),  # not "1 Muharram 1360" as once typed
    ],
)
def test_the_product_examples_convert_both_ways(gregorian, hijri):
    assert to_hijri(gregorian) == hijri
    assert to_gregorian(hijri.year, hijri.month, hijri.day) == gregorian
    assert hijri.to_gregorian() == gregorian


def test_the_supported_range_is_the_published_table():
    assert SUPPORTED_RANGE == (date(1924, 8, 1), date(2077, 11, 16))
    assert to_hijri(FIRST) == HijriDate(1343, 1, 1)
    assert to_hijri(LAST) == HijriDate(1500, 12, 30)
    assert str(SUPPORTED_RANGE) == "1924-08-01 to 2077-11-16"


def test_every_day_of_the_range_agrees_with_hijridate():
    for day in every_day():
        expected = Gregorian.fromdate(day).to_hijri().datetuple()
        hijri = to_hijri(day)
        assert (hijri.year, hijri.month, hijri.day) == expected
        assert to_gregorian(*expected) == day


def test_the_first_day_of_every_month_agrees_with_moment_hijri_but_one(moment_hijri_starts):
    assert len(moment_hijri_starts) == (1500 - 1356 + 1) * 12
    differences = {
        month: (start, UMM_AL_QURA.month_start(*month))
        for month, start in moment_hijri_starts.items()
        if UMM_AL_QURA.month_start(*month) != start
    }
    # moment-hijri starts Jumada al-Akhirah 1427 a day early; the published table does not.
    assert differences == {(1427, 6): (date(2006, 6, 26), date(2006, 6, 27))}


def test_icu_agrees_on_every_month_of_1420_to_1450(icu_window_starts):
    assert len(icu_window_starts) == (1450 - 1420 + 1) * 12
    for (year, month), start in icu_window_starts.items():
        assert UMM_AL_QURA.month_start(year, month) == start, (year, month)


def test_icu_differs_on_many_days_outside_1420_to_1450(icu_full_starts):
    """Documents why the browser must not use Intl's islamic-umalqura (docs/calendar.md)."""
    icu = sorted(icu_full_starts.items(), key=lambda item: item[1])
    differing_months = {month for month, start in icu if UMM_AL_QURA.month_start(*month) != start}
    assert differing_months
    assert all(not 1420 <= year <= 1450 for year, _ in differing_months)
    assert len(differing_months) == 740

    differing_days = 0
    index = 0
    for day in every_day():
        while index + 1 < len(icu) and icu[index + 1][1] <= day:
            index += 1
        (year, month), start = icu[index]
        ours = to_hijri(day)
        if (ours.year, ours.month, ours.day) != (year, month, (day - start).days + 1):
            differing_days += 1
    assert 21_000 < differing_days < 23_000  # "about 22,000 days"


def test_published_table_keeps_its_few_28_and_31_day_months():
    assert UMM_AL_QURA.month_length(1343, 9) == 28
    assert UMM_AL_QURA.month_length(1345, 5) == 31
    assert to_hijri(date(1926, 12, 6)) == HijriDate(1345, 5, 31)


@settings(max_examples=300, deadline=None)
@given(days_in_range)
def test_a_gregorian_date_comes_back_from_its_hijri_date(day):
    hijri = to_hijri(day)
    assert to_gregorian(hijri.year, hijri.month, hijri.day) == day


@settings(max_examples=300, deadline=None)
@given(days_in_range.filter(lambda day: day < LAST))
def test_the_next_day_is_the_next_hijri_day(day):
    hijri, following = to_hijri(day), to_hijri(day + timedelta(days=1))
    if following.day == 1:
        assert hijri.day == UMM_AL_QURA.month_length(hijri.year, hijri.month)
        assert (following.year * 12 + following.month) == (hijri.year * 12 + hijri.month) + 1
    else:
        assert (following.year, following.month, following.day) == (
            hijri.year,
            hijri.month,
            hijri.day + 1,
        )


@st.composite
def hijri_dates(draw):
    year = draw(st.integers(1343, 1500))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, UMM_AL_QURA.month_length(year, month)))
    return HijriDate(year, month, day)


@settings(max_examples=300, deadline=None)
@given(hijri_dates())
def test_a_hijri_date_comes_back_from_its_gregorian_date(hijri):
    assert to_hijri(hijri.to_gregorian()) == hijri


def test_a_date_outside_the_range_is_refused_with_the_range():
    for day in (FIRST - timedelta(days=1), LAST + timedelta(days=1), date(1, 1, 1)):
        with pytest.raises(OutOfRangeError, match="1924-08-01 to 2077-11-16"):
            to_hijri(day)


def test_a_hijri_year_outside_the_range_is_refused_with_the_range():
    with pytest.raises(OutOfRangeError, match=r"1501 .*1343-1500 AH"):
        to_gregorian(1501, 1, 1)
    with pytest.raises(OutOfRangeError, match="1343-1500 AH"):
        HijriDate(1342, 12, 29)


def test_day_30_of_a_29_day_month_is_refused_with_the_real_length():
    assert UMM_AL_QURA.month_length(1445, 5) == 29
    with pytest.raises(InvalidHijriDateError, match="Jumada I 1445: that month has 29 days"):
        to_gregorian(1445, 5, 30)


def test_month_13_and_day_0_are_refused():
    with pytest.raises(InvalidHijriDateError, match="numbered 1 to 12"):
        to_gregorian(1445, 13, 1)
    with pytest.raises(InvalidHijriDateError, match="numbered 1 to 12"):
        HijriDate(1445, 13, 1)
    with pytest.raises(InvalidHijriDateError, match="29 or 30 days"):
        HijriDate(1445, 1, 0)
    with pytest.raises(InvalidHijriDateError, match="has 30 days"):
        to_gregorian(1445, 4, 0)


def test_errors_are_value_errors_of_one_family():
    for error in (OutOfRangeError, InvalidHijriDateError):
        assert issubclass(error, CalendarError)
        assert issubclass(error, ValueError)


def test_a_datetime_is_refused_so_the_reference_time_zone_is_chosen():
    with pytest.raises(TypeError, match="reference time zone"):
        to_hijri(datetime(2024, 7, 24, 23, 30, tzinfo=UTC))
    with pytest.raises(TypeError):
        to_hijri("2024-07-24")


def test_hijri_dates_are_small_ordered_immutable_values():
    earlier, later = HijriDate(1445, 4, 20), HijriDate(1445, 12, 1)
    assert earlier < later
    assert sorted([later, earlier]) == [earlier, later]
    assert earlier.isoformat() == "1445-04-20" == str(earlier)
    assert earlier.month_name() == "Rabi' II"
    assert earlier.month_name("ar") == "ربيع الآخر"
    assert {earlier, HijriDate(1445, 4, 20)} == {earlier}
    with pytest.raises(AttributeError):
        earlier.day = 21  # type: ignore[misc]


def test_today_is_the_date_in_the_reference_time_zone_not_the_servers():
    evening_in_utc = datetime(2024, 7, 23, 21, 30, tzinfo=UTC)
    assert today("Asia/Riyadh", evening_in_utc) == date(2024, 7, 24)
    assert today(ZoneInfo("UTC"), evening_in_utc) == date(2024, 7, 23)
    assert today("Asia/Tashkent", evening_in_utc) == date(2024, 7, 24)
    assert isinstance(today("Asia/Riyadh"), date)


def test_today_refuses_an_unknown_zone_and_a_naive_now():
    with pytest.raises(CalendarError, match="unknown time zone 'Mars/Olympus'"):
        today("Mars/Olympus")
    with pytest.raises(CalendarError, match="timezone-aware"):
        today("Asia/Riyadh", datetime(2024, 7, 24, 12, 0))


def test_month_starts_lists_each_month_overlapping_the_window():
    months = month_starts(UMM_AL_QURA, date(2024, 7, 1), date(2024, 9, 1))
    assert months == [(1445, 12, "2024-06-07"), (1446, 1, "2024-07-07"), (1446, 2, "2024-08-05")]
    assert month_starts(UMM_AL_QURA, date(2024, 7, 7), date(2024, 7, 7)) == [
        (1446, 1, "2024-07-07")
    ]


def test_month_starts_is_clipped_to_the_range_and_checks_its_window():
    assert month_starts(UMM_AL_QURA, date(1900, 1, 1), date(1924, 8, 5)) == [
        (1343, 1, "1924-08-01")
    ]
    assert month_starts(UMM_AL_QURA, date(2077, 11, 1), date(2099, 1, 1))[-1] == (
        1500,
        12,
        "2077-10-18",
    )
    with pytest.raises(CalendarError, match="after end"):
        month_starts(UMM_AL_QURA, date(2024, 2, 1), date(2024, 1, 1))
    with pytest.raises(OutOfRangeError, match="supported range"):
        month_starts(UMM_AL_QURA, date(2080, 1, 1), date(2081, 1, 1))


def test_the_package_imports_no_django():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path.name
    code = (
        "import sys, communique.calendar as c; "
        "c.header_line(c.today('Asia/Riyadh'), 'ar'); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parents[1])


def test_hijridate_itself_still_covers_the_range():
    # Guards an upgrade of hijridate that would change the table under us.
    assert Hijri(1343, 1, 1).to_gregorian() == FIRST
    assert Hijri(1500, 12, 30).to_gregorian() == LAST


def test_the_benchmark_runs_and_prints_rates():
    bench = PACKAGE.parents[2] / "bench" / "bench_calendar.py"
    result = subprocess.run(
        [sys.executable, str(bench), "2000"], capture_output=True, text=True, check=True
    )
    assert "to_hijri (Umm al-Qura)" in result.stdout
    assert "to_gregorian (with overrides)" in result.stdout
