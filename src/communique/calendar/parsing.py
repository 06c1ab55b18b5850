"""Reading a Hijri date that a person typed or pasted, in any supported language."""

from __future__ import annotations

import re

from .convert import FIRST_YEAR, LAST_YEAR, UMM_AL_QURA, HijriCalendar, HijriDate
from .errors import OutOfRangeError, ParseError
from .formatting import ARABIC_DIGITS, FORMATS, URDU_DIGITS, pattern_literals
from .names import month_number
from .names_data import HIJRI_ERAS

EXPECTED_FORMS = (
    "1445-04-20, 20/04/1445 AH, or 20 Rabi' II 1445 with the month named in a supported "
    "language (e.g. 20 ربيع الآخر 1445 هـ)"
)
"""What parse errors say the parser accepts."""

_ASCII_DIGITS = str.maketrans(ARABIC_DIGITS + URDU_DIGITS, "0123456789" * 2)
_BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_NUMBER = re.compile(r"\d+")
_SEPARATORS = " \t\u00a0,،()-/."


def _calendar_words() -> tuple[str, ...]:
    """Words that say which calendar a date is in ("AH", "هـ", "г. х.", "ж."), longest first."""
    words = {"AH", "A.H.", "A.H", "H", "H.", "هـ", "ه", "ھ", "г.", "ж."}
    words.update(HIJRI_ERAS.values())
    for formats in FORMATS.values():
        for pattern in (formats.hijri_date, formats.hijri_line, formats.header):
            words.update(text.strip(_SEPARATORS) for text in pattern_literals(pattern))
    words.discard("")
    return tuple(sorted(words, key=len, reverse=True))


# A calendar word counts only where no letter touches it: the "H" in "Muharram" stays.
_CALENDAR_WORD = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(re.escape(word) for word in _calendar_words())
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)


def parse_hijri(text: str, calendar: HijriCalendar = UMM_AL_QURA) -> HijriDate:
    """Return the Hijri date in `text`: "1445-04-20", "20/04/1445 AH", "20 Rabi' II 1445",
    "20 ربيع الآخر 1445 هـ" (month names in any supported language, Eastern digits too).

    ParseError if the text is none of these; InvalidHijriDateError if the date does not
    exist in `calendar` (e.g. day 30 of a 29-day month); OutOfRangeError outside 1343-1500 AH.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a Hijri date as text, got {text!r}; expected {EXPECTED_FORMS}")
    cleaned = text.translate(_BIDI_MARKS).translate(_ASCII_DIGITS).strip()
    year, month, day = _read(cleaned, text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        hint = " (is it a Gregorian date?)" if year > LAST_YEAR + 300 else ""
        raise OutOfRangeError(
            f"Hijri year {year} in {text!r} is outside the supported range "
            f"{FIRST_YEAR}-{LAST_YEAR} AH{hint}"
        )
    calendar.to_gregorian(year, month, day)  # the month's real length is the calendar's
    return HijriDate(year, month, day)


def _read(text: str, original: str) -> tuple[int, int, int]:
    """Return (year, month, day) as written in `text`."""
    if match := _YEAR_FIRST.fullmatch(text):
        return int(match[1]), int(match[3]), int(match[4])
    plain = _CALENDAR_WORD.sub(" ", text).strip(_SEPARATORS)
    if match := _DAY_FIRST.fullmatch(plain):
        return int(match[4]), int(match[3]), int(match[1])
    numbers = _NUMBER.findall(text)
    lengths = sorted(len(number) for number in numbers)
    if lengths not in ([1, 4], [2, 4]):
        found = "no day or year" if not numbers else "not a Hijri date"
        raise ParseError(f"{found} in {original!r}; expected {EXPECTED_FORMS}")
    day_text, year_text = sorted(numbers, key=len)
    name = _NUMBER.sub(" ", text).strip(_SEPARATORS)
    # The name as it stands first, so an abbreviation like "Dhu'l-H." keeps its "H.".
    month = month_number(name) or month_number(_CALENDAR_WORD.sub(" ", name).strip(_SEPARATORS))
    if month is None:
        raise ParseError(f"unknown Hijri month name in {original!r}; expected {EXPECTED_FORMS}")
    return int(year_text), month, int(day_text)
