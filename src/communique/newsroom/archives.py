"""Year archives in both calendars: Hijri years 1343–1500 and Gregorian years 1924–2077 do
not overlap, so one address (`/en/offices/<slug>/<year>/`) takes either."""

import datetime
from dataclasses import dataclass

from communique import calendar
from communique.calendar.convert import FIRST_YEAR, LAST_YEAR

HIJRI_YEARS = range(FIRST_YEAR, LAST_YEAR + 1)  # 1343–1500
GREGORIAN_YEARS = range(calendar.SUPPORTED_RANGE.first.year, calendar.SUPPORTED_RANGE.last.year + 1)


@dataclass(frozen=True)
class ArchiveYear:
    """A year of one calendar, with its span of days and the other calendar's years it meets."""

    year: int
    is_hijri: bool
    first: datetime.date
    last: datetime.date
    other_years: tuple[int, ...]


def is_archive_year(year: int) -> bool:
    return year in HIJRI_YEARS or year in GREGORIAN_YEARS


def archive_year(year: int, hijri_calendar: calendar.HijriCalendar) -> ArchiveYear:
    """The days of a Hijri or Gregorian year (within what the calendar converts)."""
    supported = hijri_calendar.range
    if year in HIJRI_YEARS:
        first = max(hijri_calendar.month_start(year, 1), supported.first)
        if year + 1 in HIJRI_YEARS:
            last = hijri_calendar.month_start(year + 1, 1) - datetime.timedelta(days=1)
        else:
            last = supported.last
        others = range(first.year, last.year + 1)
        return ArchiveYear(year, True, first, last, tuple(others))
    if year not in GREGORIAN_YEARS:
        raise ValueError(f"{year} is neither a Hijri year 1343–1500 nor a Gregorian one 1924–2077")
    first = max(datetime.date(year, 1, 1), supported.first)
    last = min(datetime.date(year, 12, 31), supported.last)
    others = range(hijri_calendar.to_hijri(first).year, hijri_calendar.to_hijri(last).year + 1)
    return ArchiveYear(year, False, first, last, tuple(others))
