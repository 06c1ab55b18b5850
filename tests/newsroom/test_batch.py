"""A batch of renders counts a list once and reads each page from where the last ended,
and shows what each page alone would have shown."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.newsroom import batch
from communique.newsroom.models import Text
from tests.factories import (
    bulk_published_releases,
    make_category,
    make_office,
    make_organisation,
    make_release,
)

pytestmark = pytest.mark.django_db

TITLE = re.compile(r'<h2 class="release-card__title"><a href="[^"]*" dir="auto">([^<]*)</a>')


@pytest.fixture
def office(settings):
    settings.COMMUNIQUE_PAGE_SIZE = 3
    make_organisation()
    return make_office("tajikistan")


def titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return TITLE.findall(response.content.decode())


def every_page(client, url: str, pages: int) -> list[list[str]]:
    return [titles(client, f"{url}?page={number}") for number in range(1, pages + 1)]


@pytest.mark.parametrize("url", ["/en/", "/en/offices/tajikistan/", "/en/categories/water/"])
def test_a_batch_shows_each_page_as_it_would_alone(office, url):
    water = make_category("water")
    releases = bulk_published_releases(office, 10)
    for release in releases:
        release.categories.add(water)
    # Four texts published at the same moment: the id orders them, across a page's end.
    same = timezone.now() - timezone.timedelta(hours=1)
    Text.objects.filter(release__in=releases[3:7]).update(published_at=same)
    client = Client()

    alone = every_page(client, url, 4)
    with batch.shared():
        together = every_page(client, url, 4)

    assert together == alone
    assert sum(len(page) for page in alone) == 10
    assert len({title for page in alone for title in page}) == 10


def test_a_batch_counts_a_list_once_and_skips_no_rows(office):
    bulk_published_releases(office, 10)
    client = Client()
    titles(client, "/en/")  # the reference data, read once per process
    with batch.shared(), CaptureQueriesContext(connection) as queries:
        every_page(client, "/en/", 4)
    sql = [query["sql"].upper() for query in queries]
    assert sum("COUNT(" in statement for statement in sql) == 1
    # The four pages' rows in one query, from the top.
    assert sum('FROM "NEWSROOM_TEXT"' in statement for statement in sql) == 2
    assert not any("OFFSET" in statement for statement in sql)


def test_a_long_list_is_read_ten_pages_at_a_time_each_from_where_the_last_ended(office):
    bulk_published_releases(office, 35)  # twelve pages of three
    client = Client()
    alone = every_page(client, "/en/", 12)
    with batch.shared(), CaptureQueriesContext(connection) as queries:
        together = every_page(client, "/en/", 12)
    assert together == alone
    rows = [query["sql"].upper() for query in queries if "LIMIT" in query["sql"].upper()]
    assert len(rows) == 2
    assert "LIMIT 30" in rows[0] and "LIMIT 6" in rows[1]  # to the list's end, not beyond
    assert not any("OFFSET" in statement for statement in rows)


def test_lists_read_in_turn_keep_their_own_rows(office):
    offices = [office, *(make_office(f"office-{number}") for number in range(5))]
    for each in offices:
        bulk_published_releases(each, 7)
    client = Client()
    urls = [f"/en/offices/{each.slug}/" for each in offices]
    alone = {url: every_page(client, url, 3) for url in urls}
    with batch.shared():
        # Page 1 of every list, then page 2 of every list, then page 3: more lists than a
        # batch keeps the rows of.
        together = {url: [] for url in urls}
        for number in (1, 2, 3):
            for url in urls:
                together[url].append(titles(client, f"{url}?page={number}"))
    assert together == alone


def test_a_page_out_of_turn_is_read_by_its_number(office):
    bulk_published_releases(office, 10)
    client = Client()
    alone = every_page(client, "/en/", 4)
    with batch.shared():
        assert titles(client, "/en/?page=1") == alone[0]
        assert titles(client, "/en/?page=3") == alone[2]
        assert titles(client, "/en/?page=2") == alone[1]
        assert titles(client, "/en/?page=4") == alone[3]


def test_without_a_batch_every_page_counts_afresh(office):
    bulk_published_releases(office, 3)
    client = Client()
    assert '?page=2"' not in client.get("/en/").content.decode()
    make_release(office, title="Scholarships open", publish=True)
    page = client.get("/en/").content.decode()
    assert "Scholarships open" in page
    assert '?page=2"' in page


def test_a_batch_remembers_only_inside_it(office):
    calls = []
    with batch.shared():
        assert batch.remembered(("k",), lambda: calls.append(1) or 7) == 7
        assert batch.remembered(("k",), lambda: calls.append(1) or 8) == 7
    assert batch.remembered(("k",), lambda: calls.append(1) or 9) == 9
    assert len(calls) == 2


def test_a_keyed_list_must_be_newest_first(office):
    from communique.newsroom.models import Text

    with pytest.raises(ValueError, match="ordered"):
        batch.ListPaginator(Text.objects.order_by("title"), 3, key=("titles",))
