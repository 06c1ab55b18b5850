"""`communique date`: the dual date of a day, or the Gregorian date of a Hijri one.

The Django command is a thin wrapper: it resolves --office to the office's HijriCalendar,
passes the organisation's reference time zone as `tz`, calls date_command() with the
remaining arguments, prints the text and exits with the code.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .convert import UMM_AL_QURA, HijriCalendar, today
from .errors import CalendarError
from .formatting import gregorian_line, header_line
from .names import SUPPORTED_LANGUAGES
from .parsing import parse_hijri

REFERENCE_TIME_ZONE = "Asia/Riyadh"
"""The default reference clock ("Makkah time"); the header's date rolls over at its midnight."""

USAGE = (
    "usage: communique date [YYYY-MM-DD] [--lang L] [--hijri YYYY-MM-DD]\n"
    "  Print the dual date line of a Gregorian date (default: today in the reference time\n"
    "  zone), or with --hijri the Gregorian date of a Hijri date.\n"
    f"  Languages: {', '.join(SUPPORTED_LANGUAGES)}."
)
_GREGORIAN = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_command(
    argv: list[str],
    calendar: HijriCalendar = UMM_AL_QURA,
    *,
    tz: str = REFERENCE_TIME_ZONE,
    now: datetime | None = None,
) -> tuple[int, str]:
    """Run `communique date` on argv; return (exit status, text to print).

    Exit status 0 with the header line (or, for --hijri, the ISO Gregorian date and a
    Gregorian date line); 2 with one line saying what is wrong.
    """
    try:
        options = _parse_arguments(argv)
    except _UsageError as error:
        return 2, f"communique date: {error}"
    if options.get("help"):
        return 0, USAGE
    lang = options.get("lang", "en")
    try:
        if "hijri" in options:
            day = parse_hijri(options["hijri"], calendar).to_gregorian(calendar)
            return 0, f"{day.isoformat()}\n{gregorian_line(day, lang)}"
        if "date" in options:
            if not _GREGORIAN.fullmatch(options["date"]):
                return 2, (
                    f"communique date: {options['date']!r} is not a date; "
                    "expected YYYY-MM-DD, e.g. 2024-07-24"
                )
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                return 2, f"communique date: {options['date']!r}: {error}"
        else:
            day = today(tz, now)
        return 0, header_line(day, lang, calendar)
    except CalendarError as error:
        return 2, f"communique date: {error}"


class _UsageError(Exception):
    pass


def _parse_arguments(argv: list[str]) -> dict[str, str]:
    """Read [YYYY-MM-DD] [--lang L] [--hijri DATE] [--help]; --opt=value works too."""
    options: dict[str, str] = {}
    arguments = iter(argv)
    for argument in arguments:
        name, has_value, value = argument.partition("=")
        if argument in ("-h", "--help"):
            options["help"] = "yes"
        elif name in ("--lang", "--hijri"):
            if not has_value:
                value = next(arguments, "")
            if not value:
                raise _UsageError(f"{name} needs a value; see --help")
            options[name[2:]] = value
        elif argument.startswith("-") and not argument[1:2].isdigit():
            raise _UsageError(f"unknown option {argument!r}; see --help")
        elif "date" in options:
            raise _UsageError(f"one date only, got {options['date']!r} and {argument!r}")
        else:
            options["date"] = argument
    if "date" in options and "hijri" in options:
        raise _UsageError("give a Gregorian date or --hijri, not both")
    return options
