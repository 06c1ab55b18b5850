"""The editorial services tell other apps what happened to a text, inside the change."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from communique.editorial import services, signals

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    events = []

    def listen(signal_name):
        def receiver(sender, **kwargs):
            events.append((signal_name, kwargs["text"].pk, kwargs.get("correction")))

        return receiver

    receivers = {
        name: listen(name) for name in ("text_published", "text_corrected", "text_withdrawn")
    }
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    yield events
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def test_publishing_correcting_and_withdrawing_are_each_announced(people, release, heard):
    text = release.texts.get()
    services.text_publish(text, by=people["editor"])
    text.refresh_from_db()
    services.text_update(
        text,
        by=people["editor"],
        title=text.title,
        body=text.body + " Corrected figure: 12 wells.",
        based_on=text.version,
        correction_note="The number of wells was wrong.",
    )
    services.text_withdraw(text, by=people["editor"], reason="Issued in error")
    assert [(name, pk) for name, pk, _correction in heard] == [
        ("text_published", text.pk),
        ("text_corrected", text.pk),
        ("text_withdrawn", text.pk),
    ]
    assert heard[1][2].note == "The number of wells was wrong."


def test_an_edit_of_a_draft_is_not_a_correction(people, release, heard):
    text = release.texts.get()
    services.text_update(
        text,
        by=people["editor"],
        title="Wells for four villages",
        body=text.body,
        based_on=text.version,
    )
    assert heard == []


def test_scheduling_announces_nothing_until_the_worker_publishes(people, release, heard):
    text = release.texts.get()
    at = timezone.now() + datetime.timedelta(hours=1)
    services.text_schedule(text, by=people["editor"], at=at)
    assert heard == []
    services.publish_due(now=at + datetime.timedelta(seconds=1))
    assert [name for name, _pk, _c in heard] == ["text_published"]


def test_a_publication_that_rolls_back_took_its_announcement_with_it(people, release):
    # Receivers run inside the change's transaction: a row they write rolls back with it.
    from communique.newsroom.models import Category

    def write_a_row(sender, **kwargs):
        Category.objects.create(slug="written-by-a-receiver", name={"en": "Receiver"})

    signals.text_published.connect(write_a_row)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.text_publish(release.texts.get(), by=people["editor"])
            raise RuntimeError("the request failed after publishing")
    finally:
        signals.text_published.disconnect(write_a_row)
    assert not Category.objects.filter(slug="written-by-a-receiver").exists()
