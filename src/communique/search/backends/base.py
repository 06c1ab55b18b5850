"""The one interface every search backend implements (Wagtail's shape: base, then one module
per database).

A backend stores `Document`s (the terms of a text's fields, already normalised and stemmed
in Python, and the columns the gate and the facets read) and answers a parsed `Query`:

- `candidates`: the matching texts that pass a condition on the index rows (the public gate
  and the reader's filters, made by the selectors from `newsroom.selectors.is_public()`),
  most recently indexed texts first, at most `limit` of them, each with its score and its
  facet columns. Reading stops at `limit`: a word found in half the texts costs no more
  than one found in a thousand.
- `total`: how many texts match and pass, when there are more than the candidates
  (exact where the database can count cheaply, estimated otherwise).
- `date_page`: one page of all of them, newest publication first.

A condition is SQL over the table `search_indexentry` (by that name) with its params;
what the reader typed only ever reaches the database as a parameter.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from communique.search.query import Query

RELEVANCE, DATE = "relevance", "date"

#: The index rows' copied columns, in the order backends write and read them.
COLUMNS = (
    "status",
    "published_at",
    "language",
    "office_id",
    "kind",
    "hijri_year",
    "issue_date",
    "year",
    "categories",
)
#: What a candidate carries besides its id and score.
FACET_COLUMNS = (
    "published_at",
    "language",
    "office_id",
    "kind",
    "hijri_year",
    "year",
    "categories",
)


@dataclass(frozen=True)
class Document:
    """What the index keeps of one text: the terms of each field, in order, and its columns."""

    text_id: int
    title: Sequence[str]
    subtitle: Sequence[str]
    body: Sequence[str]
    #: the release's number, its office's and categories' names in every language
    meta: Sequence[str]
    #: the copied columns (COLUMNS), by name
    columns: dict = field(default_factory=dict)

    def column_values(self) -> list:
        return [self.columns.get(name) for name in COLUMNS]


class Candidate(NamedTuple):
    text_id: int
    #: smaller is better, on every backend
    score: float
    #: orders candidates by date (comparable within one backend: a datetime, or ISO text)
    published_at: object
    language: str
    office_id: int | None
    kind: str
    hijri_year: int | None
    year: int | None
    categories: str


class Candidates(list):
    """Candidates, with the number of all the matches where the backend counted them on the
    way (None: ask `SearchBackend.total`)."""

    total: int | None = None


class SearchBackend:
    """Subclasses say how to store terms and how to write a query for their database."""

    vendor = ""

    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace these texts in the index; returns how many."""
        raise NotImplementedError

    def remove(self, text_ids: Iterable[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def start_rebuild(self) -> None:
        """Get ready to index every text at once (optional; `optimise` ends it)."""

    def optimise(self) -> None:
        """Tidy the index after a full rebuild (optional)."""

    def candidates(self, query: Query, where: tuple[str, list], *, limit: int) -> list[Candidate]:
        """Up to `limit` matching texts that meet `where`, highest text id first (a list, or
        `Candidates` that may know how many match in all)."""
        raise NotImplementedError

    def total(
        self,
        query: Query,
        where: tuple[str, list],
        *,
        hidden: list[tuple[str, list]],
        last: Candidate,
        found: int,
    ) -> tuple[int, bool]:
        """How many match and meet `where`, knowing that `found` of them have an id from
        `last.text_id` up; returns (count, exact). `hidden` is the texts readers may not
        see, as conditions that together are exactly what the public gate leaves out."""
        raise NotImplementedError

    def date_page(
        self, query: Query, where: tuple[str, list], *, limit: int, offset: int
    ) -> list[int]:
        """One page of the matching texts that meet `where`, newest publication first."""
        raise NotImplementedError

    def body_matches(self, query: Query, text_ids: list[int]) -> set[int]:
        """Which of these texts have any word of the query in their body (the others'
        snippets are their opening, with no word to look for)."""
        return set(text_ids)
