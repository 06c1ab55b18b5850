"""Dates on the record (corrections, withdrawals, comments) are the office's day, in both
calendars, like every other date on the page."""

import datetime

import pytest
from django.utils import timezone

from communique.comments.models import Comment
from communique.newsroom import services
from communique.newsroom.jinja_globals import record_date
from communique.newsroom.models import Correction
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NEXT_DAY = "H. 20 Jumada II 1448 · M. Monday, 30 November 2026"
SAME_DAY = "H. 19 Jumada II 1448 · M. Sunday, 29 November 2026"


@pytest.fixture
def offices():
    make_organisation()
    return {
        "central": make_office("central", time_zone="Asia/Riyadh"),
        "uzbekistan": make_office("uzbekistan", time_zone="Asia/Tashkent"),
    }


def published(office, title="Clinic opens"):
    release = make_release(office, issue_date=datetime.date(2026, 11, 29), title=title)
    text = release.texts.get()
    services.text_publish(text, at=datetime.datetime(2026, 11, 29, 8, 0, tzinfo=UTC))
    return text


@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        ("Asia/Riyadh", datetime.datetime(2026, 11, 29, 20, 59, tzinfo=UTC), SAME_DAY),
        ("Asia/Riyadh", datetime.datetime(2026, 11, 29, 21, 0, tzinfo=UTC), NEXT_DAY),
        ("Asia/Tashkent", datetime.datetime(2026, 11, 29, 18, 59, tzinfo=UTC), SAME_DAY),
        ("Asia/Tashkent", datetime.datetime(2026, 11, 29, 19, 0, tzinfo=UTC), NEXT_DAY),
    ],
)
def test_a_moment_on_the_record_is_the_day_it_was_in_the_offices_zone(zone, moment, expected):
    office = make_office(time_zone=zone)
    assert record_date(moment, office, "en") == expected


def test_a_moment_on_the_record_follows_the_offices_month_starts_and_language():
    moment = datetime.datetime(2026, 11, 29, 21, 30, tzinfo=UTC)
    assert record_date(moment, make_office(time_zone="Asia/Riyadh"), "ar") == (
        "20 جمادى الآخرة 1448 هـ · الاثنين، 30 نوفمبر 2026 م"
    )
    assert record_date(moment, make_office(time_zone="Asia/Riyadh"), "ar", eastern_digits=True) == (
        "٢٠ جمادى الآخرة ١٤٤٨ هـ · الاثنين، ٣٠ نوفمبر ٢٠٢٦ م"
    )


def test_a_correction_made_after_21_utc_is_dated_the_next_day_in_makkah(client, offices):
    text = published(offices["central"])
    Correction.objects.create(
        text=text,
        note="Four villages, not three.",
        made_at=datetime.datetime(2026, 11, 29, 23, 30, tzinfo=UTC),
    )
    html = client.get(text.get_absolute_url()).content.decode()
    assert f"Corrected on {NEXT_DAY}:" in html


def test_a_withdrawal_after_19_utc_is_dated_the_next_day_in_tashkent(client, offices, monkeypatch):
    text = published(offices["uzbekistan"])
    at = datetime.datetime(2026, 11, 29, 19, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: at)
    services.text_withdraw(text)
    monkeypatch.undo()
    html = client.get(text.get_absolute_url()).content.decode()
    assert f"This release was withdrawn on {NEXT_DAY}." in html


def test_a_comment_is_dated_in_the_offices_zone_in_both_calendars(client, offices):
    text = published(offices["central"])
    comment = Comment.objects.create(
        text=text,
        name="Amina",
        email="amina@example.org",
        body="Thank you.",
        status=Comment.Status.APPROVED,
        moderated_at=timezone.now(),
    )
    Comment.objects.filter(pk=comment.pk).update(
        created_at=datetime.datetime(2026, 11, 29, 21, 15, tzinfo=UTC)
    )
    html = client.get(text.get_absolute_url()).content.decode()
    assert f"{NEXT_DAY}</time>" in html
