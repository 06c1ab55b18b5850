"""Normalisation shared by the index and the query, so that both sides always agree.

Text is folded in Python, never by the database: SQLite's tokenizers split an Arabic word at
every vowel mark and know no Arabic stemming, so whatever the backend, it receives tokens
that are already normalised and stemmed, and stores and compares them as they are.

Rules (docs/search.md explains them for operators):
- Unicode compatibility forms (NFKC: Arabic presentation forms, ligatures, full-width forms).
- Control, format and bidi characters are dropped; case is folded.
- Arabic: tashkeel and Quranic marks, superscript alef and tatweel removed; أ إ آ ٱ → ا;
  Persian ی ک → ي ك; after stemming, ى → ي and ة → ه.
- Arabic-Indic (٠-٩) and Eastern Arabic (۰-۹) digits → 0-9; numbers lose leading zeros.
- Russian ё → е; Latin diacritics removed (é → e, ß → ss).
- An apostrophe between letters, in any of the forms people type (ʻ ' ’ ` ‘ ʼ), is
  dropped, so Uzbek oʻzbek, o'zbek, o’zbek and o`zbek are one word.
- Snowball stemming for Arabic script (any text), Cyrillic in Russian texts and Latin in
  English texts; nothing is stemmed in Uzbek. A query word is tried unstemmed and stemmed
  by its script, so it finds the word in a text of any language.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

#: Tokens longer than this are cut (the same on both sides); nobody types such a word.
MAX_TOKEN = 60

_ARABIC_MARKS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)
_TABLE: dict[int, str | None] = {ord(mark): None for mark in _ARABIC_MARKS}
_TABLE.update({ord(alef): "ا" for alef in "أإآٱٲٳ"})
_TABLE.update({ord("ی"): "ي", ord("ک"): "ك", ord("ё"): "е"})
_TABLE.update({0x0660 + n: str(n) for n in range(10)})
_TABLE.update({0x06F0 + n: str(n) for n in range(10)})
_TABLE.update({ord(c): "'" for c in "ʻʼ’‘`′ʹ"})


def _fold_char(char: str) -> str:
    """A character as normalisation leaves it."""
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp", "Zs"):
        return " "
    if category in ("Cf", "Cs", "Co", "Cn"):
        return ""  # bidi overrides, zero-width joiners, soft hyphens, surrogates
    if "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
        # Latin with diacritics: é → e, ø stays ø (it does not decompose).
        return "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
    return char


class _FoldTable(dict):
    """A str.translate table that works each character out once (a text has few distinct ones)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()
_APOSTROPHE_IN_WORD = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def normalise(text: str) -> str:
    """Fold a string by the rules above (before tokenising and stemming)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE).translate(_FOLD)
    return _APOSTROPHE_IN_WORD.sub("", text)


def tokens(text: str) -> list[str]:
    """The words and numbers of a string, normalised; digits and letters split apart."""
    return [_token(match) for match in _TOKEN.findall(normalise(text))]


def _token(token: str) -> str:
    if token.isdigit():
        token = token.lstrip("0") or "0"  # 03 and 3 are the same number
    return token[:MAX_TOKEN]


# --- stemming -------------------------------------------------------------------------------

ARABIC, CYRILLIC, LATIN, OTHER = "arabic", "cyrillic", "latin", "other"
_STEMMERS = {
    ARABIC: snowballstemmer.stemmer("arabic"),
    CYRILLIC: snowballstemmer.stemmer("russian"),
    LATIN: snowballstemmer.stemmer("english"),
}
#: Which script is stemmed in a text of which language (Arabic script always: quotations
#: in Arabic inside an English text are stemmed as Arabic).
_STEMMED = {
    "ar": {ARABIC},
    "en": {ARABIC, LATIN},
    "ru": {ARABIC, CYRILLIC},
    "uz": {ARABIC},
}
_AFTER_STEM = str.maketrans({"ى": "ي", "ة": "ه"})


def script(token: str) -> str:
    first = token[0]
    if "\u0600" <= first <= "\u06ff" or "\u0750" <= first <= "\u077f":
        return ARABIC
    if "\u0400" <= first <= "\u052f":
        return CYRILLIC
    if first.isascii() or "\u00c0" <= first <= "\u024f":
        return LATIN
    return OTHER


@lru_cache(maxsize=200_000)
def _stem(token: str, token_script: str) -> str:
    stemmer = _STEMMERS.get(token_script)
    stemmed = stemmer.stemWord(token) if stemmer and not token.isdigit() else token
    return stemmed.translate(_AFTER_STEM) or token.translate(_AFTER_STEM)


@lru_cache(maxsize=200_000)
def _plain(token: str) -> str:
    return token.translate(_AFTER_STEM)


def index_term(token: str, language: str) -> str:
    """The term a token of a text in `language` is stored as."""
    token_script = script(token)
    if token_script in _STEMMED.get(language, ()):
        return _stem(token, token_script)
    return _plain(token)


#: The term of each token met so far, per language: a text's words are mostly ones seen
#: before, so indexing costs a lookup per word (bounded; past the bound, work it out again).
_TERMS: dict[str, dict[str, str]] = {}
_TERMS_MAX = 400_000


def index_terms(text: str, language: str) -> list[str]:
    """Every term of a text's field, in order (positions matter for phrases)."""
    known = _TERMS.setdefault(language, {})
    terms = []
    append = terms.append
    for found in _TOKEN.findall(normalise(text)):
        term = known.get(found)
        if term is None:
            term = index_term(_token(found), language)
            if len(known) < _TERMS_MAX:
                known[found] = term
        append(term)
    return terms


@lru_cache(maxsize=20_000)
def query_terms(token: str) -> tuple[str, ...]:
    """The terms a query token may be stored as, in a text of any language.

    Unstemmed (an Uzbek text, or a Latin word in an Arabic one) and stemmed by its script;
    for Arabic also with a final ة/ه and ى/ي swapped, since the stemmer treats them apart.
    """
    token_script = script(token)
    found = [_plain(token), _stem(token, token_script)]
    if token_script == ARABIC and token[-1] in "ةهىي":
        swapped = token[:-1] + {"ة": "ه", "ه": "ة", "ى": "ي", "ي": "ى"}[token[-1]]
        found.append(_stem(swapped, token_script))
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Term:
    """One word of a query as the backends look for it: any of `forms`, or a prefix of one."""

    forms: tuple[str, ...]
    prefix: bool = False

    def matches(self, term: str) -> bool:
        if self.prefix:
            return any(term.startswith(form) for form in self.forms)
        return term in self.forms
