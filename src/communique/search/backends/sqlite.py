"""SQLite FTS5: the embedded default. Terms go into `search_fts` (rowid = text id)."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from communique.search.backends.base import DATE, Document, SearchBackend
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


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        now = timezone.now()
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
                "INSERT INTO search_indexentry (text_id, indexed_at) VALUES (%s, %s) "
                "ON CONFLICT (text_id) DO UPDATE SET indexed_at = excluded.indexed_at",
                [(document.text_id, now) for document in documents],
            )
        return len(documents)

    def _delete(self, cursor, text_ids: list[int]) -> None:
        placeholders = ", ".join(["%s"] * len(text_ids))
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", text_ids)  # noqa: S608  # nosec B608  # placeholders
        cursor.execute(
            f"DELETE FROM search_indexentry WHERE text_id IN ({placeholders})",  # noqa: S608  # nosec B608  # placeholders
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

    def match_sql(self, query: Query) -> tuple[str, list]:
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts_expression(query)]

    def ranked_sql(self, query: Query, gate_sql: str, order: str) -> tuple[str, list]:
        if order == DATE:
            order_by = "g.published_at DESC, g.pk DESC"
        else:
            order_by = f"bm25(search_fts, {WEIGHTS}), g.published_at DESC, g.pk DESC"
        sql = (
            f"SELECT g.pk FROM search_fts JOIN ({gate_sql}) g ON g.pk = search_fts.rowid "  # noqa: S608  # nosec B608  # the gate's SQL
            f"WHERE search_fts MATCH %s ORDER BY {order_by}"
        )
        return sql, [fts_expression(query)]
