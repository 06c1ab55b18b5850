"""Snippets with the matching words marked, built as (text, is_match) pieces.

The pieces are plain strings: the template escapes each one and wraps the matches in
<mark>, so nothing from a text or a query is ever marked safe. A word is marked when the
terms it is indexed as are what the query looks for, so marks and matches agree.
"""

import re
from collections.abc import Iterable
from functools import lru_cache

from communique.search.normalise import Term, index_terms

#: A word as written: letters, digits, Arabic marks and tatweel, apostrophes inside it.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640'ʻʼ’‘`]+")
SNIPPET_CHARS = 240
#: How far into a body the first match is looked for.
SCAN_CHARS = 3000

Pieces = list[tuple[str, bool]]


@lru_cache(maxsize=100_000)
def _word_terms(word: str, language: str) -> tuple[str, ...]:
    return tuple(index_terms(word, language))


class Matcher:
    """Which written words a query's terms match (remembered per word during one search)."""

    def __init__(self, terms: Iterable[Term]):
        terms = list(terms)
        self.exact = {form for term in terms if not term.prefix for form in term.forms}
        self.prefixes = tuple(form for term in terms if term.prefix for form in term.forms)
        self._seen: dict[tuple[str, str], bool] = {}

    def is_match(self, word: str, language: str) -> bool:
        key = (word, language)
        found = self._seen.get(key)
        if found is None:
            found = any(
                term in self.exact or (self.prefixes and term.startswith(self.prefixes))
                for term in _word_terms(word, language)
            )
            self._seen[key] = found
        return found

    def mark(self, text: str, language: str) -> Pieces:
        """The whole string in pieces, matching words apart."""
        pieces: Pieces = []
        position = 0
        for match in _WORD.finditer(text):
            if self.is_match(match.group(), language):
                if match.start() > position:
                    pieces.append((text[position : match.start()], False))
                pieces.append((match.group(), True))
                position = match.end()
        if position < len(text):
            pieces.append((text[position:], False))
        return pieces

    def snippet(self, body: str, language: str) -> Pieces:
        """About SNIPPET_CHARS of the body around its first match (or its opening), marked."""
        start = 0
        seen, is_match = self._seen, self.is_match
        for match in _WORD.finditer(body, 0, SCAN_CHARS):
            word = match.group()
            found = seen.get((word, language))  # most words repeat: no call for them
            if found or (found is None and is_match(word, language)):
                start = max(0, match.start() - SNIPPET_CHARS // 3)
                break
        if start:
            space = body.find(" ", start)
            start = space + 1 if 0 <= space < start + 30 else start
        end = start + SNIPPET_CHARS
        if end < len(body):
            space = body.rfind(" ", start, end)
            end = space if space > start else end
        pieces = self.mark(" ".join(body[start:end].split()), language)
        if start:
            pieces.insert(0, ("… ", False))
        if end < len(body):
            pieces.append((" …", False))
        return pieces
