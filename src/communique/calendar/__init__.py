"""Communiqué's date layer: every Hijri date computed from the Gregorian one, never typed.

Pure Python on hijridate (the Umm al-Qura calendar as Saudi Arabia published it,
1343-1500 AH = 1924-08-01 to 2077-11-16), with per-office moon-sighting overrides, names
in ten languages from CLDR, the site's date lines, a parser, and the month-start table
the browser uses to keep the header date current. See docs/calendar.md.
"""

from .command import date_command
from .convert import (
    SUPPORTED_RANGE,
    SUPPORTED_RANGE_TEXT,
    UMM_AL_QURA,
    HijriCalendar,
    HijriDate,
    SupportedRange,
    month_starts,
    to_gregorian,
    to_hijri,
    today,
)
from .errors import (
    CalendarError,
    InvalidHijriDateError,
    OutOfRangeError,
    OverrideError,
    ParseError,
    UnsupportedLanguageError,
)
from .formatting import (
    format_hijri,
    gregorian_line,
    header_line,
    header_table,
    hijri_line,
    to_eastern_digits,
)
from .names import (
    RTL_LANGUAGES,
    SUPPORTED_LANGUAGES,
    gregorian_month_name,
    hijri_era,
    month_name,
    weekday_name,
)
from .parsing import parse_hijri

__all__ = [
    "RTL_LANGUAGES",
    "SUPPORTED_LANGUAGES",
    "SUPPORTED_RANGE",
    "SUPPORTED_RANGE_TEXT",
    "UMM_AL_QURA",
    "CalendarError",
    "HijriCalendar",
    "HijriDate",
    "InvalidHijriDateError",
    "OutOfRangeError",
    "OverrideError",
    "ParseError",
    "SupportedRange",
    "UnsupportedLanguageError",
    "date_command",
    "format_hijri",
    "gregorian_line",
    "gregorian_month_name",
    "header_line",
    "header_table",
    "hijri_era",
    "hijri_line",
    "month_name",
    "month_starts",
    "parse_hijri",
    "to_eastern_digits",
    "to_gregorian",
    "to_hijri",
    "today",
    "weekday_name",
]
