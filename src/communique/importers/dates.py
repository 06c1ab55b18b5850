"""The parts of a release's date line, found by what they say, in any of the site's languages.

`H. 20 Rabi' II 1445   No: 1445 / 03   M. Saturday, 04 November 2023`, its Arabic, Russian
and Uzbek forms, Eastern Arabic digits, and the legacy spellings old archives typed.
Hijri dates are read by `communique.calendar.parse_hijri`; Gregorian month names are
Babel's (CLDR), the same names the site prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import get_month_names

from communique import calendar
from communique.calendar.names import SUPPORTED_LANGUAGES, month_number, name_key

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0640")
)

# Spellings of Hijri months in old Russian- and Uzbek-language archives that CLDR does not
# list; read after the calendar's own names.
LEGACY_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("мухаррам", "мухаррем", "muharram", "muharrem"),
    2: ("сафар", "safar"),
    3: ("раби аль-авваль", "раби-уль-авваль", "раби уль-авваль", "раби аль-уля", "rabiul avval"),
    4: (
        "раби ас-сани",
        "раби аль-ахир",
        "раби-уль-ахир",
        "раби ас-сани",
        "rabiul oxir",
        "rabius soniy",
        "rabiul soniy",
    ),
    5: (
        "джумада аль-уля",
        "джумада аль-авваль",
        "джумада-ль-уля",
        "джумада уль-уля",
        "jumodul avval",
        "jumodul ulo",
        "jumadul avval",
    ),
    6: (
        "джумада ас-сани",
        "джумада аль-ахира",
        "джумада-ль-ахира",
        "джумада ас-сания",
        "jumodus soniy",
        "jumodul oxir",
        "jumadul oxir",
    ),
    7: ("раджаб", "rajab"),
    8: ("шаабан", "шабан", "shaʼbon", "shabon"),
    9: ("рамадан", "рамазан", "ramazon", "ramadan"),
    10: ("шавваль", "шаввал", "shavvol"),
    11: ("зуль-када", "зу-ль-када", "зуль-каада", "zulqada", "zulqaʼda"),
    12: ("зуль-хиджа", "зу-ль-хиджа", "зуль-хиджжа", "zulhijja"),
}

# What marks a date as Hijri or Gregorian in a date line: "H." / "M." before it (and
# their Cyrillic and Uzbek look-alikes), or an era word after it.
_HIJRI_BEFORE = re.compile(r"(?:^|[\s|(])(?:H|Х|Ҳ|X|Һ)\.\s*$")
_HIJRI_AFTER = re.compile(r"^\s*(?:هـ|ه|ھ|AH|A\.H\.|г\.\s*х\.|\(?hijriy\)?|хижрий|H\b)", re.I)
_GREGORIAN_BEFORE = re.compile(r"(?:^|[\s|(])(?:M|М|م)\.\s*(?:[^\W\d_]+[,،]?\s*)?$")
_GREGORIAN_AFTER = re.compile(r"^\s*(?:م\b|م$|г\.|CE|AD|milodiy|мелодий)", re.I)
_HEADER = re.compile(r"\|\s*\d{4}/\d{1,2}/\d{1,2}")
"""The site header's "… | 2024/07/24": today's date, never the release's."""

_NAMED = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:-?(?:го|e|th|st|nd|rd))?[\s.\-]+"
    r"(?P<name>[^\W\d_][^\d|,،:;]{0,30}?)[\s,،.\-]+(?P<year>\d{4})(?!\d)"
)
_NUMERIC_DMY = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})([./\-])(?P<month>\d{1,2})\2(?P<year>\d{4})(?!\d)"
)
_NUMERIC_YMD = re.compile(
    r"(?<!\d)(?P<year>\d{4})([./\-])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?!\d)"
)
_NUMBER = re.compile(
    r"(?:(?<![^\W\d_])(?:No|Nr|N°|№|Номер|Raqam|الرقم|رقم)(?![^\W\d_])|№)\s*[.:]?\s*"
    r"(?P<number>\d{1,4}(?:\s*[/\-.]\s*\d{1,4})?)"
)


def clean_text(text: str) -> str:
    """Text as the recogniser reads it: ASCII digits, no bidi marks, single spaces."""
    return " ".join(text.translate(_DIGITS).translate(_INVISIBLE).split())


@dataclass(frozen=True)
class WrittenHijri:
    """A Hijri date as a page wrote it; `date` is None when it is not a real date."""

    text: str
    date: calendar.HijriDate | None
    problem: str = ""

    @property
    def iso(self) -> str:
        return self.date.isoformat() if self.date else ""


@dataclass(frozen=True)
class WrittenGregorian:
    text: str
    date: date
    languages: frozenset[str]
    """The languages whose month name the date used (empty for numeric dates)."""


@cache
def _gregorian_lookup() -> dict[str, tuple[int, frozenset[str]]]:
    months: dict[str, tuple[int, set[str]]] = {}
    for lang in SUPPORTED_LANGUAGES:
        locale = Locale.parse("uz_Latn" if lang == "uz" else lang)
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    key = name_key(name).rstrip(".")
                    month, langs = months.setdefault(key, (number, set()))
                    if month == number:
                        langs.add(lang)
    return {key: (month, frozenset(langs)) for key, (month, langs) in months.items()}


@cache
def _legacy_lookup() -> dict[str, int]:
    return {
        name_key(name, compact=True): month
        for month, names in LEGACY_MONTHS.items()
        for name in names
    }


def hijri_month(name: str) -> int | None:
    """The Hijri month a name means: the calendar's names first, then legacy spellings."""
    return month_number(name) or _legacy_lookup().get(name_key(name, compact=True))


def gregorian_month(name: str) -> tuple[int, frozenset[str]] | None:
    return _gregorian_lookup().get(name_key(name).rstrip("."))


def read_hijri(day: str, name: str, year: str, written: str) -> WrittenHijri | None:
    """Read a Hijri date from its parts; None if the name is no Hijri month."""
    try:
        return WrittenHijri(written, calendar.parse_hijri(f"{day} {name} {year}"))
    except calendar.InvalidHijriDateError as error:
        month = hijri_month(name)
        return None if month is None else WrittenHijri(written, None, str(error))
    except calendar.OutOfRangeError as error:
        return WrittenHijri(written, None, str(error)) if hijri_month(name) else None
    except calendar.ParseError:
        month = _legacy_lookup().get(name_key(name, compact=True))
        if month is None:
            return None
        try:
            text = f"{int(year):04}-{month:02}-{int(day):02}"
            return WrittenHijri(written, calendar.parse_hijri(text))
        except calendar.CalendarError as error:
            return WrittenHijri(written, None, str(error))


def find_hijri(text: str, *, marked_only: bool = True) -> WrittenHijri | None:
    """The first Hijri date in a cleaned line that is marked as one ("H. …", "… هـ")."""
    if _HEADER.search(text):
        return None
    for match in _NAMED.finditer(text):
        marked = _HIJRI_BEFORE.search(text[: match.start()]) or _HIJRI_AFTER.match(
            text[match.end() :]
        )
        if marked_only and not marked:
            continue
        found = read_hijri(match["day"], match["name"].strip(" .-"), match["year"], match[0])
        if found is not None:
            return found
    for pattern in (_NUMERIC_YMD, _NUMERIC_DMY):
        for match in pattern.finditer(text):
            if _HIJRI_BEFORE.search(text[: match.start()]) or _HIJRI_AFTER.match(
                text[match.end() :]
            ):
                iso = f"{int(match['year']):04}-{int(match['month']):02}-{int(match['day']):02}"
                try:
                    return WrittenHijri(match[0], calendar.parse_hijri(iso))
                except calendar.CalendarError as error:
                    return WrittenHijri(match[0], None, str(error))
    return None


def find_gregorian(text: str) -> WrittenGregorian | None:
    """The first Gregorian date in a cleaned line: a named month, or digits marked "M."."""
    if _HEADER.search(text):
        return None
    for match in _NAMED.finditer(text):
        found = gregorian_month(match["name"].strip(" .-"))
        if found is None:
            continue
        month, langs = found
        try:
            return WrittenGregorian(
                match[0], date(int(match["year"]), month, int(match["day"])), langs
            )
        except ValueError:
            continue
    for pattern in (_NUMERIC_YMD, _NUMERIC_DMY):
        for match in pattern.finditer(text):
            before, after = text[: match.start()], text[match.end() :]
            if _GREGORIAN_BEFORE.search(before) or _GREGORIAN_AFTER.match(after):
                try:
                    day = date(int(match["year"]), int(match["month"]), int(match["day"]))
                except ValueError:
                    continue
                return WrittenGregorian(match[0], day, frozenset())
    return None


def find_number(text: str) -> str | None:
    """The release number after "No:" / "№" / "الرقم" / "Raqam", as printed."""
    match = _NUMBER.search(text)
    return " ".join(match["number"].split()) if match else None


@dataclass(frozen=True)
class Number:
    year: int
    seq: int
    label: str
    problem: str = ""


_NUMBER_PARTS = re.compile(r"(\d+)\s*([/\-.])\s*(\d+)|(\d+)")


def read_number(printed: str, hijri_year: int, *, seq_first: bool | None = None) -> Number | None:
    """Split a printed number ("1445 / 03", "01/37", "7") into Hijri year and sequence.

    A four-digit part is the year; of two short parts, the one that is the last two digits
    of the release's Hijri year is the year (the office's format decides a tie).
    """
    match = _NUMBER_PARTS.fullmatch(printed.strip())
    if match is None:
        return None
    if match[4]:
        seq = int(match[4])
        return Number(hijri_year, seq, printed) if seq else None
    first, second = match[1], match[3]
    century = hijri_year - hijri_year % 100
    problem = ""
    if len(first) == 4 and len(second) < 4:
        year, seq = int(first), int(second)
    elif len(second) == 4 and len(first) < 4:
        year, seq = int(second), int(first)
    else:
        short = hijri_year % 100
        first_is_year = int(first) == short and (int(second) != short or seq_first is False)
        if int(first) != short and int(second) != short:
            first_is_year = seq_first is False
            problem = f"the number {printed} does not name the Hijri year {hijri_year}"
        year_part, seq_part = (first, second) if first_is_year else (second, first)
        year, seq = century + int(year_part), int(seq_part)
    if not seq or not calendar.convert.FIRST_YEAR <= year <= calendar.convert.LAST_YEAR:
        return None
    return Number(year, seq, printed, problem)


def number_format_of(printed: str, number: Number) -> str:
    """The office number format a printed number follows: "01/37" -> "{seq:02}/{hyear2}"."""
    match = _NUMBER_PARTS.fullmatch(printed.strip())
    if match is None or match[4]:
        return "{seq}"
    parts = []
    for part in (match[1], match[3]):
        if len(part) == 4 and int(part) == number.year:
            parts.append("{hyear}")
        elif (
            len(part) <= 2
            and int(part) == number.year % 100
            and part != str(number.seq).zfill(len(part))
        ):
            parts.append("{hyear2}")
        elif int(part) == number.seq:
            parts.append(f"{{seq:0{len(part)}}}" if len(part) > 1 else "{seq}")
        else:
            parts.append("{hyear2}")
    separator = re.search(r"\s*[/\-.]\s*", printed.strip())[0]
    return parts[0] + separator + parts[1]
