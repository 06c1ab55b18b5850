"""Month-start overrides for offices in countries that follow local moon sighting."""

from __future__ import annotations

from datetime import date, datetime

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
    # Shawwal a day late alone makes Ramadan 31 days; with Ramadan a day late too it is 30,
    # and Dhu'l-Qi'dah a day late keeps Shawwal at 29.
    calendar = HijriCalendar(
        {(1447, 9): date(2026, 2, 19), (1447, 10): date(2026, 3, 21), (1447, 11): date(2026, 4, 19)}
    )
    assert [calendar.month_length(1447, month) for month in (8, 9, 10, 11)] == [30, 30, 29, 29]
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
    calendar = HijriCalendar({(1343, 1): date(1924, 8, 2)})
    assert calendar.range.first == date(1924, 8, 2)
    assert to_hijri(date(1924, 8, 2), calendar) == HijriDate(1343, 1, 1)
    with pytest.raises(OutOfRangeError, match="1924-08-02 to 2077-11-16"):
        to_hijri(date(1924, 8, 1), calendar)


def month_of(index: int) -> tuple[int, int]:
    return 1343 + index // 12, index % 12 + 1


PUBLISHED_STARTS = [UMM_AL_QURA.month_start(*month_of(i)).toordinal() for i in range(158 * 12)]
PUBLISHED_STARTS.append(SUPPORTED_RANGE.last.toordinal() + 1)


@st.composite
def local_calendars(draw):
    """A calendar with 1-8 overrides, each drawn among the shifts of up to 2 days that keep
    the months it touches valid given the overrides before it."""
    indexes = sorted(
        draw(st.lists(st.integers(0, 158 * 12 - 1), min_size=1, max_size=8, unique=True))
    )
    published = PUBLISHED_STARTS
    starts = list(published)

    def acceptable(index: int) -> bool:
        length = starts[index + 1] - starts[index]
        return length == published[index + 1] - published[index] or length in (29, 30)

    overrides = {}
    for index in indexes:
        allowed = []
        for shift in (-2, -1, 1, 2):
            starts[index] = published[index] + shift
            if acceptable(index) and (index == 0 or acceptable(index - 1)):
                allowed.append(shift)
        starts[index] = published[index]
        if allowed:
            starts[index] += draw(st.sampled_from(allowed))
            overrides[month_of(index)] = date.fromordinal(starts[index])
    assume(overrides)
    return HijriCalendar(overrides)


@settings(max_examples=300, deadline=None)
@given(local_calendars(), st.dates(min_value=SUPPORTED_RANGE.first, max_value=SUPPORTED_RANGE.last))
def test_with_overrides_a_date_comes_back_from_its_hijri_date(calendar, day):
    assume(calendar.range.first <= day <= calendar.range.last)
    hijri = to_hijri(day, calendar)
    assert to_gregorian(hijri.year, hijri.month, hijri.day, calendar) == day


@settings(max_examples=100, deadline=None)  # each example checks all 1,896 months
@given(local_calendars())
def test_with_overrides_only_overridden_months_move_and_changed_months_stay_29_or_30(calendar):
    for index in range(158 * 12):
        year, month = month_of(index)
        start = calendar.month_start(year, month)
        published = UMM_AL_QURA.month_start(year, month)
        if (year, month) in calendar.overrides:
            assert start == calendar.overrides[(year, month)]
            assert abs((start - published).days) <= 2
        else:
            assert start == published
        length = calendar.month_length(year, month)
        assert length == UMM_AL_QURA.month_length(year, month) or length in (29, 30)
