"""Hijri <-> Gregorian conversion on the published Umm al-Qura table, with local month starts.

The table is hijridate's (Saudi Arabia's published Umm al-Qura calendar, 1343-1500 AH),
read once into a list of month-start day numbers; a calendar with moon-sighting overrides
is the same list with some starts moved, so every conversion is one bisect.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from types import MappingProxyType
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hijridate import Hijri

from .errors import CalendarError, InvalidHijriDateError, OutOfRangeError, OverrideError
from .names import month_name
from .names_data import HIJRI_MONTHS

FIRST_YEAR = 1343
LAST_YEAR = 1500
MAX_OVERRIDE_DAYS = 2
"""How far a local month start may be from Umm al-Qura's."""
MONTH_LENGTHS = (29, 30)
"""The lengths a month may have once overrides move its start or end."""


def _month_label(year: int, month: int) -> str:
    return f"{HIJRI_MONTHS['en'][month - 1]} {year}"


def _umm_al_qura_starts() -> tuple[int, ...]:
    """Return the ordinal of the first day of every month 1343/1..1500/12, then one past the end."""
    starts = [
        Hijri(year, month, 1).to_gregorian().toordinal()
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for month in range(1, 13)
    ]
    starts.append(starts[-1] + Hijri(LAST_YEAR, 12, 1).month_length())
    return tuple(starts)


_UMM_AL_QURA_STARTS = _umm_al_qura_starts()


class SupportedRange(NamedTuple):
    """An inclusive range of Gregorian dates; str() gives it in both calendars."""

    first: date
    last: date

    def __str__(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


SUPPORTED_RANGE = SupportedRange(
    date.fromordinal(_UMM_AL_QURA_STARTS[0]), date.fromordinal(_UMM_AL_QURA_STARTS[-1] - 1)
)
"""The dates the published Umm al-Qura table covers: 1924-08-01 to 2077-11-16."""

SUPPORTED_RANGE_TEXT = (
    f"{SUPPORTED_RANGE} (1 Muharram {FIRST_YEAR} to 30 Dhu'l-Hijjah {LAST_YEAR} AH)"
)
"""The supported range as error messages give it."""


@dataclass(frozen=True, order=True, slots=True)
class HijriDate:
    """A day of the Hijri calendar; which Gregorian day it is depends on the HijriCalendar.

    The constructor checks what holds in every calendar (year 1343-1500, month 1-12,
    day 1-31: the published table has three 31-day months); a calendar checks the
    month's real length when it converts.
    """

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise OutOfRangeError(
                f"Hijri year {self.year} is outside the supported range "
                f"{FIRST_YEAR}-{LAST_YEAR} AH ({SUPPORTED_RANGE})"
            )
        if not 1 <= self.month <= 12:
            raise InvalidHijriDateError(
                f"month {self.month} does not exist: Hijri months are numbered 1 to 12"
            )
        if not 1 <= self.day <= 31:
            raise InvalidHijriDateError(
                f"day {self.day} does not exist: a Hijri month has 29 or 30 days"
            )

    def __str__(self) -> str:
        return self.isoformat()

    def isoformat(self) -> str:
        """Return the date as YYYY-MM-DD, e.g. "1445-04-20"."""
        return f"{self.year:04}-{self.month:02}-{self.day:02}"

    def month_name(self, lang: str = "en") -> str:
        """Return the name of this date's month in a supported language."""
        return month_name(self.month, lang)

    def to_gregorian(self, calendar: HijriCalendar | None = None) -> date:
        """Return the Gregorian date of this day (Umm al-Qura unless a calendar is given)."""
        return (calendar or UMM_AL_QURA).to_gregorian(self.year, self.month, self.day)


# HijriDate values are the same in every calendar, so conversions share them: one tuple of
# days 1-31 per month, made the first time a month is used (list pages repeat months).
_DAYS_OF_MONTH: list[tuple[HijriDate, ...] | None] = [None] * (len(_UMM_AL_QURA_STARTS) - 1)


def _days_of_month(index: int) -> tuple[HijriDate, ...]:
    year, month = FIRST_YEAR + index // 12, index % 12 + 1
    days = tuple(HijriDate(year, month, day) for day in range(1, 32))
    _DAYS_OF_MONTH[index] = days
    return days


class HijriCalendar:
    """The Umm al-Qura calendar, with the month starts an office saw locally.

    `overrides` maps (Hijri year, month) to the Gregorian date that month began, e.g.
    ``{(1447, 9): date(2026, 2, 19)}``. A date takes the Hijri date of the month it falls
    in, so the month before an override and the overridden month lengthen or shorten; no
    other month moves. An override is refused (OverrideError, naming the month) when it is
    more than 2 days from Umm al-Qura or makes a month shorter than 29 or longer than 30 days.
    """

    __slots__ = ("_first", "_last", "_overrides", "_starts", "name")

    def __init__(
        self,
        overrides: Mapping[tuple[int, int], date] = MappingProxyType({}),
        *,
        name: str = "",
    ) -> None:
        starts = list(_UMM_AL_QURA_STARTS)
        checked: dict[tuple[int, int], date] = {}
        for key, start in overrides.items():
            year, month = _check_override(key, start)
            index = (year - FIRST_YEAR) * 12 + month - 1
            shift = start.toordinal() - _UMM_AL_QURA_STARTS[index]
            if abs(shift) > MAX_OVERRIDE_DAYS:
                umm_al_qura = date.fromordinal(_UMM_AL_QURA_STARTS[index])
                raise OverrideError(
                    f"{_month_label(year, month)}: a start on {start.isoformat()} is "
                    f"{abs(shift)} days {'after' if shift > 0 else 'before'} the Umm al-Qura "
                    f"start ({umm_al_qura.isoformat()}); a local start must be within "
                    f"{MAX_OVERRIDE_DAYS} days of it"
                )
            starts[index] = start.toordinal()
            checked[(year, month)] = start
        _check_month_lengths(starts, checked)
        self._starts = starts
        self._overrides = MappingProxyType(dict(sorted(checked.items())))
        self._first = starts[0]
        self._last = starts[-1] - 1
        self.name = name or ("Umm al-Qura" if not checked else "Umm al-Qura with local months")

    def __repr__(self) -> str:
        overrides = {key: start.isoformat() for key, start in self._overrides.items()}
        return f"HijriCalendar({overrides!r}, name={self.name!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HijriCalendar):
            return NotImplemented
        return self._overrides == other._overrides

    def __hash__(self) -> int:
        return hash(tuple(self._overrides.items()))

    @property
    def overrides(self) -> Mapping[tuple[int, int], date]:
        """The accepted month-start overrides, oldest first (read-only)."""
        return self._overrides

    @property
    def range(self) -> SupportedRange:
        """The Gregorian dates this calendar converts (an override of 1343/1 moves the start)."""
        return SupportedRange(date.fromordinal(self._first), date.fromordinal(self._last))

    def month_start(self, year: int, month: int) -> date:
        """Return the Gregorian date on which a Hijri month begins in this calendar."""
        return date.fromordinal(self._starts[self._month_index(year, month)])

    def month_length(self, year: int, month: int) -> int:
        """Return the number of days of a Hijri month in this calendar."""
        index = self._month_index(year, month)
        return self._starts[index + 1] - self._starts[index]

    def to_hijri(self, day: date) -> HijriDate:
        """Return the Hijri date of a Gregorian date."""
        if not isinstance(day, date) or isinstance(day, datetime):
            raise TypeError(
                f"expected a date, got {type(day).__name__}; for a datetime, take its date "
                "in the reference time zone first (see today())"
            )
        ordinal = day.toordinal()
        if not self._first <= ordinal <= self._last:
            raise OutOfRangeError(
                f"{day.isoformat()} is outside the supported range {self._range_text()}"
            )
        index = bisect_right(self._starts, ordinal) - 1
        days = _DAYS_OF_MONTH[index] or _days_of_month(index)
        return days[ordinal - self._starts[index]]

    def to_gregorian(self, year: int, month: int, day: int) -> date:
        """Return the Gregorian date of a Hijri date; InvalidHijriDateError if it does not exist."""
        index = self._month_index(year, month)
        start = self._starts[index]
        length = self._starts[index + 1] - start
        if not 1 <= day <= length:
            raise InvalidHijriDateError(
                f"day {day} does not exist in {_month_label(year, month)}: "
                f"that month has {length} days"
                + ("" if not self._overrides else f" in the calendar {self.name!r}")
            )
        return date.fromordinal(start + day - 1)

    def month_starts(self, start: date, end: date) -> list[tuple[int, int, str]]:
        """Return (Hijri year, month, "YYYY-MM-DD" of its first day) for each month overlapping
        [start, end], clipped to the supported range; JSON-serialisable."""
        if start > end:
            raise CalendarError(f"start {start.isoformat()} is after end {end.isoformat()}")
        first = max(start.toordinal(), self._first)
        last = min(end.toordinal(), self._last)
        if first > last:
            raise OutOfRangeError(
                f"{start.isoformat()} to {end.isoformat()} is outside the supported range "
                f"{self._range_text()}"
            )
        starts = self._starts
        first_index = bisect_right(starts, first) - 1
        last_index = bisect_right(starts, last) - 1
        return [
            (
                FIRST_YEAR + index // 12,
                index % 12 + 1,
                date.fromordinal(starts[index]).isoformat(),
            )
            for index in range(first_index, last_index + 1)
        ]

    def _month_index(self, year: int, month: int) -> int:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise OutOfRangeError(
                f"Hijri year {year} is outside the supported range {FIRST_YEAR}-{LAST_YEAR} AH "
                f"({self._range_text()})"
            )
        if not 1 <= month <= 12:
            raise InvalidHijriDateError(
                f"month {month} does not exist: Hijri months are numbered 1 to 12"
            )
        return (year - FIRST_YEAR) * 12 + month - 1

    def _range_text(self) -> str:
        if self._first == _UMM_AL_QURA_STARTS[0]:
            return SUPPORTED_RANGE_TEXT
        return f"{self.range} ({FIRST_YEAR}-{LAST_YEAR} AH)"


def _check_override(key: object, start: object) -> tuple[int, int]:
    """Return the (year, month) of an override after checking its types and range."""
    if (
        not isinstance(key, tuple)
        or len(key) != 2
        or not all(isinstance(part, int) and not isinstance(part, bool) for part in key)
    ):
        raise OverrideError(f"an override key must be (Hijri year, month), got {key!r}")
    year, month = key
    if not 1 <= month <= 12:
        raise OverrideError(f"override for month {month} of {year}: months are numbered 1 to 12")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OverrideError(
            f"override for month {month} of {year}: the supported years are "
            f"{FIRST_YEAR}-{LAST_YEAR} AH"
        )
    if not isinstance(start, date) or isinstance(start, datetime):
        raise OverrideError(f"{_month_label(year, month)}: the start must be a date, got {start!r}")
    return year, month


def _check_month_lengths(starts: list[int], overrides: Mapping[tuple[int, int], date]) -> None:
    """Refuse overrides that make a month shorter than 29 or longer than 30 days."""
    touched: set[int] = set()
    for year, month in overrides:
        index = (year - FIRST_YEAR) * 12 + month - 1
        touched.update({index - 1, index} - {-1})
    for index in sorted(touched):
        length = starts[index + 1] - starts[index]
        published = _UMM_AL_QURA_STARTS[index + 1] - _UMM_AL_QURA_STARTS[index]
        if length == published or length in MONTH_LENGTHS:
            continue
        year, month = FIRST_YEAR + index // 12, index % 12 + 1
        causes = [
            _month_label(FIRST_YEAR + i // 12, i % 12 + 1)
            for i in (index, index + 1)
            if (FIRST_YEAR + i // 12, i % 12 + 1) in overrides
        ]
        raise OverrideError(
            f"{_month_label(year, month)} would have {length} days "
            f"({date.fromordinal(starts[index]).isoformat()} to "
            f"{date.fromordinal(starts[index + 1] - 1).isoformat()}) with the local start of "
            f"{' and '.join(causes)}; a month has {MONTH_LENGTHS[0]} or {MONTH_LENGTHS[1]} days"
        )


UMM_AL_QURA = HijriCalendar()
"""The published Umm al-Qura calendar, with no local overrides."""


def to_hijri(d: date, calendar: HijriCalendar = UMM_AL_QURA) -> HijriDate:
    """Return the Hijri date of a Gregorian date."""
    return calendar.to_hijri(d)


def to_gregorian(year: int, month: int, day: int, calendar: HijriCalendar = UMM_AL_QURA) -> date:
    """Return the Gregorian date of a Hijri date."""
    return calendar.to_gregorian(year, month, day)


def month_starts(calendar: HijriCalendar, start: date, end: date) -> list[tuple[int, int, str]]:
    """Return (Hijri year, month, "YYYY-MM-DD") for each month overlapping [start, end]."""
    return calendar.month_starts(start, end)


def today(tz: str | tzinfo, now: datetime | None = None) -> date:
    """Return the Gregorian date in a time zone (now, or at an aware `now`)."""
    if isinstance(tz, str):
        try:
            zone: tzinfo = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise CalendarError(f"unknown time zone {tz!r}; expected e.g. 'Asia/Riyadh'") from error
    else:
        zone = tz
    if now is None:
        return datetime.now(zone).date()
    if now.tzinfo is None or now.utcoffset() is None:
        raise CalendarError("`now` must be timezone-aware, e.g. datetime.now(timezone.utc)")
    return now.astimezone(zone).date()
