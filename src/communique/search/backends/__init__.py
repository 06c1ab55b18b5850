"""The search backend for the database in use, chosen from its vendor."""

from django.db import connection

from communique.search.backends.base import DATE, RELEVANCE, Document, SearchBackend

__all__ = ["DATE", "RELEVANCE", "Document", "SearchBackend", "get_backend"]


def get_backend() -> SearchBackend:
    """SQLite FTS5 on the embedded default, tsvector + GIN on PostgreSQL."""
    if connection.vendor == "postgresql":
        from communique.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from communique.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}.")
