"""PostgreSQL: tsvector columns on the index table, a GIN index, ranking on the heading.

The vectors are written as tsvector literals from the Python terms, so PostgreSQL's text
search configurations never touch them: matching is the same as on SQLite. Ranking reads
only `heading` (title, subtitle, number and names, and the body's first words), a small
vector kept beside the full `document`: ts_rank over whole bodies would read every matching
body from TOAST storage.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

from communique.search.backends.base import (
    COLUMNS,
    FACET_COLUMNS,
    Candidate,
    Document,
    SearchBackend,
)
from communique.search.normalise import Term
from communique.search.query import Clause, Query

#: PostgreSQL keeps positions up to this; later words still match, without a position.
MAX_POSITION = 16383
#: How many of the body's first terms count towards ranking.
LEAD_TERMS = 60


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def vector(fields: Sequence[tuple[Sequence[str], str]]) -> str:
    """A tsvector literal of fields given as (terms, weight letter)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for terms, weight in fields:
        for term in terms:
            position = min(position + 1, MAX_POSITION)
            found = positions.setdefault(term, [])
            if len(found) < 256:
                found.append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)  # a phrase never spans two fields
    return " ".join(f"{_lexeme(term)}:{','.join(found)}" for term, found in positions.items())


def _term(term: Term) -> str:
    suffix = ":*" if term.prefix else ""
    forms = [f"{_lexeme(form)}{suffix}" for form in term.forms]
    return forms[0] if len(forms) == 1 else f"({' | '.join(forms)})"


def _clause(clause: Clause) -> str:
    if not clause.is_phrase:
        return _term(clause.terms[0])
    widest = max(len(term.forms) for term in clause.terms)
    phrases = dict.fromkeys(
        "("
        + " <-> ".join(_lexeme(term.forms[min(i, len(term.forms) - 1)]) for term in clause.terms)
        + ")"
        for i in range(widest)
    )
    return f"({' | '.join(phrases)})"


def tsquery(query: Query) -> str:
    """The tsquery literal of a query (the same alternatives as SQLite's expression)."""
    return " & ".join(_clause(clause) for clause in query.clauses)


#: PostgreSQL's planner does not know that testing `@@` on a row means reading its vector
#: from TOAST storage, so on its own it scans the table (or its key backwards), reading
#: every vector, where the GIN index finds the matches in a few pages. For the search's own
#: queries only, it is told to use the index (bitmap scans), and told back afterwards.
_USE_GIN = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
_AS_BEFORE = "; RESET enable_seqscan; RESET enable_indexscan"


def _fetch(sql: str, params: list) -> list[tuple]:
    """The rows of one search query, planned to use the GIN index."""
    with connection.cursor() as cursor:
        if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
            # Several statements in one call need client-side binding (Django's default).
            cursor.execute(sql, params)
            return cursor.fetchall()
        cursor.execute(_USE_GIN + sql + _AS_BEFORE, params)
        raw = cursor.cursor
        raw.nextset()
        raw.nextset()
        return raw.fetchall()


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def index(self, documents: Iterable[Document]) -> int:
        rows = []
        now = timezone.now()
        for document in documents:
            document_vector = vector(
                [
                    (document.title, "A"),
                    (document.subtitle, "B"),
                    (document.meta, "C"),
                    (document.body, ""),
                ]
            )
            heading = vector(
                [
                    (document.title, "A"),
                    (document.subtitle, "B"),
                    (document.meta, "C"),
                    (document.body[:LEAD_TERMS], ""),
                ]
            )
            rows.append(
                (document.text_id, now, document_vector, heading, *document.column_values())
            )
        if not rows:
            return 0
        columns = ", ".join(COLUMNS)
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS)
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_indexentry (text_id, indexed_at, document, heading, "  # noqa: S608  # nosec B608  # fixed column names
                f"{columns}) "
                f"VALUES (%s, %s, %s::tsvector, %s::tsvector, {placeholders}) "
                "ON CONFLICT (text_id) DO UPDATE SET indexed_at = EXCLUDED.indexed_at, "
                f"document = EXCLUDED.document, heading = EXCLUDED.heading, {updates}",
                rows,
            )
        return len(rows)

    def remove(self, text_ids: Iterable[int]) -> None:
        text_ids = list(text_ids)
        if text_ids:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_indexentry WHERE text_id = ANY(%s)", [text_ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_indexentry")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_indexentry")

    def candidates(self, query: Query, where: tuple[str, list], *, limit: int) -> list[Candidate]:
        condition, params = where
        facets = ", ".join(FACET_COLUMNS)
        # The inner query picks the rows (GIN, then the narrow heap rows: the vectors live
        # out of line); ts_rank then reads the small heading of those rows only.
        sql = (
            f"SELECT c.text_id, -ts_rank(c.heading, %s::tsquery), {facets} FROM ("  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
            f"SELECT text_id, heading, {facets} FROM search_indexentry "
            f"WHERE document @@ %s::tsquery AND ({condition}) "
            "ORDER BY text_id DESC LIMIT %s) c"
        )
        expression = tsquery(query)
        return [Candidate(*row) for row in _fetch(sql, [expression, expression, *params, limit])]

    def total(
        self,
        query: Query,
        where: tuple[str, list],
        *,
        hidden: list[tuple[str, list]],
        last: Candidate,
        found: int,
    ) -> tuple[int, bool]:
        # The GIN bitmap visits every matching row anyway: counting them exactly costs
        # little more than estimating.
        condition, params = where
        sql = (
            "SELECT count(*) FROM search_indexentry "  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
            f"WHERE document @@ %s::tsquery AND ({condition})"
        )
        return _fetch(sql, [tsquery(query), *params])[0][0], True

    def date_page(
        self, query: Query, where: tuple[str, list], *, limit: int, offset: int
    ) -> list[int]:
        condition, params = where
        sql = (
            "SELECT text_id FROM search_indexentry "  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
            f"WHERE document @@ %s::tsquery AND ({condition}) "
            "ORDER BY published_at DESC, text_id DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in _fetch(sql, [tsquery(query), *params, limit, offset])]
