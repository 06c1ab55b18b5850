"""Subscribers receive what is published, through a real SMTP server, once, in their language,
and nothing that readers may not see yet."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communique.delivery.mail import services
from communique.delivery.mail.models import Digest, Dispatch, Message
from communique.editorial import services as editorial
from communique.newsroom.models import Organisation, Text
from tests.delivery.conftest import make_subscriber
from tests.factories import make_category, make_office, make_release, make_text

pytestmark = pytest.mark.django_db


def later(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


def publish(text, editor):
    return editorial.text_publish(text, by=editor)


def test_publishing_writes_one_dispatch_and_sends_nothing_itself(smtp, office, editor):
    for n in range(30):
        make_subscriber(f"reader{n}@example.org")
    text = make_release(office).texts.get()
    with CaptureQueriesContext(connection) as queries:
        publish(text, editor)
    assert Dispatch.objects.count() == 1
    assert Message.objects.count() == 0
    assert not smtp.mailbox.received
    assert not any("delivery_message" in query["sql"] for query in queries.captured_queries)


def test_a_subscriber_receives_the_release_with_number_dates_office_body_and_links(
    smtp, office, editor
):
    make_subscriber("amina@example.org")
    text = make_release(office, title="Wells for three villages", body="Clean **water**.")
    text = publish(text.texts.get(), editor)
    assert services.deliver() == 1
    [message] = smtp.mailbox.to("amina@example.org")
    assert message["Subject"] == "Wells for three villages"
    plain, html = smtp.mailbox.text(message), smtp.mailbox.html(message)
    release = text.release
    release.refresh_from_db()
    for part in (plain, html):
        assert release.number in part
        assert "Uzbekistan Office" in part
        assert "Rabi" in part and "November 2023" in part  # both calendars
        assert f"https://news.example.org/en/releases/{release.pk}.pdf" in part
        assert f"https://news.example.org{text.get_absolute_url()}" in part
        assert "/en/subscribe/manage/" in part
    assert "<strong>water</strong>" in html
    assert message["List-Unsubscribe"].strip().startswith("<https://news.example.org/en/subscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<communique\.release\.\d+@news\.example\.org>", message["Message-ID"])
    assert Message.objects.get().status == Message.Status.SENT


def test_only_subscribers_whose_choices_match_receive_it(smtp, office, editor):
    other = make_office("kyrgyzstan")
    water = make_category("water")
    make_subscriber("all@example.org")
    make_subscriber("office@example.org", offices=[office])
    make_subscriber("other-office@example.org", offices=[other])
    make_subscriber("water@example.org", categories=[water])
    make_subscriber("statements@example.org", kinds=["statement"])
    make_subscriber("daily@example.org", frequency="daily")
    make_subscriber("unconfirmed@example.org", confirmed=False)
    publish(make_release(office, categories=[water]).texts.get(), editor)
    services.deliver()
    assert sorted(message["To"] for message in smtp.mailbox.received) == [
        "all@example.org",
        "office@example.org",
        "water@example.org",
    ]


def test_each_subscriber_gets_their_language_or_the_original_saying_so(smtp, office, editor):
    release = make_release(office, title="Wells for three villages")
    arabic = make_text(release, "ar", title="آبار لثلاث قرى")
    make_subscriber("en@example.org", language="en")
    make_subscriber("ar@example.org", language="ar")
    make_subscriber("ru@example.org", language="ru")
    editorial.release_publish(release, by=editor)
    services.deliver()
    [english] = smtp.mailbox.to("en@example.org")
    [in_arabic] = smtp.mailbox.to("ar@example.org")
    [russian] = smtp.mailbox.to("ru@example.org")
    assert in_arabic["Subject"] == arabic.title
    assert 'dir="rtl"' in smtp.mailbox.html(in_arabic)
    assert 'lang="ar"' in smtp.mailbox.html(in_arabic)
    assert english["Subject"] == "Wells for three villages"
    assert "not published in your language" not in smtp.mailbox.text(english)
    # Russian has no text: the original, and a word about it (in Russian).
    assert russian["Subject"] == "Wells for three villages"
    assert "(English)" in smtp.mailbox.text(russian) or "(Английский)" in smtp.mailbox.text(russian)
    assert Message.objects.filter(kind="release").count() == 3


def test_a_translation_published_later_does_not_send_the_release_again(smtp, office, editor):
    release = make_release(office)
    make_subscriber("ru@example.org", language="ru")
    editorial.release_publish(release, by=editor)
    services.deliver()
    russian = make_text(release, "ru", title="Колодцы для трёх сёл")
    publish(russian, editor)
    services.deliver()
    assert len(smtp.mailbox.to("ru@example.org")) == 1


def test_a_text_published_with_a_time_ahead_goes_only_when_its_time_has_come(smtp, office, editor):
    make_subscriber("amina@example.org")
    text = make_release(office).texts.get()
    editorial.text_publish(text, by=editor, at=later(hours=2))
    services.deliver()
    assert not smtp.mailbox.received
    assert Dispatch.objects.get().expanded_at is None
    Text.objects.filter(pk=text.pk).update(published_at=later(seconds=-1))  # its time comes
    services.deliver()
    assert len(smtp.mailbox.to("amina@example.org")) == 1


def test_a_scheduled_text_sends_nothing_until_the_worker_publishes_it(smtp, office, editor):
    make_subscriber("amina@example.org")
    text = make_release(office).texts.get()
    editorial.text_schedule(text, by=editor, at=later(hours=1))
    services.deliver()
    assert not smtp.mailbox.received
    assert Dispatch.objects.count() == 0
    Text.objects.filter(pk=text.pk).update(scheduled_for=later(seconds=-1))
    editorial.publish_due()
    services.deliver()
    assert len(smtp.mailbox.to("amina@example.org")) == 1


def test_a_text_withdrawn_before_its_messages_went_out_is_never_sent(smtp, office, editor):
    make_subscriber("amina@example.org")
    text = publish(make_release(office).texts.get(), editor)
    services.expand_dispatches()
    assert Message.objects.filter(status="queued").count() == 1
    editorial.text_withdraw(text, by=editor, reason="Sent in error")
    services.deliver()
    assert not smtp.mailbox.received
    assert Message.objects.get(kind="release").status == Message.Status.CANCELLED


def test_a_correction_and_a_withdrawal_notify_only_those_who_received_the_release(
    smtp, office, editor
):
    make_subscriber("early@example.org")
    text = publish(make_release(office, title="Wells open").texts.get(), editor)
    services.deliver()
    make_subscriber("late@example.org")
    text = editorial.text_update(
        text,
        by=editor,
        title="Wells open",
        body="Four villages, not three.",
        correction_note="The number of villages was wrong.",
    )
    services.deliver()
    [_release, corrected] = smtp.mailbox.to("early@example.org")
    assert corrected["Subject"] == "Corrected: Wells open"
    assert "The number of villages was wrong." in smtp.mailbox.text(corrected)
    editorial.text_withdraw(text, by=editor, reason="Duplicate")
    services.deliver()
    [*_earlier, withdrawn] = smtp.mailbox.to("early@example.org")
    assert withdrawn["Subject"] == "Withdrawn: Wells open"
    assert smtp.mailbox.to("late@example.org") == []


def test_a_server_that_refuses_then_accepts_gets_the_message_once(smtp, office, editor):
    make_subscriber("amina@example.org")
    smtp.mailbox.refuse = ["451 4.3.0 Try again later"]
    publish(make_release(office).texts.get(), editor)
    assert services.deliver() == 0
    message = Message.objects.get()
    assert message.status == Message.Status.QUEUED and message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert services.deliver() == 0  # not before its next attempt
    assert services.deliver(now=later(minutes=2)) == 1
    assert len(smtp.mailbox.to("amina@example.org")) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2


def test_a_server_that_is_down_loses_nothing(smtp, office, editor, settings):
    make_subscriber("amina@example.org")
    publish(make_release(office).texts.get(), editor)
    smtp.stop()
    assert services.deliver() == 0
    assert Message.objects.get().status == Message.Status.QUEUED
    smtp.__init__()
    smtp.start()
    settings.EMAIL_PORT = smtp.port
    assert services.deliver(now=later(minutes=2)) == 1


def test_permanent_refusals_give_up_and_mark_the_address_bouncing(smtp, office, editor):
    subscriber = make_subscriber("gone@example.org")
    smtp.mailbox.refuse = ["550 5.1.1 No such user"] * 3
    for _n in range(3):
        publish(make_release(office).texts.get(), editor)
        services.deliver()
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.FAILED}
    subscriber.refresh_from_db()
    assert subscriber.bouncing_since is not None
    publish(make_release(office).texts.get(), editor)
    services.deliver()
    assert Message.objects.count() == 3  # a bouncing address is given nothing more


def test_the_daily_digest_goes_once_a_day_at_its_local_time(smtp, office, editor, settings):
    settings.COMMUNIQUE_MAIL_DIGEST_TIME = "08:00"
    make_subscriber("daily@example.org", frequency="daily", language="ar")
    make_subscriber("at-once@example.org")
    first = publish(make_release(office, title="Wells open").texts.get(), editor)
    second = publish(make_release(office, title="Clinic opens").texts.get(), editor)
    services.deliver()
    assert smtp.mailbox.to("daily@example.org") == []
    # The next 08:00 in Riyadh (the organisation's zone): today's before 08:00 there (before
    # 05:00 UTC), else tomorrow's.
    riyadh = ZoneInfo(Organisation.current().clock_time_zone)
    local = timezone.now().astimezone(riyadh)
    day = local.date() + datetime.timedelta(days=0 if local.time() < datetime.time(8) else 1)
    eight = datetime.datetime.combine(day, datetime.time(8), tzinfo=riyadh)
    services.deliver(now=eight - datetime.timedelta(minutes=1))
    assert smtp.mailbox.to("daily@example.org") == []
    at = eight + datetime.timedelta(minutes=1)
    services.deliver(now=at)
    services.deliver(now=at + datetime.timedelta(hours=1))
    [digest] = smtp.mailbox.to("daily@example.org")
    assert Digest.objects.filter(day=day).count() == 1
    plain = smtp.mailbox.text(digest)
    assert first.title in plain and second.title in plain
    assert 'dir="rtl"' in smtp.mailbox.html(digest)
    assert len(smtp.mailbox.to("at-once@example.org")) == 2


def test_an_unsubscribed_reader_gets_nothing_queued_for_them(smtp, office, editor):
    subscriber = make_subscriber("amina@example.org")
    publish(make_release(office).texts.get(), editor)
    services.expand_dispatches()
    services.unsubscribe(subscriber)
    services.deliver()
    assert not smtp.mailbox.received
