"""The errors of the calendar package: all are ValueErrors, so callers may catch either."""


class CalendarError(ValueError):
    """Base class of every error raised by communique.calendar."""


class OutOfRangeError(CalendarError):
    """A date outside the range the Umm al-Qura table covers (see SUPPORTED_RANGE)."""


class InvalidHijriDateError(CalendarError):
    """A Hijri date that does not exist: month 13, or day 30 of a 29-day month."""


class OverrideError(CalendarError):
    """A month-start override that a calendar refuses (too far off, or a bad month length)."""


class ParseError(CalendarError):
    """A string that is not a Hijri date in any of the accepted forms."""


class UnsupportedLanguageError(CalendarError):
    """A language code outside SUPPORTED_LANGUAGES."""
