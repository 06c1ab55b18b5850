"""A partner's receiver gets each event once, signed, and the log says how every try went."""

import json

import pytest

from communique.delivery.webhooks import services
from communique.delivery.webhooks.models import Delivery, Endpoint
from communique.editorial import services as editorial

pytestmark = pytest.mark.django_db


def publish(release, people):
    text = release.texts.get()
    return editorial.text_publish(text, by=people["editor"])


def test_a_publication_reaches_the_receiver_signed_as_ninjs(release, people, endpoint, receiver):
    text = publish(release, people)
    assert services.send_due() == 1
    [call] = receiver.calls
    assert call.verified is not None, call.rejected
    delivery = Delivery.objects.get()
    assert call.verified["event"] == "published"
    assert call.verified["id"] == delivery.pk
    assert call.headers["communique-delivery"] == str(delivery.pk)
    assert call.headers["communique-event"] == "published"
    ninjs = call.verified["text"]
    assert ninjs["headlines"][0]["value"] == "Wells for three villages"
    assert ninjs["uri"] == f"https://press.example.org/en/releases/{release.pk}/ninjs.json"
    assert "Clean water" in ninjs["bodies"][0]["value"]
    assert call.verified["occurred_at"] == text.published_at.isoformat()
    assert delivery.status == "delivered"
    [attempt] = delivery.attempt_log.all()
    assert (attempt.status_code, attempt.outcome) == (204, "delivered")


def test_a_receiver_that_fails_twice_gets_it_again_until_it_is_delivered_once(
    release, people, endpoint, receiver, clock
):
    receiver.answers = [500, 503, 200]
    publish(release, people)
    services.send_due()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert services.send_due() == 0  # not before its time
    assert len(receiver.calls) == 1
    clock.advance(seconds=31)
    services.send_due()
    clock.advance(seconds=61)
    assert services.send_due() == 1
    clock.advance(hours=5)
    services.send_due()
    assert len(receiver.calls) == 3
    assert {call.headers["communique-delivery"] for call in receiver.calls} == {str(delivery.pk)}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    log = list(delivery.attempt_log.values_list("status_code", "outcome"))
    assert log == [(500, "retry"), (503, "retry"), (200, "delivered")]
    assert "answer 500" in delivery.attempt_log.first().response_excerpt


def test_retries_wait_twice_as_long_each_time_and_stop_after_a_day(
    release, people, endpoint, receiver, clock
):
    receiver.answers = [500]
    publish(release, people)
    waits = []
    for _ in range(40):
        services.send_due()
        delivery = Delivery.objects.get()
        if delivery.status != "pending":
            break
        waits.append(round((delivery.next_attempt_at - clock_now()).total_seconds()))
        clock.advance(seconds=waits[-1] + 1)
    assert waits[:4] == [30, 60, 120, 240]
    assert max(waits) <= 3 * 3600
    assert delivery.status == "failed"
    assert delivery.attempt_log.last().outcome == "gave_up"
    first = delivery.attempt_log.first().started_at
    assert 20 <= (delivery.attempt_log.last().started_at - first).total_seconds() / 3600 <= 24


def clock_now():
    from django.utils import timezone

    return timezone.now()


def test_an_endpoint_that_answers_410_is_disabled_and_says_why(
    release, people, endpoint, receiver, offices
):
    receiver.answers = [410]
    publish(release, people)
    services.send_due()
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "410" in endpoint.disabled_reason
    assert Delivery.objects.get().status == "failed"
    from tests.factories import make_release

    publish(make_release(offices[0], title="Second release"), people)
    services.send_due()
    assert len(receiver.calls) == 1
    assert Delivery.objects.count() == 1  # an inactive endpoint is owed nothing


def test_a_receiver_that_does_not_answer_in_time_is_tried_again(
    release, people, endpoint, receiver, settings
):
    settings.COMMUNIQUE_WEBHOOKS_TIMEOUT_SECONDS = 0.3
    receiver.answers = [("sleep", 1.5)]
    publish(release, people)
    services.send_due()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None
    assert attempt.outcome == "retry"
    assert "time" in attempt.error.lower()
    assert attempt.duration_ms < 1400


def test_a_refusal_other_than_410_gives_up_that_delivery_only(release, people, endpoint, receiver):
    receiver.answers = [422]
    publish(release, people)
    services.send_due()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert "422" in delivery.last_error
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_a_redirect_is_not_followed(release, people, endpoint, receiver):
    from tests.delivery.webhooks.receiver import Receiver

    elsewhere = Receiver().start()
    try:
        receiver.answers = [("redirect", elsewhere.url)]
        publish(release, people)
        services.send_due()
        assert elsewhere.calls == []
    finally:
        elsewhere.stop()
    assert Delivery.objects.get().status == "failed"


def test_a_connection_refused_is_retried(release, people, endpoint, receiver):
    receiver.stop()
    publish(release, people)
    services.send_due()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert "Connection" in delivery.last_error


def test_a_worker_killed_mid_send_sends_it_again_once_the_lease_runs_out(
    release, people, endpoint, receiver, clock
):
    publish(release, people)
    delivery = Delivery.objects.get()
    # A worker took it and died before writing down the answer.
    assert services._claim(delivery.pk, clock_now()) is not None
    assert services.send_due() == 0
    clock.advance(minutes=2)
    assert services.send_due() == 1
    assert len(receiver.calls) == 1


def test_a_correction_is_sent_with_its_note(release, people, endpoint, receiver):
    text = publish(release, people)
    editorial.text_update(
        text,
        by=people["editor"],
        title=text.title,
        body=text.body + " Twelve wells, not ten.",
        based_on=text.version,
        correction_note="The number of wells was wrong.",
    )
    services.send_due()
    corrected = [call.verified for call in receiver.calls if call.verified["event"] == "corrected"]
    assert corrected[0]["correction"]["note"] == "The number of wells was wrong."
    assert "Twelve wells" in corrected[0]["text"]["bodies"][0]["value"]


def test_a_withdrawal_carries_which_text_and_when_but_not_its_body(
    release, people, endpoint, receiver
):
    text = publish(release, people)
    services.send_due()
    editorial.text_withdraw(text, by=people["editor"], reason="Issued in error")
    services.send_due()
    withdrawal = receiver.calls[-1].verified
    assert withdrawal["event"] == "withdrawn"
    assert set(withdrawal["text"]) == {"uri", "language", "pubstatus", "withdrawn_at"}
    assert withdrawal["text"]["pubstatus"] == "canceled"
    assert "Clean water" not in receiver.calls[-1].body.decode()


def test_an_endpoint_hears_only_the_events_offices_and_languages_it_chose(
    offices, people, receiver
):
    from tests.factories import make_release, make_text

    uz, kg = offices
    endpoint = Endpoint.objects.create(
        name="Uzbek desk", url=receiver.url, events=["published"], languages=["ru"]
    )
    endpoint.offices.set([uz])
    receiver.secret = endpoint.secret
    ours = make_release(uz, language="en", title="Wells")
    russian = make_text(ours, "ru", title="Колодцы")
    theirs = make_release(kg, language="ru", title="Стипендии")
    for text in (ours.texts.get(language="en"), russian, theirs.texts.get()):
        editorial.text_publish(text, by=people["site_admin"])
    services.send_due()
    editorial.text_withdraw(russian, by=people["site_admin"])  # not an event it follows
    services.send_due()
    heard = [(call.verified["event"], call.verified["text"]["language"]) for call in receiver.calls]
    assert heard == [("published", "ru")]
    assert receiver.calls[0].verified["text"]["headlines"][0]["value"] == "Колодцы"


def test_a_publication_that_rolls_back_leaves_no_delivery(release, people, endpoint):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        publish(release, people)
        assert Delivery.objects.count() == 1
        raise RuntimeError("the request failed after publishing")
    assert Delivery.objects.count() == 0


def test_the_body_is_json_as_signed(release, people, endpoint, receiver):
    publish(release, people)
    services.send_due()
    assert json.loads(receiver.calls[0].body) == receiver.calls[0].verified


def test_a_call_that_cannot_be_built_is_logged_and_retried_without_stopping_the_worker(
    release, people, endpoint, receiver, monkeypatch
):
    from communique.delivery.webhooks import payloads

    def broken(delivery):
        raise KeyError("headlines")

    monkeypatch.setattr(payloads, "payload", broken)
    publish(release, people)
    services.send_due()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert "Could not build the call" in delivery.attempt_log.get().error
    assert receiver.calls == []


def test_an_endpoint_deleted_during_a_call_is_no_error(release, people, endpoint, monkeypatch):
    from communique.delivery.webhooks import transport

    real_post = transport.post

    def post_then_delete(*args, **kwargs):
        answer = real_post(*args, **kwargs)
        Endpoint.objects.filter(pk=endpoint.pk).delete()
        return answer

    monkeypatch.setattr(transport, "post", post_then_delete)
    publish(release, people)
    services.send_due()
    assert not Delivery.objects.exists()
