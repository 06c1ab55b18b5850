"""What a reader typed, turned into words and phrases the backends can look for.

Nothing a reader types reaches the database as query syntax: the backends quote every term
they are given, and terms are made only of letters and digits (see `normalise`), so FTS
operators, quotes, brackets and NUL are just more separators.
"""

import re
from dataclasses import dataclass, field

from communique.search.normalise import Term, query_terms, tokens

#: A query longer than this is cut before it is read (10,000 characters cost nothing).
MAX_QUERY_CHARS = 500
#: At most this many words and phrases are looked for.
MAX_CLAUSES = 10
#: A last word shorter than this is matched whole, not as a prefix (every "a…" is too many).
MIN_PREFIX = 2

_QUOTES = str.maketrans({q: '"' for q in "“”„«»‟″〝〞＂"})
_PHRASE = re.compile(r'"([^"]*)"?')
_NUMBER_ONLY = re.compile(r"^[\s\d٠-٩۰-۹/\\\-.,:#№]+$")


@dataclass(frozen=True)
class Clause:
    """A word (one term) or a phrase (terms next to one another); every clause must match."""

    terms: tuple[Term, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.terms) > 1


@dataclass
class Query:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    shortened: bool = False

    def __bool__(self) -> bool:
        return bool(self.clauses)

    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause.terms]


def parse(text: str) -> Query:
    """Words, "quoted phrases", and numbers such as `1447 / 03`; the last word as a prefix."""
    text = (text or "")[: MAX_QUERY_CHARS * 4]
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    query = Query(text=text.strip(), shortened=shortened)
    clauses: list[Clause] = []
    rest = []
    position = 0
    for match in _PHRASE.finditer(text.translate(_QUOTES)):
        rest.append(text[position : match.start()])
        position = match.end()
        words = tokens(match.group(1))
        if words:
            clauses.append(Clause(tuple(Term(query_terms(word)) for word in words)))
    rest.append(text[position:])
    loose = " ".join(rest)
    words = tokens(loose)
    if len(words) > 1 and _NUMBER_ONLY.match(loose):
        # `1447 / 03`, `01/37`: a release number is its numbers in that order.
        clauses.append(Clause(tuple(Term((word,)) for word in words)))
    else:
        for index, word in enumerate(words):
            last = index == len(words) - 1
            prefix = last and not word.isdigit() and len(word) >= MIN_PREFIX
            clauses.append(Clause((Term(query_terms(word), prefix=prefix),)))
    # Repeated words add nothing but work.
    unique = list(dict.fromkeys(clauses))
    query.shortened = shortened or len(unique) > MAX_CLAUSES
    query.clauses = unique[:MAX_CLAUSES]
    return query
