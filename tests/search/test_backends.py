"""What a backend leaves behind: nothing a later query of the same connection would notice."""

import pytest
from django.db import connection

from communique.search.selectors import search

pytestmark = pytest.mark.django_db


def test_a_search_on_postgresql_leaves_the_planner_as_it_was(publish):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner settings")
    publish("Pump report")
    assert search("pump").total == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        )
        assert cursor.fetchone() == ("on", "on")


def test_a_rebuild_on_postgresql_leaves_no_pending_entries_for_searches_to_read(publish):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN pending list")
    from communique.search.backends.postgres import GIN_INDEX
    from communique.search.services import reindex

    publish("Pump report")
    assert reindex() >= 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [GIN_INDEX])
        assert cursor.fetchone()[0] == ["fastupdate=off"]
    assert search("pump").total == 1


def test_index_upkeep_the_site_may_not_do_is_skipped_and_said(publish, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's index upkeep")
    from communique.search.backends.postgres import _maintain

    publish("Pump report")
    _maintain("ALTER INDEX search_no_such_index SET (fastupdate = on)")
    assert "Search index upkeep skipped" in caplog.text
    assert search("pump").total == 1  # the connection is as good as before


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_on_postgresql_vacuums_the_rows_it_replaced(publish):
    """A rebuild rewrites every entry: the old versions are vacuumed away at its end, not
    left for searches to read past until autovacuum comes."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's VACUUM")
    from communique.search.services import reindex

    publish("Pump report")
    assert reindex() >= 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'search_indexentry'"
        )
        assert cursor.fetchone() == (True,)
    assert search("pump").total == 1


def test_a_rebuild_inside_a_transaction_still_finishes_on_postgresql(publish):
    """VACUUM cannot run in a transaction: there the rebuild only analyses."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's VACUUM")
    from communique.search.services import reindex

    publish("Pump report")
    assert reindex() >= 1  # the test's own transaction is open
    assert search("pump").total == 1
