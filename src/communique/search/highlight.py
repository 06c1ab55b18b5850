"""Snippets with the matching words marked, built as (text, is_match) pieces.

The pieces are plain strings: the template escapes each one and wraps the matches in
<mark>, so nothing from a text or a query is ever marked safe.
"""

import re
from functools import lru_cache

from communique.search.normalise import Term, index_terms

#: A word as written: letters, digits, Arabic marks and tatweel, apostrophes inside it.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640'ʻʼ’‘`]+")
SNIPPET_CHARS = 240
#: How far into a body the first match is looked for.
SCAN_CHARS = 5000

Pieces = list[tuple[str, bool]]


@lru_cache(maxsize=50_000)
def _word_terms(word: str, language: str) -> tuple[str, ...]:
    return tuple(index_terms(word, language))


def _is_match(word: str, language: str, terms: tuple[Term, ...]) -> bool:
    return any(term.matches(found) for found in _word_terms(word, language) for term in terms)


def mark(text: str, terms: tuple[Term, ...], language: str) -> Pieces:
    """The whole string in pieces, matching words apart."""
    pieces: Pieces = []
    position = 0
    for match in _WORD.finditer(text):
        if _is_match(match.group(), language, terms):
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def snippet(body: str, terms: tuple[Term, ...], language: str) -> Pieces:
    """About SNIPPET_CHARS of the body around its first match (or its opening), marked."""
    body = " ".join(body.split())
    start = 0
    for match in _WORD.finditer(body, 0, SCAN_CHARS):
        if _is_match(match.group(), language, terms):
            start = max(0, match.start() - SNIPPET_CHARS // 3)
            break
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = start + SNIPPET_CHARS
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    window = body[start:end]
    pieces = mark(window, terms, language)
    if start:
        pieces.insert(0, ("… ", False))
    if end < len(body):
        pieces.append((" …", False))
    return pieces
