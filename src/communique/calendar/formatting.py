"""The dual-date lines the site shows, per language, and the table the browser uses for them.

Names come from CLDR (names_data.py, Babel); the order of day, month, year and the words
around them come from the DateFormats table below, written in CLDR's pattern letters and
following each language's CLDR long/full date patterns, except where the product's own
style differs (English: "Wednesday, 18 Muharram 1446", "M. Saturday, 04 November 2023").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .convert import UMM_AL_QURA, HijriCalendar, HijriDate
from .names import RTL_LANGUAGES, check_language, gregorian_month_name, weekday_names
from .names_data import HIJRI_ERAS, HIJRI_MONTHS


@dataclass(frozen=True, slots=True)
class DateFormats:
    """How one language writes the product's dates, in CLDR pattern letters.

    Letters: EEEE weekday; d / dd day (dd: two digits); MMMM month name (Gregorian: the
    form after a day number, "ноября"); LLLL Gregorian stand-alone month name; MM month
    number; y year; G the Hijri era ("AH", "هـ"). Text in 'quotes' and punctuation is
    literal.
    """

    hijri_date: str
    """format_hijri(): the Hijri date alone, e.g. "20 Rabi' II 1445"."""
    header: str
    """The Hijri half of the header line, before " | yyyy/mm/dd"."""
    hijri_line: str
    """The release page's Hijri date: "H. 20 Rabi' II 1445"."""
    gregorian_line: str
    """The release page's Gregorian date: "M. Saturday, 04 November 2023"."""


FORMATS: dict[str, DateFormats] = {
    # The product's style: day before month, H. and M. before the dates.
    "en": DateFormats("d MMMM y", "EEEE, d MMMM y", "'H.' d MMMM y", "'M.' EEEE, dd MMMM y"),
    # CLDR ar: "EEEE، d MMMM y G"; م marks the Gregorian year as هـ marks the Hijri one.
    "ar": DateFormats("d MMMM y", "EEEE، d MMMM y G", "d MMMM y G", "EEEE، dd MMMM y 'م'"),
    # CLDR ru: "EEEE, d MMMM y 'г'."; "г. х." (год хиджры) is the usual Hijri marker.
    "ru": DateFormats(
        "d MMMM y", "EEEE, d MMMM y 'г. х.'", "d MMMM y 'г. х.'", "EEEE, dd MMMM y 'г.'"
    ),
    # CLDR uz: "EEEE, d-MMMM, y (G)" with G = "hijriy".
    "uz": DateFormats("d-MMMM, y", "EEEE, d-MMMM, y (G)", "d-MMMM, y (G)", "EEEE, dd-MMMM, y"),
    # CLDR ky: "EEEE, G d-MMMM y-'ж'." for non-Gregorian calendars; "y-'ж'., d-MMMM, EEEE"
    # for the Gregorian one. The era word is typed by hand (see names_data.py).
    "ky": DateFormats(
        "d-MMMM y-'ж'.", "EEEE, d-MMMM y-'ж'. (G)", "d-MMMM y-'ж'. (G)", "y-'ж'., dd-MMMM, EEEE"
    ),
    # CLDR kk: "G y 'ж'. d MMMM, EEEE" (Hijri), "y 'ж'. d MMMM, EEEE" (Gregorian).
    "kk": DateFormats(
        "y 'ж'. d MMMM", "G y 'ж'. d MMMM, EEEE", "G y 'ж'. d MMMM", "y 'ж'. dd MMMM, EEEE"
    ),
    # CLDR tr: "G d MMMM y EEEE" (Hijri), "d MMMM y EEEE" (Gregorian).
    "tr": DateFormats("d MMMM y", "G d MMMM y EEEE", "G d MMMM y", "dd MMMM y EEEE"),
    # CLDR fr: "EEEE d MMMM y G".
    "fr": DateFormats("d MMMM y", "EEEE d MMMM y G", "d MMMM y G", "EEEE dd MMMM y"),
    # CLDR id: "EEEE, dd MMMM y G" with G = "H"; "M" (Masehi) marks the Gregorian year.
    "id": DateFormats("d MMMM y", "EEEE, d MMMM y G", "d MMMM y G", "EEEE, dd MMMM y 'M'"),
    # CLDR ur: "EEEE، d MMMM، y G" with G = "ہجری".
    "ur": DateFormats("d MMMM، y", "EEEE، d MMMM، y G", "d MMMM، y G", "EEEE، dd MMMM، y"),
}

HEADER_GREGORIAN = "y/MM/dd"
"""The Gregorian half of the header line, the same in every language: 2024/07/24."""
HEADER_SEPARATOR = " | "

ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
"""Eastern Arabic digits, as Arabic writes them."""
URDU_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
"""Extended Arabic-Indic digits, as Urdu (and Persian) write them."""
_TO_ARABIC = str.maketrans("0123456789", ARABIC_DIGITS)
_TO_URDU = str.maketrans("0123456789", URDU_DIGITS)


def to_eastern_digits(text: str, lang: str = "ar") -> str:
    """Return text with 0-9 written as Eastern Arabic digits (Urdu's forms for lang="ur")."""
    return text.translate(_TO_URDU if lang in ("ur", "fa") else _TO_ARABIC)


def format_hijri(h: HijriDate, lang: str = "en", eastern_digits: bool = False) -> str:
    """Return a Hijri date in a language: "20 Rabi' II 1445", "20 ربيع الآخر 1445"."""
    lang = check_language(lang)
    text = _render(FORMATS[lang].hijri_date, lang, _hijri_fields(h, lang, None))
    return _digits(text, lang, eastern_digits)


def header_line(
    d: date,
    lang: str = "en",
    calendar: HijriCalendar = UMM_AL_QURA,
    eastern_digits: bool = False,
) -> str:
    """Return the header's dual date: "Wednesday, 18 Muharram 1446 | 2024/07/24"."""
    lang = check_language(lang)
    hijri = _render(FORMATS[lang].header, lang, _hijri_fields(calendar.to_hijri(d), lang, d))
    gregorian = _render(HEADER_GREGORIAN, lang, _gregorian_fields(d, lang))
    return _digits(_sentence(hijri + HEADER_SEPARATOR + gregorian), lang, eastern_digits)


def hijri_line(
    d: date,
    lang: str = "en",
    calendar: HijriCalendar = UMM_AL_QURA,
    eastern_digits: bool = False,
) -> str:
    """Return a release's Hijri date line: "H. 20 Rabi' II 1445"."""
    lang = check_language(lang)
    text = _render(FORMATS[lang].hijri_line, lang, _hijri_fields(calendar.to_hijri(d), lang, d))
    return _digits(_sentence(text), lang, eastern_digits)


def gregorian_line(d: date, lang: str = "en", eastern_digits: bool = False) -> str:
    """Return a release's Gregorian date line: "M. Saturday, 04 November 2023"."""
    lang = check_language(lang)
    text = _render(FORMATS[lang].gregorian_line, lang, _gregorian_fields(d, lang))
    return _digits(_sentence(text), lang, eastern_digits)


def header_table(
    calendar: HijriCalendar,
    start: date,
    end: date,
    lang: str = "en",
    eastern_digits: bool = False,
) -> dict[str, object]:
    """Return what header_date.js needs to show header_line() for any day in [start, end].

    JSON-serialisable: the month starts (overrides applied), the day after the last month,
    the line as a template, names and digits. The browser then shows exactly what the server
    would, without Intl's islamic-umalqura (another table, and no overrides).
    """
    lang = check_language(lang)
    months = calendar.month_starts(start, end)
    last_year, last_month, last_start = months[-1]
    after = date.fromisoformat(last_start) + timedelta(
        days=calendar.month_length(last_year, last_month)
    )
    hijri = _template(FORMATS[lang].header, lang, prefix="")
    gregorian = _template(HEADER_GREGORIAN, lang, prefix="g")
    use_eastern = eastern_digits and lang in RTL_LANGUAGES
    return {
        "months": [list(month) for month in months],
        "end": after.isoformat(),
        "template": hijri + HEADER_SEPARATOR + gregorian,
        "weekdays": list(weekday_names(lang)),
        "monthNames": list(HIJRI_MONTHS[lang]),
        "digits": (URDU_DIGITS if lang == "ur" else ARABIC_DIGITS) if use_eastern else "0123456789",
    }


def _digits(text: str, lang: str, eastern_digits: bool) -> str:
    # Eastern digits belong to Arabic-script languages; other pages keep 0-9 whatever the
    # office's setting, so one setting can serve every language of an office.
    if eastern_digits and lang in RTL_LANGUAGES:
        return to_eastern_digits(text, lang)
    return text


def _sentence(text: str) -> str:
    """Capitalise the first letter, as a line starting with a weekday needs ("Среда, ...")."""
    return text[:1].upper() + text[1:]


def _hijri_fields(h: HijriDate, lang: str, d: date | None) -> dict[str, str]:
    fields = {
        "d": str(h.day),
        "dd": f"{h.day:02}",
        "MM": f"{h.month:02}",
        "MMMM": HIJRI_MONTHS[lang][h.month - 1],
        "y": str(h.year),
        "G": HIJRI_ERAS[lang],
    }
    if d is not None:
        fields["EEEE"] = weekday_names(lang)[d.weekday()]
    return fields


def _gregorian_fields(d: date, lang: str) -> dict[str, str]:
    return {
        "d": str(d.day),
        "dd": f"{d.day:02}",
        "MM": f"{d.month:02}",
        "MMMM": gregorian_month_name(d.month, lang),
        "LLLL": gregorian_month_name(d.month, lang, standalone=True),
        "y": str(d.year),
        "EEEE": weekday_names(lang)[d.weekday()],
    }


def _render(pattern: str, lang: str, fields: dict[str, str]) -> str:
    parts = []
    for is_field, text in _tokens(pattern):
        if not is_field:
            parts.append(text)
        elif text in fields:
            parts.append(fields[text])
        else:
            raise ValueError(f"pattern {pattern!r} for {lang!r} uses unsupported field {text!r}")
    return "".join(parts)


def _template(pattern: str, lang: str, prefix: str) -> str:
    """Return the pattern with each field as {name} (the era filled in) for header_date.js."""
    parts = []
    for is_field, text in _tokens(pattern):
        if not is_field:
            if "{" in text or "}" in text:
                raise ValueError(f"header_date.js reads braces as fields: {pattern!r}")
            parts.append(text)
        elif text == "G":
            parts.append(HIJRI_ERAS[lang])
        else:
            parts.append("{" + prefix + text + "}")
    return "".join(parts)


def pattern_literals(pattern: str) -> list[str]:
    """Return the literal texts of a date pattern ("'H.' d MMMM y" -> ["H. ", " ", " "])."""
    return [text for is_field, text in _tokens(pattern) if not is_field]


@cache
def _tokens(pattern: str) -> tuple[tuple[bool, str], ...]:
    """Split a CLDR date pattern into (is_field, text): runs of one letter are fields,
    'quoted' text ('' for a quote) and everything else is literal."""
    tokens: list[tuple[bool, str]] = []
    literal: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            close = pattern.find("'", index + 1)
            if close == -1:
                raise ValueError(f"unclosed quote in date pattern {pattern!r}")
            literal.append(pattern[index + 1 : close] if close > index + 1 else "'")
            index = close + 1
        elif char.isascii() and char.isalpha():
            end = index
            while end < len(pattern) and pattern[end] == char:
                end += 1
            if literal:
                tokens.append((False, "".join(literal)))
                literal = []
            tokens.append((True, pattern[index:end]))
            index = end
        else:
            literal.append(char)
            index += 1
    if literal:
        tokens.append((False, "".join(literal)))
    return tuple(tokens)
