"""Month-start overrides for offices in countries that follow local moon sighting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from communique.calendar import (
    SUPPORTED_RANGE,
    UMM_AL_QURA,
    HijriCalendar,
    HijriDate,
    InvalidHijriDateError,
    OutOfRangeError,
    OverrideError,
    header_line,
    month_starts,
    to_gregorian,
    to_hijri,
)

RAMADAN_1447 = (1447, 9)  # Umm al-Qura: 2026-02-18; sighted in Uzbekistan on 2026-02-19


def uzbekistan() -> HijriCalendar:
    return HijriCalendar({RAMADAN_1447: date(2026, 2, 19)}, name="Uzbekistan")


def test_a_date_in_an_overridden_month_counts_from_the_local_start():
    assert to_hijri(date(2026, 2, 19), uzbekistan()) == HijriDate(1447, 9, 1)
    assert to_hijri(date(2026, 2, 19)) == HijriDate(1447, 9, 2)
    assert to_gregorian(1447, 9, 1, uzbekistan()) == date(2026, 2, 19)


def test_the_month_before_an_override_lengthens_and_the_month_itself_shortens():
    calendar = uzbekistan()
    assert (UMM_AL_QURA.month_length(1447, 8), calendar.month_length(1447, 8)) == (29, 30)
    assert (UMM_AL_QURA.month_length(1447, 9), calendar.month_length(1447, 9)) == (30, 29)
    assert to_hijri(date(2026, 2, 18), calendar) == HijriDate(1447, 8, 30)
    with pytest.raises(InvalidHijriDateError, match="Sha'ban 1447: that month has 29 days"):
        to_gregorian(1447, 8, 30)


def test_months_away_from_an_override_keep_umm_al_qura():
    calendar = uzbekistan()
    for day in (date(2026, 1, 19), date(2026, 3, 20), date(2015, 11, 20), date(2060, 1, 1)):
        assert to_hijri(day, calendar) == to_hijri(day)


def test_a_past_date_does_not_move_when_an_office_adds_an_override():
    # The reason there is no global offset: last year's releases keep their Hijri dates.
    release_day = date(2025, 3, 1)
    assert to_hijri(release_day, uzbekistan()) == to_hijri(release_day)


def test_the_header_uses_the_offices_calendar():
    assert header_line(date(2026, 2, 19), "en", uzbekistan()) == (
        "Thursday, 1 Ramadan 1447 | 2026/02/19"
    )
    assert header_line(date(2026, 2, 19), "en") == "Thursday, 2 Ramadan 1447 | 2026/02/19"


def test_month_starts_carry_the_overrides():
    months = month_starts(uzbekistan(), date(2026, 2, 1), date(2026, 3, 1))
    assert months == [(1447, 8, "2026-01-20"), (1447, 9, "2026-02-19")]


def test_an_override_more_than_two_days_off_is_refused_naming_the_month():
    with pytest.raises(OverrideError, match=r"Ramadan 1447: .* 3 days after .*2026-02-18"):
        HijriCalendar({RAMADAN_1447: date(2026, 2, 21)})
    with pytest.raises(OverrideError, match=r"Ramadan 1447: .* 3 days before"):
        HijriCalendar({RAMADAN_1447: date(2026, 2, 15)})


def test_two_days_off_is_accepted_when_the_neighbouring_months_take_it():
    # Sha'ban 1446 two days before Umm al-Qura, Rajab and Ramadan one day before.
    calendar = HijriCalendar(
        {(1446, 7): date(2024, 12, 31), (1446, 8): date(2025, 1, 29), (1446, 9): date(2025, 2, 28)}
    )
    assert UMM_AL_QURA.month_start(1446, 8) == date(2025, 1, 31)
    assert to_hijri(date(2025, 1, 29), calendar) == HijriDate(1446, 8, 1)
    for month in (6, 7, 8, 9):
        assert calendar.month_length(1446, month) in (29, 30)


def test_an_override_that_makes_a_month_31_days_is_refused_naming_it():
    # Ramadan 1447 has 30 days; Shawwal a day late would make it 31.
    with pytest.raises(OverrideError, match=r"^Ramadan 1447 would have 31 days .*Shawwal 1447"):
        HijriCalendar({(1447, 10): date(2026, 3, 21)})


def test_an_override_that_makes_a_month_28_days_is_refused_naming_it():
    # Sha'ban 1447 has 29 days; Ramadan a day early would make it 28.
    with pytest.raises(OverrideError, match=r"^Sha'ban 1447 would have 28 days"):
        HijriCalendar({RAMADAN_1447: date(2026, 2, 17)})


def test_consecutive_overrides_are_checked_together():
    # Shawwal a day late alone makes Ramadan 31 days; with Ramadan a day late too it is 30.
    calendar = HijriCalendar({(1447, 9): date(2026, 2, 19), (1447, 10): date(2026, 3, 21)})
    assert [calendar.month_length(1447, month) for month in (8, 9, 10)] == [30, 30, 29]
    with pytest.raises(OverrideError, match=r"^Ramadan 1447 would have 31 days"):
        HijriCalendar({(1447, 10): date(2026, 3, 21)})


def test_badly_shaped_overrides_are_refused():
    cases = [
        ({(1447, 13): date(2026, 2, 19)}, "months are numbered 1 to 12"),
        ({(1501, 1): date(2077, 11, 17)}, "1343-1500 AH"),
        ({1447: date(2026, 2, 19)}, r"must be \(Hijri year, month\)"),
        ({(1447, 9): "2026-02-19"}, "Ramadan 1447: the start must be a date"),
        ({(1447, 9): datetime(2026, 2, 19)}, "Ramadan 1447: the start must be a date"),
    ]
    for overrides, message in cases:
        with pytest.raises(OverrideError, match=message):
            HijriCalendar(overrides)  # type: ignore[arg-type]


def test_a_calendar_is_an_immutable_value():
    calendar = uzbekistan()
    assert calendar == HijriCalendar({RAMADAN_1447: date(2026, 2, 19)})
    assert calendar != UMM_AL_QURA
    assert hash(calendar) == hash(HijriCalendar({RAMADAN_1447: date(2026, 2, 19)}))
    assert dict(calendar.overrides) == {RAMADAN_1447: date(2026, 2, 19)}
    with pytest.raises(TypeError):
        calendar.overrides[(1447, 10)] = date(2026, 3, 20)  # type: ignore[index]
    assert "2026-02-19" in repr(calendar)


def test_an_override_of_the_first_month_moves_the_start_of_the_range():
    calendar = HijriCalendar({(1343, 1): date(1924, 7, 31)})
    assert calendar.range.first == date(1924, 7, 31)
    assert to_hijri(date(1924, 7, 31), calendar) == HijriDate(1343, 1, 1)
    with pytest.raises(OutOfRangeError, match="1924-07-31 to 2077-11-16"):
        to_hijri(date(1924, 7, 30), calendar)


@st.composite
def local_calendars(draw):
    """A calendar with 1-6 overrides of random months, each within 2 days of Umm al-Qura."""
    months = draw(st.lists(st.integers(0, 158 * 12 - 1), min_size=1, max_size=6, unique=True))
    overrides = {}
    for index in months:
        year, month = 1343 + index // 12, index % 12 + 1
        shift = draw(st.sampled_from([-2, -1, 1, 2]))
        overrides[(year, month)] = UMM_AL_QURA.month_start(year, month) + timedelta(days=shift)
    try:
        return HijriCalendar(overrides)
    except OverrideError:
        assume(False)


@settings(max_examples=300, deadline=None)
@given(local_calendars(), st.dates(min_value=SUPPORTED_RANGE.first, max_value=SUPPORTED_RANGE.last))
def test_with_overrides_a_date_comes_back_from_its_hijri_date(calendar, day):
    assume(calendar.range.first <= day <= calendar.range.last)
    hijri = to_hijri(day, calendar)
    assert to_gregorian(hijri.year, hijri.month, hijri.day, calendar) == day


@settings(max_examples=300, deadline=None)
@given(local_calendars())
def test_with_overrides_only_neighbouring_months_change_and_stay_29_or_30_days(calendar):
    touched = set()
    for year, month in calendar.overrides:
        index = (year - 1343) * 12 + month - 1
        touched.update({index - 1, index})
        assert abs((calendar.month_start(year, month) - UMM_AL_QURA.month_start(year, month)).days) <= 2
    for index in touched - {-1}:
        year, month = 1343 + index // 12, index % 12 + 1
        length = calendar.month_length(year, month)
        assert length == UMM_AL_QURA.month_length(year, month) or length in (29, 30)
    for year, month in [(1343 + i // 12, i % 12 + 1) for i in range(0, 158 * 12, 37)]:
        index = (year - 1343) * 12 + month - 1
        if index not in touched and (year, month) not in calendar.overrides:
            assert calendar.month_start(year, month) == UMM_AL_QURA.month_start(year, month) or (
                index - 1 in touched
            )
