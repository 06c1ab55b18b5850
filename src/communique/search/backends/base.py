"""The one interface every search backend implements (Wagtail's shape: base, then one module
per database).

A backend stores `Document`s (the terms of a text's fields, already normalised and stemmed
in Python) and answers a parsed `Query` in two ways: which texts match (`matching`, for
counts and facets) and which come first (`ranked_ids`, for one page). Both take the gate, a
queryset of texts from `communique.newsroom.selectors.public()`, and never look past it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from communique.newsroom.models import Text
from communique.search.query import Query

RELEVANCE, DATE = "relevance", "date"


@dataclass(frozen=True)
class Document:
    """What the index keeps of one text: the terms of each field, in order."""

    text_id: int
    title: Sequence[str]
    subtitle: Sequence[str]
    body: Sequence[str]
    #: the release's number, its office's and categories' names in every language
    meta: Sequence[str]


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

    def match_sql(self, query: Query) -> tuple[str, list]:
        """SQL selecting the id of every text that matches (one column), with its params."""
        raise NotImplementedError

    def ranked_sql(self, query: Query, gate_sql: str, order: str) -> tuple[str, list]:
        """SQL selecting `g.pk` of the gate's texts that match, best first; the caller adds
        LIMIT/OFFSET. `gate_sql` selects `pk` and `published_at` of the texts readers may see.
        """
        raise NotImplementedError

    def optimise(self) -> None:
        """Tidy the index after a full rebuild (optional)."""

    # --- what the selectors call ----------------------------------------------------------

    def matching(self, gate: QuerySet[Text], query: Query) -> QuerySet[Text]:
        """The gate's texts that match the query."""
        sql, params = self.match_sql(query)
        # The backend's SQL is fixed text; what the reader typed is only ever a parameter.
        return gate.filter(pk__in=RawSQL(sql, params))  # noqa: S611  # nosec B611  # parameters only

    def ranked_ids(
        self, gate: QuerySet[Text], query: Query, *, order: str, limit: int, offset: int = 0
    ) -> list[int]:
        """One page of the gate's matching texts' ids, in order."""
        gate_sql, gate_params = gate.order_by().values("pk", "published_at").query.sql_with_params()
        sql, params = self.ranked_sql(query, gate_sql, order)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*gate_params, *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]
