"""Every public page costs a fixed, small number of queries, whatever it shows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.comments.models import Comment
from communique.newsroom import reference
from communique.newsroom.models import Correction, MenuItem, ReleaseAttachment
from tests.factories import make_category, make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db

#: The budget of each page, in queries (docs/performance.md).
RELEASE_PAGE = 4
LIST_PAGE = 4


@pytest.fixture
def office():
    make_organisation()
    return make_office("uzbekistan", name={"en": "Uzbekistan Office"})


def rich_release(office, *, categories=6, translations=("ar", "ru", "uz"), comments=5):
    """A release with many categories, translations, comments, corrections and documents."""
    topics = [make_category() for _ in range(categories)]
    make_release(office, issue_date=datetime.date(2023, 11, 1), publish=True)  # the previous
    release = make_release(
        office, issue_date=datetime.date(2023, 11, 4), categories=topics, publish=True
    )
    text = release.texts.get()
    for language in translations:
        make_text(release, language, publish=True)
    for number in range(comments):
        Comment.objects.create(
            text=text,
            name=f"Reader {number}",
            email="reader@example.org",
            body="Thank you.",
            status=Comment.Status.APPROVED,
            moderated_at=timezone.now(),
        )
    Correction.objects.create(text=text, note="The date was wrong.")
    ReleaseAttachment.objects.create(
        release=release, title="Report", file=SimpleUploadedFile("report.pdf", b"%PDF-1.4")
    )
    make_release(office, issue_date=datetime.date(2023, 11, 20), publish=True)  # the next
    MenuItem.objects.create(menu="main", title={"en": "Home"}, kind="home")
    return text


def warm(client, url):
    """The first page after a change reads the reference data again (once per process)."""
    assert client.get(url).status_code == 200


def test_a_release_page_costs_at_most_four_queries_whatever_it_shows(
    client, office, django_assert_max_num_queries
):
    text = rich_release(office)
    url = text.get_absolute_url()
    warm(client, url)
    with django_assert_max_num_queries(RELEASE_PAGE):
        response = client.get(url)
    html = response.content.decode()
    assert "Reader 4" in html and "The date was wrong." in html and "Report" in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_a_release_page_costs_the_same_with_ten_times_the_content(client, office):
    small = rich_release(office, categories=1, translations=(), comments=1)
    large = rich_release(make_office("kyrgyzstan"), categories=10, comments=30)
    counts = []
    for text in (small, large):
        warm(client, text.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(text.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1] <= RELEASE_PAGE


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/offices/",
        "/en/offices/uzbekistan/",
        "/en/offices/uzbekistan/1445/",
        "/en/categories/water/",
        "/en/search/",
    ],
)
def test_a_list_page_costs_a_fixed_few_queries_however_long_the_list(
    client, office, url, settings, django_assert_max_num_queries
):
    settings.COMMUNIQUE_PAGE_SIZE = 50
    water = make_category("water")
    counts = []
    for how_many in (1, 30):
        for day in range(how_many):
            make_release(
                office,
                issue_date=datetime.date(2023, 11, 1) + datetime.timedelta(days=day),
                categories=[water, make_category()],
                publish=True,
            )
        warm(client, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(LIST_PAGE):
        client.get(url)


def test_a_change_made_by_another_process_is_seen_on_the_next_request(client, office):
    make_release(office, title="New well opens", publish=True)
    assert "Uzbekistan Office" in client.get("/en/offices/").content.decode()
    # Another process renames the office: this one sees no signal, only the version move.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsroom_office SET name = %s WHERE id = %s",
            ['{"en": "Tashkent Office"}', office.pk],
        )
    assert "Uzbekistan Office" in client.get("/en/offices/").content.decode()  # kept, as meant
    reference._bump()  # what the other process's commit does
    assert "Tashkent Office" in client.get("/en/offices/").content.decode()


class StoppedCache:
    """What communique.cache makes of a cache that does not answer: every read a miss."""

    def get(self, key, default=None):
        return default

    def set(self, *args, **kwargs):
        return None


def test_with_the_cache_down_the_version_comes_from_the_database(client, office, monkeypatch):
    client.get("/en/offices/")
    monkeypatch.setattr(reference, "cache", StoppedCache())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsroom_office SET name = %s WHERE id = %s",
            ['{"en": "Tashkent Office"}', office.pk],
        )
        cursor.execute("UPDATE newsroom_referenceversion SET number = number + 1")
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO newsroom_referenceversion (id, number) VALUES (1, 7)")
    assert "Tashkent Office" in client.get("/en/offices/").content.decode()


def test_a_write_in_this_process_shows_at_once(client, office):
    assert "Uzbekistan Office" in client.get("/en/offices/").content.decode()
    office.name = {"en": "Tashkent Office"}
    office.save()
    assert "Tashkent Office" in client.get("/en/offices/").content.decode()
