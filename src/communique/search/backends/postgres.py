"""PostgreSQL: tsvector columns on the index table, a GIN index over the terms and the
text's id, ranking on the heading.

The vectors are written as tsvector literals from the Python terms, so PostgreSQL's text
search configurations never touch them: matching is the same as on SQLite. Ranking reads
only `heading` (title, subtitle, number and names), a small vector kept in the row beside
the full `document` (which lives out of line, in TOAST storage): ts_rank over whole bodies
would read every matching body from there. The candidates are read a window of the newest
ids at a time (the GIN index finds the matches inside a window itself), so a common word
costs about as much as a rare one.
"""

import logging
from collections.abc import Iterable, Sequence

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from communique.search.backends.base import (
    COLUMNS,
    FACET_COLUMNS,
    Candidate,
    Candidates,
    Document,
    SearchBackend,
)
from communique.search.normalise import Term
from communique.search.query import Clause, Query

logger = logging.getLogger(__name__)

#: PostgreSQL keeps positions up to this; later words still match, without a position.
MAX_POSITION = 16383


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


#: The GIN index over the terms and the ids (migration 0005).
GIN_INDEX = "search_document_recent_gin"
#: How many of the newest ids a search looks among first (the ids are negated in the
#: GIN index: see migration 0005).
FIRST_WINDOW = 4096
#: Below this many expected matches per candidate wanted, every match is read at once.
MANY = 8
#: Where the candidates fill less than one in EXACT_SHARE of the ids, on a site of more than
#: EXACT_SPAN ids, the matches are estimated rather than counted (tests set them small).
EXACT_SHARE = 4
EXACT_SPAN = 20_000


def _id_span() -> tuple[int, int] | None:
    """The oldest and newest text id in the index (two reads of the key's ends)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(text_id), max(text_id) FROM search_indexentry")
        oldest, newest = cursor.fetchone()
    return None if newest is None else (oldest, newest)


def _maintain(sql: str, params: list | None = None) -> None:
    """A step of index upkeep that only the index's owner may take: a site whose role does
    not own it (its migrations run by another) rebuilds without it, more slowly."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        logger.warning("Search index upkeep skipped (%s): %s", sql.split("(")[0], error)


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
            # What ranks: the title, subtitle, number and names (the body's words find a
            # text; among those, the newest come first). Small enough to stay in the row.
            heading = vector(
                [(document.title, "A"), (document.subtitle, "B"), (document.meta, "C")]
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

    def start_rebuild(self) -> None:
        # Entries are gathered in a pending list while every text is written, and merged
        # into the index once at the end (faster than merging each on its own).
        _maintain(f"ALTER INDEX {GIN_INDEX} SET (fastupdate = on)")

    def optimise(self) -> None:
        # Searches never read a pending list: it is merged now, and writes merge at once.
        _maintain("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
        _maintain(f"ALTER INDEX {GIN_INDEX} SET (fastupdate = off)")
        if connection.in_atomic_block:  # VACUUM cannot run inside a transaction
            _maintain("ANALYZE search_indexentry")
            return
        # A rebuild rewrites every row: the old versions (as many as the rows) doubled the
        # table, and searches read past them (p95 20.7 ms before, 17.1 ms after, at 100,000
        # texts) until autovacuum came round.
        try:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) search_indexentry")
        except DatabaseError as error:
            logger.warning("Search index upkeep skipped (VACUUM): %s", error)

    def candidates(self, query: Query, where: tuple[str, list], *, limit: int) -> Candidates:
        # The newest matches first. The GIN index holds the id beside the terms, so it can
        # hand over only the matches among the newest ids: a word found in a quarter of the
        # texts then costs about `limit` heap rows instead of all of its matches. A window
        # that holds too few is widened once, by the share of matches it held, and then the
        # index is asked for every match (a window reaching far back would cost the index
        # more than the rows it spares: each id in a range is an entry it reads).
        span = _id_span()
        if span is None:
            return Candidates()
        oldest, newest = span
        condition, params = where
        facets = ", ".join(
            # Seconds since the epoch: they only order candidates, and a float is read in a
            # fraction of a datetime's time.
            "extract(epoch FROM published_at)::float8" if name == "published_at" else name
            for name in FACET_COLUMNS
        )
        expression = tsquery(query)

        def newest_matches(lower: int) -> Candidates:
            # ts_rank then reads the small heading of the rows kept only. Reading every
            # match, the same pass counts them.
            bounded = lower > oldest
            within = "(-text_id) <= %s::bigint AND " if bounded else ""
            count = "NULL" if bounded else "count(*) OVER ()"
            sql = (
                f"SELECT c.text_id, -ts_rank(c.heading, %s::tsquery), {facets}, c.n FROM ("  # noqa: S608  # nosec B608  # fixed SQL and the gate's own
                f"SELECT text_id, heading, {', '.join(FACET_COLUMNS)}, {count} AS n "
                "FROM search_indexentry "
                f"WHERE document @@ %s::tsquery AND {within}({condition}) "
                "ORDER BY text_id DESC LIMIT %s) c"
            )
            bound = [-lower] if bounded else []
            rows = _fetch(sql, [expression, expression, *bound, *params, limit])
            found = Candidates(Candidate(*row[:-1]) for row in rows)
            if not bounded:
                found.total = rows[0][-1] if rows else 0
            return found

        lower = newest - FIRST_WINDOW + 1
        found = newest_matches(lower)
        if len(found) >= limit or lower <= oldest:
            return found
        if found and len(found) * (newest - oldest + 1) > MANY * limit * FIRST_WINDOW:
            # Many matches, if fewer among the newest: a window that should hold enough.
            lower = newest - round(limit * FIRST_WINDOW / len(found) * 1.5) + 1
            if lower > oldest:
                found = newest_matches(lower)
                if len(found) >= limit:
                    return found
        return newest_matches(oldest)

    def total(
        self,
        query: Query,
        where: tuple[str, list],
        *,
        hidden: list[tuple[str, list]],
        last: Candidate,
        found: int,
    ) -> tuple[int, bool]:
        # The candidates are the newest matches: `found` of them have an id from
        # `last.text_id` up. Where they fill a small share of the ids, the matches are many
        # and counting each one would read all their rows: the total is estimated from the
        # share of the ids they fill, by public texts only. Otherwise the GIN bitmap visits
        # a few thousand rows at most, and they are counted exactly.
        oldest, newest = _id_span() or (last.text_id, last.text_id)
        span, scanned = newest - oldest + 1, newest - last.text_id + 1
        if span > EXACT_SPAN and scanned * EXACT_SHARE < span:
            return max(found, round(found * span / scanned)), False
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

    def body_matches(self, query: Query, text_ids: list[int]) -> set[int]:
        if not text_ids:
            return set()
        # The body's terms are the vector's unweighted ones (weight D).
        words = " | ".join(
            f"{_lexeme(form)}:{'*' if term.prefix else ''}D"
            for term in query.terms()
            for form in term.forms
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT text_id FROM search_indexentry "
                "WHERE text_id = ANY(%s) AND document @@ %s::tsquery",
                [list(text_ids), words],
            )
            return {row[0] for row in cursor.fetchall()}
