"""A prepared query gives what the ORM would, with each call's values, the time included."""

import datetime
from unittest import mock

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.newsroom import selectors
from communique.newsroom.models import Correction, Text
from communique.newsroom.prepared import Prepared
from tests.factories import make_category, make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    make_organisation()
    return make_office("tajikistan")


def test_the_release_page_query_gives_what_the_orm_gives(office):
    older = make_release(office, issue_date=datetime.date(2023, 11, 1), publish=True)
    topics = [make_category("water"), make_category("schools")]
    release = make_release(
        office, issue_date=datetime.date(2023, 11, 4), categories=topics, publish=True
    )
    make_text(release, "ar", publish=True)
    make_text(release, "ru")  # a draft translation: no sibling of the page
    Correction.objects.create(text=release.texts.get(language="en"), note="The date was wrong.")

    prepared = selectors.text_for_page(release.pk, "en")
    orm = selectors.PAGE_TEXT.build(release=release.pk, language="en", now=timezone.now())[0]

    assert prepared.pk == orm.pk
    assert prepared.title == orm.title
    assert prepared.published_at == orm.published_at
    assert prepared.release.issue_date == orm.release.issue_date
    assert prepared.behind == orm.behind
    assert prepared.release.office == office
    assert [t.language for t in prepared.release.published_siblings] == ["en", "ar"]
    assert [c.slug for c in prepared.release.categories.all()] == ["schools", "water"]
    assert [c.note for c in prepared.corrections.all()] == ["The date was wrong."]
    assert prepared.previous_text.release_id == older.pk
    assert prepared.next_text is None
    # Every column as the ORM reads it: the times in the same zone (PostgreSQL's are loaded by
    # psycopg's own loader there, not Django's).
    for field in Text._meta.concrete_fields:
        assert getattr(prepared, field.attname) == getattr(orm, field.attname), field.name
        if isinstance(getattr(orm, field.attname), datetime.datetime):
            assert getattr(prepared, field.attname).tzinfo is datetime.UTC, field.name
    for field in type(orm.release)._meta.concrete_fields:
        assert getattr(prepared.release, field.attname) == getattr(orm.release, field.attname)


def test_each_call_binds_its_own_values(office):
    first = make_release(office, title="Wells for Khujand", publish=True)
    second = make_release(office, title="Scholarships open", publish=True)
    make_text(second, "ar", title="المنح الدراسية", publish=True)

    assert selectors.text_for_page(first.pk, "en").title == "Wells for Khujand"
    assert selectors.text_for_page(second.pk, "en").title == "Scholarships open"
    assert selectors.text_for_page(second.pk, "ar").title == "المنح الدراسية"
    assert selectors.text_for_page(first.pk, "ar") is None
    assert selectors.text_for_page(10**9, "en") is None


def test_the_time_is_each_calls_own_not_the_compiled_querys(office):
    """An embargo ends at its time: the time is bound per call, not kept from the first."""
    release = make_release(office, title="Embargoed until noon")
    text = release.texts.get()
    noon = timezone.now() + datetime.timedelta(hours=2)
    Text.objects.filter(pk=text.pk).update(status=Text.Status.PUBLISHED, published_at=noon)

    assert selectors.text_for_page(release.pk, "en") is None  # compiled now, before noon
    with mock.patch("django.utils.timezone.now", return_value=noon):
        assert selectors.text_for_page(release.pk, "en").title == "Embargoed until noon"
    assert selectors.text_for_page(release.pk, "en") is None


def test_the_page_text_is_one_query(office):
    release = make_release(office, publish=True)
    selectors.text_for_page(release.pk, "en")
    with CaptureQueriesContext(connection) as queries:
        selectors.text_for_page(release.pk, "en")
    assert len(queries) == 1


def test_a_call_must_give_every_slot_and_no_other(office):
    by_title = Prepared(lambda title: Text.objects.filter(title=title), title=models.CharField())
    make_release(office, title="Water for schools", publish=True)
    assert [text.title for text in by_title(title="Water for schools")] == ["Water for schools"]
    assert by_title(title="' OR 1=1 --") == []  # a value, never SQL
    with pytest.raises(TypeError):
        by_title()
    with pytest.raises(TypeError):
        by_title(title="x", language="en")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_postgresql_plans_the_page_query_once_per_connection(office):
    """After its first five runs on a connection the statement is prepared on the server."""
    release = make_release(office, publish=True)

    def prepared_statements() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared_statements()
    for _ in range(6):
        assert selectors.text_for_page(release.pk, "en").pk
    assert prepared_statements() == before + 1
    for _ in range(6):
        selectors.text_for_page(release.pk, "en")
    assert prepared_statements() == before + 1  # the same statement, not one a call
