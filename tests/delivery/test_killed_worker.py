"""A worker killed in the middle of a batch: the next one sends the rest, none twice, none lost."""

import signal

import pytest
from django.contrib.auth import get_user_model

from communique.delivery.mail.models import Message
from communique.editorial import services as editorial
from communique.editorial.models import Membership
from tests.delivery.conftest import make_subscriber
from tests.delivery.smtp import SMTPServer
from tests.editorial.test_worker import start, stop, wait_for
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIBERS = 12


@pytest.fixture
def server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def worker(server, tmp_path, name):
    import os

    os.environ.update(
        EMAIL_URL=server.url,
        COMMUNIQUE_SITE_URL="https://news.example.org",
        COMMUNIQUE_MAIL_BATCH_SIZE="4",
    )
    try:
        return start(["-m", "communique.cli", "worker", "--interval", "0.1"], tmp_path, name)
    finally:
        for key in ("EMAIL_URL", "COMMUNIQUE_SITE_URL", "COMMUNIQUE_MAIL_BATCH_SIZE"):
            os.environ.pop(key)


def test_a_worker_killed_mid_batch_leaves_no_message_twice_and_none_lost(server, tmp_path):
    make_organisation()
    office = make_office("uzbekistan")
    editor = get_user_model().objects.create_user("editor", "e@example.org", None, is_staff=True)
    Membership.objects.create(user=editor, office=office, role="editor")
    for n in range(SUBSCRIBERS):
        make_subscriber(f"reader{n:02}@example.org")
    editorial.text_publish(make_release(office).texts.get(), by=editor)
    server.mailbox.hold_after = 5  # the server sits on the sixth message

    first = worker(server, tmp_path, "first")
    try:
        assert wait_for(lambda: server.mailbox.holding), (tmp_path / "first.out").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        stop(first)
    server.mailbox.hold_after = None
    server.mailbox.release()
    assert len(server.mailbox.received) == 5
    assert Message.objects.filter(status=Message.Status.SENDING).exists()  # claimed, unsent

    second = worker(server, tmp_path, "second")
    try:
        assert wait_for(
            lambda: Message.objects.filter(status=Message.Status.SENT).count() == SUBSCRIBERS
        ), (tmp_path / "second.out").read_text()
    finally:
        stop(second)
    ids = [message["Message-ID"] for message in server.mailbox.received]
    assert len(ids) == len(set(ids)) == SUBSCRIBERS
    assert sorted(message["To"] for message in server.mailbox.received) == [
        f"reader{n:02}@example.org" for n in range(SUBSCRIBERS)
    ]
    assert "queued again" in (tmp_path / "second.out").read_text()
