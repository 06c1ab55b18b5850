"""An editor sends a scheduled release ahead of its time to the office's accredited
journalists, under embargo; readers and subscribers get nothing early."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communique.delivery.mail import services
from communique.delivery.mail.models import AccreditedJournalist, Message
from communique.editorial import services as editorial
from communique.editorial.models import AuditEntry, Membership
from tests.delivery.conftest import make_subscriber
from tests.factories import make_office, make_release

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2030, 3, 4, 6, 30, tzinfo=datetime.UTC)


@pytest.fixture
def scheduled(office, editor):
    text = make_release(office, title="Wells for three villages").texts.get()
    return editorial.text_schedule(text, by=editor, at=AT)


@pytest.fixture
def journalist(office):
    return AccreditedJournalist.objects.create(
        office=office,
        name="Dilnoza Karimova",
        email="dilnoza@wire.example",
        language="en",
        time_zone="Asia/Tashkent",
    )


def test_an_editor_sends_advance_copies_under_embargo_and_the_audit_log_says_so(
    smtp, scheduled, journalist, editor
):
    make_subscriber("reader@example.org")
    rows = services.advance_copies_send(scheduled, by=editor)
    assert len(rows) == 1
    services.deliver()
    [copy] = smtp.mailbox.received
    assert copy["To"] == "dilnoza@wire.example"
    # 06:30 UTC is 11:30 in Tashkent, on a day given in both calendars.
    assert copy["Subject"].strip().startswith("EMBARGOED until H. 29 Shawwal 1451 · M. Monday")
    assert "11:30 (Asia/Tashkent)" in copy["Subject"]
    assert "1451" in copy["Subject"] and "March 2030" in copy["Subject"]
    plain = smtp.mailbox.text(copy)
    assert plain.startswith("UNDER EMBARGO until ")
    assert "Wells for three villages" in plain
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ADVANCE_COPIES)
    assert entry.actor == editor and entry.subject_id == scheduled.pk
    assert "1 accredited journalist" in entry.detail
    # The subscriber got nothing: the text is not public.
    assert smtp.mailbox.to("reader@example.org") == []


def test_sending_twice_sends_each_journalist_one_copy(smtp, scheduled, journalist, editor):
    services.advance_copies_send(scheduled, by=editor)
    services.advance_copies_send(scheduled, by=editor)
    services.deliver()
    assert len(smtp.mailbox.received) == 1


def test_only_the_offices_editors_may_send_them(scheduled, journalist):
    other = make_office("kyrgyzstan")
    User = get_user_model()
    author = User.objects.create_user("author", "a@example.org", None, is_staff=True)
    Membership.objects.create(user=author, office=scheduled.release.office, role="author")
    outsider = User.objects.create_user("outsider", "o@example.org", None, is_staff=True)
    Membership.objects.create(user=outsider, office=other, role="editor")
    for person in (author, outsider):
        with pytest.raises(PermissionDenied):
            services.advance_copies_send(scheduled, by=person)
    assert not Message.objects.exists()


def test_a_public_text_has_no_advance_copy(office, editor, journalist):
    text = editorial.text_publish(make_release(office).texts.get(), by=editor)
    with pytest.raises(ValidationError):
        services.advance_copies_send(text, by=editor)


def test_a_copy_not_yet_sent_when_the_text_goes_back_to_draft_is_never_sent(
    smtp, scheduled, journalist, editor
):
    services.advance_copies_send(scheduled, by=editor)
    editorial.text_return(scheduled, by=editor)
    services.deliver()
    assert not smtp.mailbox.received


def test_the_release_page_offers_the_button_and_counts_sent_messages(
    client, smtp, office, editor, scheduled, journalist
):
    client.force_login(editor)
    page = reverse("admin:newsroom_release_change", args=[scheduled.release_id])
    html = client.get(page).content.decode()
    assert "Send advance copies" in html
    action = reverse("admin:delivery_advance_copies", args=[scheduled.pk])
    assert action in html
    response = client.post(action)
    assert response.status_code == 302
    assert len(Message.objects.filter(kind="advance")) == 1
    services.deliver()

    published = editorial.text_publish(make_release(office).texts.get(), by=editor)
    make_subscriber("reader@example.org")
    make_subscriber("gone@example.org")
    smtp.mailbox.refuse = ["550 No such user"]
    services.deliver()
    html = client.get(
        reverse("admin:newsroom_release_change", args=[published.release_id])
    ).content.decode()
    assert "Sent to 1 subscriber." in html
    assert "1 failed." in html


def test_the_journalists_list_is_scoped_to_the_editors_offices(client, journalist, editor):
    other = make_office("kyrgyzstan")
    AccreditedJournalist.objects.create(
        office=other, name="Aibek Osmonov", email="aibek@wire.example", language="ru"
    )
    client.force_login(editor)
    html = client.get(reverse("admin:delivery_accreditedjournalist_changelist")).content.decode()
    assert "Dilnoza Karimova" in html and "Aibek Osmonov" not in html
