"""Template helpers for the public pages: dual dates, numbers, per-language strings."""

import datetime
import zoneinfo

from django.utils import timezone
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


def record_date(moment: datetime.datetime, office=None, language=None, eastern_digits=False) -> str:
    """A moment on the record (a correction, a withdrawal, a comment) as the day it was in
    the office's zone, in both calendars: `H. 20 Jumada II 1448 · M. Monday, 30 November 2026`.

    The office's own calendar (its month-start overrides) gives the Hijri day; without an
    office, the site's zone and Umm al-Qura.
    """
    language = language or get_language()
    if office is None:
        zone, hijri_calendar = timezone.get_default_timezone(), calendar.UMM_AL_QURA
    else:
        zone, hijri_calendar = zoneinfo.ZoneInfo(office.time_zone), office.calendar
    day = moment.astimezone(zone).date()
    hijri = calendar.hijri_line(
        day, language, calendar=hijri_calendar, eastern_digits=eastern_digits
    )
    gregorian = calendar.gregorian_line(day, language, eastern_digits=eastern_digits)
    return f"{hijri} · {gregorian}"


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
    "record_date": record_date,
    "language_direction": direction,
    "needs_arabic_font": needs_arabic_font,
}
FILTERS = {"translated": translated, "digits": digits}
