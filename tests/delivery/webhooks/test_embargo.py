"""Nothing reaches a partner before readers may read it: an embargoed text goes out at its
time, and a text withdrawn before its time never goes out at all."""

import datetime

import pytest
from django.utils import timezone

from communique.delivery.webhooks import services
from communique.delivery.webhooks.models import Delivery
from communique.editorial import services as editorial

pytestmark = pytest.mark.django_db


def test_a_scheduled_text_sends_nothing_until_the_worker_publishes_it(
    release, people, endpoint, receiver, clock
):
    at = timezone.now() + datetime.timedelta(hours=2)
    editorial.text_schedule(release.texts.get(), by=people["editor"], at=at)
    services.send_due()
    assert Delivery.objects.count() == 0
    assert receiver.calls == []
    clock.advance(hours=2, seconds=1)
    editorial.publish_due()
    services.send_due()
    assert [call.verified["event"] for call in receiver.calls] == ["published"]


def test_a_text_published_with_its_time_still_ahead_waits_for_it(
    release, people, endpoint, receiver, clock
):
    text = release.texts.get()
    at = timezone.now() + datetime.timedelta(hours=1)
    editorial.text_schedule(text, by=people["editor"], at=at)
    # Published now with its time ahead: public, and sendable, only at that time.
    editorial.text_publish(text, by=None, at=at)
    services.send_due()
    assert receiver.calls == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("pending", 0, at)
    clock.advance(minutes=30)
    services.send_due()
    assert receiver.calls == []
    clock.advance(minutes=31)
    services.send_due()
    assert len(receiver.calls) == 1


def test_a_text_withdrawn_before_its_time_is_never_sent_nor_its_withdrawal(
    release, people, endpoint, receiver, clock
):
    text = release.texts.get()
    at = timezone.now() + datetime.timedelta(hours=1)
    editorial.text_schedule(text, by=people["editor"], at=at)
    editorial.text_publish(text, by=None, at=at)
    editorial.text_withdraw(text, by=people["editor"], reason="Cancelled before release")
    clock.advance(hours=2)
    services.send_due()
    clock.advance(days=1)
    services.send_due()
    assert receiver.calls == []
    assert set(Delivery.objects.values_list("event", "status")) == {
        ("published", "cancelled"),
        ("withdrawn", "cancelled"),
    }


def test_a_scheduled_text_taken_back_to_draft_is_never_sent(
    release, people, endpoint, receiver, clock
):
    text = release.texts.get()
    editorial.text_schedule(
        text, by=people["editor"], at=timezone.now() + datetime.timedelta(hours=1)
    )
    editorial.text_return(text, by=people["editor"], reason="Not yet")
    clock.advance(hours=2)
    editorial.publish_due()
    services.send_due()
    assert receiver.calls == []
    assert Delivery.objects.count() == 0


def test_a_publication_withdrawn_before_its_call_sends_only_the_withdrawal(
    release, people, endpoint, receiver
):
    text = editorial.text_publish(release.texts.get(), by=people["editor"])
    editorial.text_withdraw(text, by=people["editor"], reason="Issued in error")
    services.send_due()
    # Readers saw it for a moment; the partner learns only that it was withdrawn.
    assert [call.verified["event"] for call in receiver.calls] == ["withdrawn"]
    assert b"Clean water" not in receiver.calls[0].body


def test_send_again_still_goes_through_the_public_gate(release, people, endpoint, receiver):
    text = editorial.text_publish(release.texts.get(), by=people["editor"])
    services.send_due()
    editorial.text_withdraw(text, by=people["editor"])
    services.send_due()
    published = Delivery.objects.filter(event="published")
    services.send_again(published)
    services.send_due()
    assert [call.verified["event"] for call in receiver.calls] == ["published", "withdrawn"]
    assert published.get().status == "cancelled"


def test_a_document_shared_by_one_rounds_deliveries_still_asks_the_gate_each_time(
    release, people, endpoint, receiver
):
    from communique.delivery.webhooks.models import Endpoint

    Endpoint.objects.create(name="Second partner", url=receiver.url)
    text = editorial.text_publish(release.texts.get(), by=people["editor"])
    first, second = Delivery.objects.order_by("pk")
    documents: dict = {}
    assert services.delivery_send(first.pk, documents=documents).status == "delivered"
    editorial.text_withdraw(text, by=people["editor"])  # between two calls of one round
    assert services.delivery_send(second.pk, documents=documents).status == "cancelled"
    assert len(receiver.calls) == 1
