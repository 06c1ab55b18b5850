"""Cursor pagination: opaque, signed, and stable while new texts are published."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.newsroom.models import Text
from tests.api.conftest import Api, token_for
from tests.factories import make_category, make_office, make_organisation, make_release, make_text


def many(count: int, office=None):
    office = office or make_office("uzbekistan")
    start = timezone.now() - datetime.timedelta(days=1)
    releases = []
    for index in range(count):
        release = make_release(office, title=f"Water point {index:03}", publish=True)
        make_text(release, "ar", title=f"نقطة مياه {index:03}", publish=True)
        # Some share a publication time: the cursor must still keep them apart.
        Text.objects.filter(release=release).update(
            published_at=start + datetime.timedelta(minutes=index // 2)
        )
        releases.append(release)
    return releases


def walk(api, path, params) -> list[int]:
    seen, cursor = [], None
    while True:
        body = api.get(path, {**params, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return seen


def test_walking_the_pages_meets_every_text_once_newest_first(db):
    make_organisation()
    many(9)
    ids = walk(Api(), "/texts", {"limit": 4})
    expected = list(Text.objects.order_by("-published_at", "-pk").values_list("pk", flat=True))
    assert ids == expected and len(ids) == 18


def test_a_text_published_between_two_pages_does_not_shift_the_next_page(db):
    make_organisation()
    office = make_office("uzbekistan")
    many(6, office)
    first = Api().get("/texts", {"limit": 5, "language": "en"}).json()
    make_release(office, title="Published meanwhile", publish=True)
    second = (
        Api().get("/texts", {"limit": 5, "language": "en", "cursor": first["next_cursor"]}).json()
    )
    first_ids = [item["id"] for item in first["items"]]
    second_ids = [item["id"] for item in second["items"]]
    assert not set(first_ids) & set(second_ids)
    assert len(first_ids + second_ids) == 6


def test_releases_page_the_same_way(db):
    make_organisation()
    many(7)
    assert len(set(walk(Api(), "/releases", {"limit": 3}))) == 7


def test_a_forged_or_borrowed_cursor_is_a_400(db):
    make_organisation()
    many(3)
    cursor = Api().get("/texts", {"limit": 1}).json()["next_cursor"]
    assert cursor
    for bad in (cursor[:-2] + "xx", "e30", "' OR 1=1 --"):
        response = Api().get("/texts", {"cursor": bad})
        assert response.status_code == 400
        assert response.json()["message"]
    assert Api().get("/releases", {"cursor": cursor}).status_code == 400


def count_queries(path, params=None, token=None) -> int:
    api = Api(token)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, params)
    assert response.status_code == 200
    return len(queries)


def test_a_page_of_texts_costs_the_same_queries_for_5_or_50_texts(db):
    make_organisation()
    office = make_office("uzbekistan")
    many(3, office)
    few = count_queries("/texts", {"limit": 5})
    many(30, office)
    assert count_queries("/texts", {"limit": 50}) == few == 4


def test_a_page_of_releases_costs_the_same_queries_for_5_or_50(db):
    make_organisation()
    office = make_office("uzbekistan")
    many(3, office)
    few = count_queries("/releases", {"limit": 5})
    many(30, office)
    assert count_queries("/releases", {"limit": 50}) == few == 4


def test_a_token_and_a_category_filter_add_a_fixed_number_of_queries(db):
    from tests.editorial.conftest import make_user

    make_organisation()
    office = make_office("uzbekistan")
    water = make_category("water")
    for release in many(5, office):
        release.categories.add(water)
    token = token_for(make_user("reader"))
    # The token's row (with its user) and, at most every few minutes, its last use.
    assert count_queries("/texts", {"limit": 50}, token=token) <= 4 + 2
    assert count_queries("/texts", {"limit": 50}, token=token) == 4 + 1
    # The category (the tree is the reference data's, read once per process).
    count_queries("/texts", {"limit": 50, "category": "water"})
    assert count_queries("/texts", {"limit": 50, "category": "water"}) == 4 + 1
    assert len(Api().get("/texts", {"category": "water"}).json()["items"]) == 10
