"""Facets count what matches and readers may see; filters narrow to one value."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.newsroom import services
from communique.newsroom.models import Release
from communique.search.selectors import Filters, search
from tests.factories import make_category, make_office, make_release, make_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(committed):
    central = make_office("central", name={"en": "Central office"})
    khujand = make_office("khujand", name={"en": "Khujand office"})
    wells = make_category("wells", name={"en": "Wells"})
    water = make_category("water", name={"en": "Water"})
    with committed():
        for day, office, kind, categories in [
            (datetime.date(2023, 11, 4), central, Release.Kind.PRESS_RELEASE, [wells]),
            (datetime.date(2024, 8, 1), central, Release.Kind.NEWS, [water]),
            (datetime.date(2025, 3, 1), khujand, Release.Kind.NEWS, [wells, water]),
        ]:
            release = make_release(
                office,
                issue_date=day,
                title=f"Pump report {day:%Y}",
                kind=kind,
                categories=categories,
                publish=True,
            )
            make_text(release, "ar", title=f"تقرير المضخة {day:%Y}", publish=True)
        # Embargoed: it must count nowhere.
        release = make_release(khujand, title="Pump report embargoed", kind=Release.Kind.STATEMENT)
        services.text_publish(release.texts.get(), at=timezone.now() + datetime.timedelta(days=1))


def facet(results, name):
    return {value.value: value.count for value in results.facets[name]}


def test_facets_count_every_match_by_office_language_category_kind_and_year(newsroom):
    results = search("pump")
    assert results.total == 3  # the English texts; "pump" is not in the Arabic titles
    assert facet(results, "office") == {"central": 2, "khujand": 1}
    assert facet(results, "language") == {"en": 3}
    assert facet(results, "category") == {"wells": 2, "water": 2}
    assert facet(results, "kind") == {"press-release": 1, "news": 2}
    assert facet(results, "hijri_year") == {"1445": 1, "1446": 2}
    assert facet(results, "year") == {"2023": 1, "2024": 1, "2025": 1}


def test_an_embargoed_text_is_in_no_count_and_no_facet(newsroom):
    results = search("embargoed")
    assert (results.total, results.facets, results.hits) == (0, {}, [])
    assert "statement" not in facet(search("pump"), "kind")


def test_each_filter_narrows_the_results(newsroom):
    def count(**filters):
        return search("pump", filters=Filters(**filters)).total

    assert count(office="khujand") == 1
    assert count(kind="news") == 2
    assert count(category="wells") == 2
    assert count(language="ar") == 0
    assert count(hijri_year=1445) == 1
    assert count(date_from=datetime.date(2024, 1, 1)) == 2
    assert count(date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 12, 31)) == 1
    assert count(category="no-such-category") == 0


def test_a_category_filter_includes_its_sub_categories(committed):
    region = make_category("central-asia", name={"en": "Central Asia"})
    country = make_category("tajikistan", name={"en": "Tajikistan"}, parent=region)
    with committed():
        make_release(title="Pump report", categories=[country], publish=True)
    assert search("pump", filters=Filters(category="central-asia")).total == 1


def test_the_language_argument_narrows_to_texts_in_that_language(newsroom):
    assert search("تقرير", language="ar").total == 3
    assert search("تقرير", language="en").total == 0


def test_results_sort_by_date_newest_first(newsroom):
    titles = [hit.text.title for hit in search("pump", order="date").hits]
    assert titles == ["Pump report 2025", "Pump report 2024", "Pump report 2023"]


def test_results_come_in_pages(newsroom):
    first = search("pump", per_page=2)
    second = search("pump", per_page=2, page=2)
    beyond = search("pump", per_page=2, page=99)
    assert (first.num_pages, first.has_next, second.has_previous) == (2, True, True)
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert beyond.page == 2  # a page past the end gives the last one


def test_a_search_costs_the_same_number_of_queries_however_many_texts_match(committed):
    def queries(query):
        with CaptureQueriesContext(connection) as context:
            search(query)
        return len(context.captured_queries)

    office = make_office()
    with committed():
        make_release(office, title="Rare word zebra", categories=[make_category()], publish=True)
        for number in range(15):
            make_release(
                office,
                title=f"Common word pump {number}",
                categories=[make_category()],
                publish=True,
            )
    assert queries("zebra") == queries("pump") <= 7
