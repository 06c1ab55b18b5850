"""Names of months and weekdays per language: Hijri months from CLDR, the rest from Babel.

Hijri month names are CLDR's (generated into names_data.py; Babel has none). Weekday and
Gregorian month names come from Babel, which carries CLDR too. Input accepts more than
output: every language's names, CLDR's abbreviations and the common English
transliterations ("Rabi al-Thani", "Jumada al-Ula", ...).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import get_day_names, get_month_names

from .errors import InvalidHijriDateError, UnsupportedLanguageError
from .names_data import HIJRI_ERAS, HIJRI_MONTHS, HIJRI_MONTHS_ABBREVIATED

SUPPORTED_LANGUAGES: tuple[str, ...] = ("ar", "en", "ru", "uz", "ky", "kk", "tr", "fr", "id", "ur")
"""Language codes the calendar formats dates in; "uz" is Uzbek in Latin script."""

RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "ur"})
"""Languages written right to left."""

# Babel's locale for each language; Uzbek is pinned to Latin script, as CLDR's default is.
_BABEL_LOCALES = {lang: lang for lang in SUPPORTED_LANGUAGES} | {"uz": "uz_Latn"}

# English transliterations in common use, accepted on input only (display uses CLDR's
# names). Typed by hand: no data set lists them. Apostrophes, hyphens, spaces and case
# do not matter (see name_key), so "Rabi' al-Thani" also covers "Rabi al Thani".
ENGLISH_ALIASES: dict[int, tuple[str, ...]] = {
    1: ("Muharram", "Muharam", "Moharram", "Muharrem"),
    2: ("Safar", "Safer", "Safar al-Muzaffar"),
    3: (
        "Rabi' I",
        "Rabi' al-Awwal",
        "Rabi al-Awal",
        "Rabi' ul-Awwal",
        "Rabi' al-Ula",
        "Rabiul Awwal",
        "Rabi I",
    ),
    4: (
        "Rabi' II",
        "Rabi' al-Thani",
        "Rabi' al-Akhir",
        "Rabi' al-Akhar",
        "Rabi' ul-Akhir",
        "Rabi' ul-Thani",
        "Rabi' al-Sani",
        "Rabi' us-Sani",
        "Rabiul Akhir",
        "Rabi II",
    ),
    5: (
        "Jumada I",
        "Jumada al-Ula",
        "Jumada al-Awwal",
        "Jumada al-Oola",
        "Jumada al-Uwla",
        "Jumada al-Awal",
        "Jumadal Ula",
        "Jumadi al-Awwal",
        "Jumada ul-Awwal",
        "Jumada 1st",
    ),
    6: (
        "Jumada II",
        "Jumada al-Akhirah",
        "Jumada al-Akhira",
        "Jumada al-Akhir",
        "Jumada al-Thani",
        "Jumada al-Thaniyah",
        "Jumada al-Thania",
        "Jumada al-Sani",
        "Jumadi al-Akhir",
        "Jumadi al-Thani",
        "Jumada ul-Akhir",
        "Jumada 2nd",
    ),
    7: ("Rajab", "Rajab al-Murajjab", "Recep"),
    8: ("Sha'ban", "Shaaban", "Shabaan", "Sha'aban"),
    9: ("Ramadan", "Ramadhan", "Ramazan", "Ramzan"),
    10: ("Shawwal", "Shawal", "Shavval"),
    11: (
        "Dhu al-Qi'dah",
        "Dhu'l-Qi'dah",
        "Dhu al-Qa'dah",
        "Dhul Qadah",
        "Dhu al-Qidah",
        "Dhul-Qi'da",
        "Dhu al-Qa'da",
        "Zul Qadah",
        "Zulqadah",
        "Zil Qad",
    ),
    12: (
        "Dhu al-Hijjah",
        "Dhu'l-Hijjah",
        "Dhul Hijjah",
        "Dhu al-Hijja",
        "Dhul-Hijja",
        "Zul Hijjah",
        "Zulhijjah",
        "Zil Hajj",
    ),
}

# Arabic and Urdu spellings in common use besides CLDR's, accepted on input only.
ARABIC_ALIASES: dict[int, tuple[str, ...]] = {
    4: ("ربيع الثاني", "ربیع الآخر"),
    5: ("جمادى الأول", "جمادي الاولي"),
    6: ("جمادى الثانية", "جمادى الثاني", "جمادى الآخر"),
    11: ("ذي القعدة", "ذو القعده"),
    12: ("ذي الحجة", "ذو الحجه"),
}

# Apostrophe-like marks that input may or may not carry: ASCII ', CLDR's ʻ and ʼ,
# typographic quotes, backtick, ʿayn and hamza signs, Arabic tatweel, bidi marks.
_DROPPED = frozenset("'ʻʼ’‘`´ʿʾ\u0640\u200c\u200e\u200f\u061c")
# Separators that input writes in any mix: spaces, hyphens, dots.
_SEPARATORS = frozenset(" \u00a0-‐–.")
# Letters that Arabic-script writers use interchangeably in these names.
_FOLDED = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ۃ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ک": "ك",
    }
)


def name_key(text: str, *, compact: bool = False) -> str:
    """Return the form of a month name that input matching compares: case, accents,
    apostrophes and Arabic letter variants folded, separators made one space (or none)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    chars: list[str] = []
    for char in decomposed:
        if char in _DROPPED or unicodedata.combining(char):
            continue
        if char in _SEPARATORS:
            if not compact and chars and chars[-1] != " ":
                chars.append(" ")
            continue
        chars.append(char)
    return "".join(chars).strip().translate(_FOLDED)


def check_language(lang: str) -> str:
    """Return the supported language code for `lang` ("en", "en-GB", "uz_Latn" ...)."""
    code = lang.replace("_", "-").lower()
    primary, _, rest = code.partition("-")
    if primary in SUPPORTED_LANGUAGES and not (primary == "uz" and rest[:4] in ("cyrl", "arab")):
        return primary
    raise UnsupportedLanguageError(
        f"unsupported language {lang!r}; expected one of {', '.join(SUPPORTED_LANGUAGES)}"
    )


def month_name(month: int, lang: str = "en") -> str:
    """Return the name of a Hijri month (1 = Muharram) in a supported language."""
    if not 1 <= month <= 12:
        raise InvalidHijriDateError(
            f"month {month} does not exist: Hijri months are numbered 1 to 12"
        )
    return HIJRI_MONTHS[check_language(lang)][month - 1]


def hijri_era(lang: str = "en") -> str:
    """Return the abbreviation of the Hijri era in a language ("AH", "هـ", ...)."""
    return HIJRI_ERAS[check_language(lang)]


def weekday_name(d: date, lang: str = "en") -> str:
    """Return the weekday name of a date in a supported language, from Babel."""
    return _weekdays(check_language(lang))[d.weekday()]


def gregorian_month_name(month: int, lang: str = "en", *, standalone: bool = False) -> str:
    """Return a Gregorian month name; the format form ("ноября") follows a day number,
    the stand-alone form ("ноябрь") stands alone."""
    names = _gregorian_months(check_language(lang), "stand-alone" if standalone else "format")
    return names[month - 1]


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES[lang])


@cache
def _weekdays(lang: str) -> tuple[str, ...]:
    """Monday first, as date.weekday() counts."""
    names = get_day_names("wide", "format", _locale(lang))
    return tuple(names[day] for day in range(7))


@cache
def _gregorian_months(lang: str, context: str) -> tuple[str, ...]:
    names = get_month_names("wide", context, _locale(lang))
    return tuple(names[month] for month in range(1, 13))


def weekday_names(lang: str) -> tuple[str, ...]:
    """Return the seven weekday names of a language, Monday first."""
    return _weekdays(check_language(lang))


def month_number(name: str) -> int | None:
    """Return the number of the Hijri month a name means in any supported language, or None."""
    spaced, compact = _month_lookup()
    key = name_key(name)
    if key in spaced:
        return spaced[key]
    return compact.get(name_key(name, compact=True))


@cache
def _month_lookup() -> tuple[dict[str, int], dict[str, int]]:
    """Return accepted month names by name_key(), and by compact key where unambiguous
    ("Rabi'I" and "Rab. II" both compact to "rabii", so that key is left out)."""
    sources: list[tuple[int, str]] = []
    for names in (*HIJRI_MONTHS.values(), *HIJRI_MONTHS_ABBREVIATED.values()):
        sources.extend(enumerate(names, start=1))
    for month, spellings in (*ENGLISH_ALIASES.items(), *ARABIC_ALIASES.items()):
        sources.extend((month, spelling) for spelling in spellings)
    spaced: dict[str, int] = {}
    compact: dict[str, int | None] = {}
    for month, name in sources:
        key = name_key(name)
        if spaced.setdefault(key, month) != month:
            raise AssertionError(f"{name!r} names both month {spaced[key]} and month {month}")
        short = name_key(name, compact=True)
        compact[short] = month if compact.get(short, month) == month else None
    return spaced, {key: month for key, month in compact.items() if month is not None}
