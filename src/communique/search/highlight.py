"""Snippets with the matching words marked, built as (text, is_match) pieces.

The pieces are plain strings: the template escapes each one and wraps the matches in
<mark>, so nothing from a text or a query is ever marked safe. A word is marked when the
terms it is indexed as are what the query looks for, so marks and matches agree.
"""

import re
from collections.abc import Iterable
from functools import lru_cache

from communique.search.normalise import Term, index_terms

#: The characters of a word as written: letters, digits, Arabic marks and tatweel, and
#: apostrophes inside it.
_WORD_CHARS = r"\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640'ʻʼ’‘`"
_WORD = re.compile(f"[{_WORD_CHARS}]+")
SNIPPET_CHARS = 240
#: How far into a body the first match is looked for.
SCAN_CHARS = 3000

Pieces = list[tuple[str, bool]]


@lru_cache(maxsize=100_000)
def _word_terms(word: str, language: str) -> str:
    """The terms a written word is indexed as, each after a space (for `Matcher._terms`)."""
    return "".join(" " + term for term in index_terms(word, language))


class Matcher:
    """Which written words a query's terms match, and where they are in a text.

    Each distinct word of a language is looked up once per search; the words found to match
    become one regular expression per language, so finding and marking them in the titles
    and bodies of a page is done by the regular expression engine, not word by word.
    """

    def __init__(self, terms: Iterable[Term]):
        terms = list(terms)
        self.exact = {form for term in terms if not term.prefix for form in term.forms}
        self.prefixes = tuple(form for term in terms if term.prefix for form in term.forms)
        # A word's terms, each after a space, match when one is a form, or starts with a
        # prefix: one search of this expression per word.
        alternatives = [f" {re.escape(form)}(?= |$)" for form in sorted(self.exact)]
        alternatives += [f" {re.escape(form)}" for form in self.prefixes]
        self._terms = re.compile("|".join(alternatives) or "(?!)")
        self._checked: dict[str, set[str]] = {}  # per language, every word looked up
        self._matching: dict[str, set[str]] = {}  # per language, those that match
        self._patterns: dict[str, re.Pattern | None] = {}

    def is_match(self, word: str, language: str) -> bool:
        return self._terms.search(_word_terms(word, language)) is not None

    def _pattern(self, words: set[str], language: str) -> re.Pattern | None:
        """The expression of the matching words of `language`, having looked up `words`."""
        checked = self._checked.setdefault(language, set())
        new = words - checked
        if new:
            checked |= new
            search, terms_of = self._terms.search, _word_terms
            found = {word for word in new if search(terms_of(word, language))}
            if found:
                self._matching.setdefault(language, set()).update(found)
                self._patterns.pop(language, None)
        if language not in self._patterns:
            matching = self._matching.get(language)
            self._patterns[language] = (
                re.compile(
                    f"(?<![{_WORD_CHARS}])(?:"
                    + "|".join(re.escape(word) for word in sorted(matching, key=len, reverse=True))
                    + f")(?![{_WORD_CHARS}])"
                )
                if matching
                else None
            )
        return self._patterns[language]

    def mark(self, text: str, language: str) -> Pieces:
        """The whole string in pieces, matching words apart."""
        pattern = self._pattern(set(_WORD.findall(text)), language)
        if pattern is None:
            return [(text, False)] if text else []
        pieces: Pieces = []
        position = 0
        for match in pattern.finditer(text):
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
        if position < len(text):
            pieces.append((text[position:], False))
        return pieces

    def first_match(self, body: str, language: str) -> int | None:
        """Where the first matching word of the body's opening (SCAN_CHARS) starts.

        Words are looked up in order until one matches: a body whose match comes early
        costs a few lookups, not one per distinct word of its opening.
        """
        checked = self._checked.setdefault(language, set())
        matching = self._matching.setdefault(language, set())
        search, terms_of = self._terms.search, _word_terms
        for found in _WORD.finditer(body, 0, SCAN_CHARS):
            word = found.group()
            if word in matching:
                return found.start()
            if word in checked:
                continue
            checked.add(word)
            if search(terms_of(word, language)):
                matching.add(word)
                self._patterns.pop(language, None)
                return found.start()
        return None

    def snippet(self, body: str, language: str, *, look: bool = True) -> Pieces:
        """About SNIPPET_CHARS of the body around its first match (or its opening), marked.

        `look=False`: the index says no word of the body matches, so the opening it is.
        """
        start = 0
        first = self.first_match(body, language) if look else None
        if first is not None:
            start = max(0, first - SNIPPET_CHARS // 3)
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
