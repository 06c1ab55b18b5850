"""Template helpers for the public pages: dual dates, numbers, per-language strings."""

import datetime

from django.utils.translation import get_language

from communique import calendar
from communique.newsroom.language_fields import pick
from communique.newsroom.languages import direction, needs_arabic_font


def hijri_line(release, language=None, eastern_digits=False) -> str:
    """`H. 20 Rabi' II 1445` for a release (its office's calendar) or a plain date."""
    language = language or get_language()
    if isinstance(release, datetime.date):
        return calendar.hijri_line(release, language, eastern_digits=eastern_digits)
    return calendar.hijri_line(
        release.issue_date,
        language,
        calendar=release.office.calendar,
        eastern_digits=eastern_digits,
    )


def gregorian_line(day: datetime.date, language=None, eastern_digits=False) -> str:
    """`M. Saturday, 04 November 2023`."""
    return calendar.gregorian_line(day, language or get_language(), eastern_digits=eastern_digits)


def short_dual_date(release, language=None, eastern_digits=False) -> str:
    """The compact form used in lists: `20 Rabi' II 1445 · 04/11/2023`."""
    language = language or get_language()
    hijri = calendar.to_hijri(release.issue_date, release.office.calendar)
    text = f"{calendar.format_hijri(hijri, language)} · {release.issue_date:%d/%m/%Y}"
    return calendar.to_eastern_digits(text) if eastern_digits else text


def translated(value, language=None) -> str:
    """The string of a per-language field in the page's language, with a sensible fallback."""
    return pick(value, language or get_language())


def digits(value, eastern_digits=False) -> str:
    text = str(value)
    return calendar.to_eastern_digits(text) if eastern_digits else text


GLOBALS = {
    "hijri_line": hijri_line,
    "gregorian_line": gregorian_line,
    "short_dual_date": short_dual_date,
    "language_direction": direction,
    "needs_arabic_font": needs_arabic_font,
}
FILTERS = {"translated": translated, "digits": digits}
