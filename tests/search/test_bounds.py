"""Beyond a bound of matches, counts are estimates (and the page says so), ranking orders
the most recently added matches, sorting by date still reaches every match, and the
embargo holds exactly."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.newsroom import services
from communique.newsroom.models import Release
from communique.newsroom.selectors import is_public
from communique.search import selectors
from communique.search.models import IndexEntry
from communique.search.selectors import Filters, search
from tests.factories import make_category, make_office, make_release

pytestmark = pytest.mark.django_db

BOUND = 3


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(selectors, "BOUND", BOUND)


@pytest.fixture
def pumps(committed):
    """Eight public texts about pumps, one a day, the newest last, news and press releases
    in turn; then two embargoed statements."""
    office = make_office("central", name={"en": "Central office"})
    wells = make_category("wells", name={"en": "Wells"})
    now = timezone.now()
    with committed():
        for day in range(8):
            release = make_release(
                office,
                title=f"Pump report {day}",
                kind=Release.Kind.NEWS if day % 2 == 0 else Release.Kind.PRESS_RELEASE,
                categories=[wells],
                publish=True,
            )
            text = release.texts.get()
            text.published_at = now - datetime.timedelta(days=8 - day)
            text.save()
        for day in range(2):
            release = make_release(
                office, title=f"Pump report embargoed {day}", kind=Release.Kind.STATEMENT
            )
            services.text_publish(release.texts.get(), at=now + datetime.timedelta(days=1))


def facet(results, name):
    return {value.value: value.count for value in results.facets[name]}


def test_within_the_bound_every_count_is_exact(pumps):
    results = search("pump")
    assert (results.total, results.approximate, results.sampled) == (8, False, False)
    assert facet(results, "kind") == {"news": 4, "press-release": 4}


def test_beyond_the_bound_the_total_is_exact_and_the_facets_are_estimates(pumps, bound):
    results = search("pump")
    assert (results.total, results.approximate, results.sampled) == (8, False, True)
    assert set(facet(results, "kind")) == {"news", "press-release"}  # no embargoed statement
    assert facet(results, "office") == {"central": 8}
    assert facet(results, "category") == {"wells": 8}
    assert all("embargoed" not in hit.text.title for hit in results.hits)


def test_beyond_the_bound_a_filtered_total_is_estimated_from_public_texts_only(pumps, bound):
    # Four news texts: more than the bound of three. SQLite estimates from the share of
    # news among the newest public matches (exact here), PostgreSQL counts.
    results = search("pump", filters=Filters(kind="news"))
    assert results.approximate == (connection.vendor == "sqlite")
    assert results.total == 4


def test_the_index_rows_readers_may_not_see_are_exactly_those_the_gate_leaves_out(pumps, committed):
    with committed():
        make_release(title="Pump draft")
        withdrawn = make_release(title="Pump withdrawn", publish=True).texts.get()
        services.text_withdraw(withdrawn)
    rows = IndexEntry.objects.all()
    public = set(rows.filter(is_public()).values_list("pk", flat=True))
    hidden = set(rows.filter(selectors.hidden()).values_list("pk", flat=True))
    assert public and hidden
    assert public.isdisjoint(hidden)
    assert public | hidden == set(rows.values_list("pk", flat=True))


def test_beyond_the_bound_ranking_pages_through_the_bound_and_date_order_through_all(pumps, bound):
    ranked = search("pump", per_page=2)
    assert ranked.num_pages == 2  # the three ranked matches
    assert len(search("pump", per_page=2, page=2).hits) == 1
    by_date = [
        hit.text.title
        for page in (1, 2, 3, 4)
        for hit in search("pump", order="date", per_page=2, page=page).hits
    ]
    assert by_date == [f"Pump report {day}" for day in range(7, -1, -1)]


def test_a_filter_beyond_the_bound_still_counts_only_what_it_keeps(pumps, bound):
    assert search("pump", filters=Filters(kind="statement")).total == 0
    # Four press releases (SQLite's estimate: 4 among the 7 newest public matches, of 8).
    assert search("pump", filters=Filters(kind="press-release")).total in (4, 5)
    assert search("pump", filters=Filters(office="central")).total == 8
    assert search("pump", filters=Filters(office="no-such-office")).total == 0


def test_an_embargoed_text_beyond_the_bound_is_found_exactly_when_its_time_comes(
    pumps, bound, monkeypatch
):
    later = timezone.now() + datetime.timedelta(days=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    results = search("pump", order="date", per_page=2)
    assert results.total == 10
    assert [hit.text.title for hit in results.hits] == [
        "Pump report embargoed 1",
        "Pump report embargoed 0",
    ]


def test_the_page_says_when_counts_are_estimates(client, pumps, bound):
    page = client.get("/en/search/", {"q": "pump"}).content.decode()
    assert "the counts beside the filters are estimates" in page
    assert "about 5" in page  # press releases: two of the three newest, scaled to eight
    exact = client.get("/en/search/", {"q": "pump", "kind": "statement"}).content.decode()
    assert "estimates" not in exact


def test_changing_a_release_moves_its_texts_in_the_facets(publish, committed):
    khujand = make_office("khujand", name={"en": "Khujand office"})
    text = publish("Pump report", kind=Release.Kind.NEWS)
    release = text.release
    with committed():
        release.kind = Release.Kind.STATEMENT
        release.office = khujand
        release.save()
        release.categories.add(make_category("wells", name={"en": "Wells"}))
    results = search("pump")
    assert facet(results, "kind") == {"statement": 1}
    assert facet(results, "office") == {"khujand": 1}
    assert search("pump", filters=Filters(category="wells")).total == 1
    with committed():
        release.categories.clear()
    assert search("pump", filters=Filters(category="wells")).total == 0


def test_beyond_the_bound_drafts_and_withdrawn_texts_are_not_counted(pumps, bound, committed):
    with committed():
        make_release(title="Pump draft")
        withdrawn = make_release(title="Pump withdrawn", publish=True).texts.get()
        services.text_withdraw(withdrawn)
    results = search("pump")
    assert (results.total, results.approximate) == (8, False)
    assert all(hit.text.title.startswith("Pump report") for hit in results.hits)


def test_counting_beyond_the_bound_finds_the_hidden_texts_through_indexes(pumps, bound):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plan")
    with CaptureQueriesContext(connection) as context:
        search("pump")
    (counting,) = [query["sql"] for query in context.captured_queries if "hidden" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {counting}")
        plan = [row[-1] for row in cursor.fetchall()]
    assert not [step for step in plan if step.startswith("SCAN search_indexentry")], plan


@pytest.fixture
def postgres_windows(monkeypatch):
    """PostgreSQL's backend with windows of ids far smaller than the test's site."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL reads the newest ids a window at a time")
    from communique.search.backends import postgres

    def windows(first, *, many=postgres.MANY, exact_span=postgres.EXACT_SPAN, share=4):
        monkeypatch.setattr(postgres, "FIRST_WINDOW", first)
        monkeypatch.setattr(postgres, "MANY", many)
        monkeypatch.setattr(postgres, "EXACT_SPAN", exact_span)
        monkeypatch.setattr(postgres, "EXACT_SHARE", share)

    return windows


def _titles(results):
    return [hit.text.title for hit in results.hits]


def test_reading_the_newest_ids_in_windows_finds_what_reading_every_match_finds(
    pumps, bound, postgres_windows
):
    postgres_windows(10_000)  # one window: every match
    everything = search("pump")
    for first, many in ((1, 0), (2, 0), (2, 1000), (3, 0)):
        postgres_windows(first, many=many)
        results = search("pump")
        assert _titles(results) == _titles(everything), (first, many)
        assert (results.total, results.approximate) == (8, False)


def test_a_word_only_in_the_oldest_texts_is_found_beyond_the_first_window(
    pumps, postgres_windows, committed
):
    postgres_windows(1)
    assert _titles(search("report 0")) == ["Pump report 0"]
    assert search("nothing-like-it").total == 0


def test_many_matches_among_few_ids_are_estimated_from_public_texts_only(
    pumps, bound, postgres_windows
):
    # The newest six ids hold the two embargoed texts and four public matches, enough: the
    # rest is estimated from the share of the ids they fill, by public texts only.
    postgres_windows(6, exact_span=0, share=1)
    results = search("pump")
    assert results.approximate and results.sampled
    assert 4 <= results.total <= 20
    assert all("embargoed" not in title for title in _titles(results))
    assert set(facet(results, "kind")) == {"news", "press-release"}
