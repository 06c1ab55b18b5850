"""Scheduled publication fires; until then an embargoed text is nowhere to be seen."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from communique.editorial import services
from communique.newsroom import services as newsroom
from communique.newsroom.models import Text
from tests.factories import make_category, make_office, make_release

pytestmark = pytest.mark.django_db


def test_a_due_text_is_published_by_publish_due_at_its_time(people, release):
    text = release.texts.get()
    at = timezone.now() + datetime.timedelta(hours=1)
    services.text_schedule(text, by=people["editor"], at=at)
    assert services.publish_due() == []
    published = services.publish_due(now=at + datetime.timedelta(seconds=5))
    assert [t.pk for t in published] == [text.pk]
    text.refresh_from_db()
    release.refresh_from_db()
    assert text.status == Text.Status.PUBLISHED
    assert text.published_at == at  # the embargo time, not whenever the worker came round
    assert release.number is not None
    assert text.scheduled_for is None


@pytest.mark.django_db(transaction=True)
def test_the_django_tasks_worker_publishes_a_scheduled_text(people, release):
    # A real transaction: the worker takes its own (BEGIN EXCLUSIVE on SQLite).
    from django_tasks_db.models import DBTaskResult

    text = release.texts.get()
    services.text_schedule(
        text, by=people["editor"], at=timezone.now() + datetime.timedelta(seconds=1)
    )
    task = DBTaskResult.objects.get()
    assert task.run_after is not None
    time.sleep(1.1)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    text.refresh_from_db()
    assert text.status == Text.Status.PUBLISHED


def test_publish_due_command_publishes_and_says_so(people, release, capsys):
    text = release.texts.get()
    Text.objects.filter(pk=text.pk).update(
        status=Text.Status.SCHEDULED, scheduled_for=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish-due")
    assert "Published en" in capsys.readouterr().out
    assert Text.objects.get(pk=text.pk).status == Text.Status.PUBLISHED


def test_scheduling_in_the_past_is_refused(people, release):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.text_schedule(
            release.texts.get(),
            by=people["editor"],
            at=timezone.now() - datetime.timedelta(minutes=1),
        )


def test_an_embargoed_text_is_invisible_on_every_public_surface(client, offices):
    office = offices[0]
    water = make_category("water")
    issue_date = datetime.date(2023, 11, 4)
    # Published texts around it, so every list has something in it.
    make_release(
        office,
        issue_date=issue_date - datetime.timedelta(days=1),
        title="Older well",
        categories=[water],
        publish=True,
    )
    embargoed = make_release(
        office, issue_date=issue_date, title="Embargoed well", categories=[water]
    )
    make_release(
        office,
        issue_date=issue_date + datetime.timedelta(days=1),
        title="Newer well",
        categories=[water],
        publish=True,
    )
    text = embargoed.texts.get()
    # Both ways a text can be under embargo: scheduled, or published with a time still ahead.
    Text.objects.filter(pk=text.pk).update(
        status=Text.Status.SCHEDULED, scheduled_for=timezone.now() + datetime.timedelta(days=1)
    )
    for _round in ("scheduled", "published-ahead"):
        surfaces = [
            "/en/",
            "/en/offices/uzbekistan/",
            "/en/offices/uzbekistan/1445/",
            "/en/categories/water/",
            "/en/offices/",
            f"/en/releases/{embargoed.pk}/",
        ]
        for url in surfaces:
            response = client.get(url, follow=True)
            assert "Embargoed well" not in response.content.decode(), (url, _round)
        assert client.get(text.get_absolute_url()).status_code == 404
        # Neither neighbour links to it.
        for title in ("Older well", "Newer well"):
            neighbour = Text.objects.get(title=title)
            assert "Embargoed well" not in client.get(neighbour.get_absolute_url()).content.decode()
        Text.objects.filter(pk=text.pk).update(status=Text.Status.DRAFT, scheduled_for=None)
        newsroom.text_publish(
            Text.objects.get(pk=text.pk), at=timezone.now() + datetime.timedelta(days=1)
        )
    # And once its time has come, it is there.
    Text.objects.filter(pk=text.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert "Embargoed well" in client.get("/en/").content.decode()
    assert client.get(text.get_absolute_url()).status_code == 200


def test_texts_in_review_or_scheduled_are_not_public(client, people, release):
    text = release.texts.get()
    services.text_submit(text, by=people["author"])
    assert client.get(text.get_absolute_url()).status_code == 404
    other = make_release(make_office(), title="Another")
    assert client.get(other.texts.get().get_absolute_url()).status_code == 404
