"""SQLite FTS5: the embedded default. Terms go into `search_fts` (rowid = text id)."""

import re
from collections.abc import Iterable

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

#: bm25 weights of the columns title, subtitle, body, meta.
WEIGHTS = "10.0, 5.0, 1.0, 3.0"


def _quoted(form: str, prefix: bool) -> str:
    # Terms hold only letters and digits (normalise.tokens), so quoting cannot be escaped.
    return f'"{form}"*' if prefix else f'"{form}"'


def _term(term: Term) -> str:
    forms = [_quoted(form, term.prefix) for form in term.forms]
    return forms[0] if len(forms) == 1 else f"({' OR '.join(forms)})"


def _clause(clause: Clause) -> str:
    if not clause.is_phrase:
        return _term(clause.terms[0])
    # A phrase as written and as stemmed: FTS5 has no OR inside a phrase.
    widest = max(len(term.forms) for term in clause.terms)
    phrases = dict.fromkeys(
        '"' + " ".join(term.forms[min(i, len(term.forms) - 1)] for term in clause.terms) + '"'
        for i in range(widest)
    )
    return f"({' OR '.join(phrases)})"


def fts_expression(query: Query) -> str:
    """The MATCH expression of a query."""
    return " AND ".join(_clause(clause) for clause in query.clauses)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        now = timezone.now()
        columns = ", ".join(COLUMNS)
        updates = ", ".join(f"{name} = excluded.{name}" for name in COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, [document.text_id for document in documents])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, subtitle, body, meta) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        document.text_id,
                        " ".join(document.title),
                        " ".join(document.subtitle),
                        " ".join(document.body),
                        " ".join(document.meta),
                    )
                    for document in documents
                ],
            )
            cursor.executemany(
                f"INSERT INTO search_indexentry (text_id, indexed_at, {columns}) "  # noqa: S608  # nosec B608  # fixed column names
                f"VALUES (%s, %s, {_placeholders(COLUMNS)}) "
                f"ON CONFLICT (text_id) DO UPDATE SET indexed_at = excluded.indexed_at, {updates}",
                [(document.text_id, now, *document.column_values()) for document in documents],
            )
        return len(documents)

    def _delete(self, cursor, text_ids: list[int]) -> None:
        placeholders = _placeholders(text_ids)
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", text_ids)  # noqa: S608  # nosec B608  # placeholders only
        cursor.execute(
            f"DELETE FROM search_indexentry WHERE text_id IN ({placeholders})",  # noqa: S608  # nosec B608  # placeholders only
            text_ids,
        )

    def remove(self, text_ids: Iterable[int]) -> None:
        text_ids = list(text_ids)
        if text_ids:
            with transaction.atomic(), connection.cursor() as cursor:
                self._delete(cursor, text_ids)

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_indexentry")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    def candidates(self, query: Query, where: tuple[str, list], *, limit: int) -> list[Candidate]:
        condition, params = where
        # The publication time as stored (ISO text, which sorts as the times do): it only
        # orders candidates, and parsing a thousand of them would cost a millisecond.
        facets = ", ".join(
            f"CAST(search_indexentry.{name} AS TEXT)"
            if name == "published_at"
            else f"search_indexentry.{name}"
            for name in FACET_COLUMNS
        )
        # CROSS JOIN keeps FTS5 the outer loop, walking its matches in descending rowid
        # order and stopping at the limit; bm25 is computed only for the rows it returns.
        sql = (
            f"SELECT search_fts.rowid, bm25(search_fts, {WEIGHTS}), {facets} "  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
            "FROM search_fts CROSS JOIN search_indexentry "
            "ON search_indexentry.text_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({condition}) "
            "ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [fts_expression(query), *params, limit])
            return [Candidate(*row) for row in cursor.fetchall()]

    def total(
        self,
        query: Query,
        where: tuple[str, list],
        *,
        hidden: list[tuple[str, list]],
        last: Candidate,
        found: int,
    ) -> tuple[int, bool]:
        # Counting matches reads only FTS5's lists, never a row. The texts readers may not
        # see are few, found through indexes (one part at a time: with OR the table would be
        # scanned), and those among the matches are taken off. So the public matches are
        # counted exactly, and with filters the share that passes among the newest public
        # matches estimates the share overall: what readers may not see never counts.
        parts = " UNION ".join(
            f"SELECT text_id FROM search_indexentry WHERE {condition}"  # noqa: S608  # nosec B608  # the gate's own SQL
            for condition, _params in hidden
        )
        sql = (
            f"WITH hidden (text_id) AS MATERIALIZED ({parts}) "  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
            "SELECT matches.n, matches.newer, taken.n, taken.newer FROM "
            "(SELECT count(*) AS n, coalesce(sum(rowid >= %s), 0) AS newer "
            "FROM search_fts WHERE search_fts MATCH %s) AS matches, "
            "(SELECT count(*) AS n, coalesce(sum(text_id >= %s), 0) AS newer FROM hidden "
            "WHERE text_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)) AS taken"
        )
        expression = fts_expression(query)
        params = [param for _condition, part in hidden for param in part]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, last.text_id, expression, last.text_id, expression])
            matches, in_range, hidden_all, hidden_in_range = cursor.fetchone()
        public, public_in_range = matches - hidden_all, in_range - hidden_in_range
        if found >= public_in_range:
            return public, True
        return max(found, round(public * found / public_in_range)), False

    def date_page(
        self, query: Query, where: tuple[str, list], *, limit: int, offset: int
    ) -> list[int]:
        condition, params = where
        sql = (
            "SELECT search_indexentry.text_id FROM search_indexentry "  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
            "WHERE search_indexentry.text_id IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
            f"AND ({condition}) "
            "ORDER BY search_indexentry.published_at DESC, search_indexentry.text_id DESC "
            "LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [fts_expression(query), *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def body_matches(self, query: Query, text_ids: list[int]) -> set[int]:
        # The body's terms as stored, read by rowid (FTS5 cannot narrow a MATCH to a list
        # of rows), and tested here the way FTS5 matches them.
        if not text_ids:
            return set()
        exact = [re.escape(f) for t in query.terms() if not t.prefix for f in t.forms]
        prefixes = [re.escape(f) for t in query.terms() if t.prefix for f in t.forms]
        words = [f"(?:{'|'.join(exact)})(?= |$)"] if exact else []
        words += [f"(?:{'|'.join(prefixes)})"] if prefixes else []
        matching = re.compile(f"(?:^| )(?:{'|'.join(words) or '(?!)'})")
        sql = f"SELECT rowid, body FROM search_fts WHERE rowid IN ({_placeholders(text_ids)})"  # noqa: S608  # nosec B608  # placeholders only
        with connection.cursor() as cursor:
            cursor.execute(sql, text_ids)
            return {pk for pk, body in cursor.fetchall() if matching.search(body)}
