import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from communique.comments import services
from communique.comments.models import BlockRule, Comment, NotificationPreference
from communique.comments.signals import comments_changed
from communique.editorial.models import Membership
from tests.comments.conftest import post_comment
from tests.comments.rendered import Page
from tests.factories import make_office, make_release

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
User = get_user_model()


def make_user(username, *, email="", superuser=False, staff=True):
    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username, email, "a-long-password-9")
    return user_model.objects.create_user(username, email, "a-long-password-9", is_staff=staff)


def make_moderator(username, *offices, email="", notify=True, role="editor"):
    """A person who moderates `offices` because of their role there, with their e-mail choice."""
    user = make_user(username, email=email or f"{username}@relief.example")
    for office in offices:
        Membership.objects.create(user=user, office=office, role=role)
    NotificationPreference.objects.create(user=user, notify=notify)
    return user


@pytest.fixture
def two_offices(client, text, office, settings):
    """A comment awaiting moderation on a text of each of two offices."""
    settings.COMMUNIQUE_COMMENTS_RATE_LIMITS = []
    kenya = make_office("kenya", name={"en": "Kenya Office"})
    kenya_text = make_release(kenya, title="Boreholes for Turkana", publish=True).texts.get()
    post_comment(client, text, name="Reader in Tashkent", comment="About the well in Chirchiq.")
    post_comment(
        client,
        kenya_text,
        name="Reader in Lodwar",
        email="lodwar@example.org",
        comment="About the boreholes.",
    )
    return {"uzbekistan": office, "kenya": kenya, "kenya_text": kenya_text}


def queue_names(client, query="") -> list[str]:
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return sorted(comment.name for comment in response.context["cl"].result_list)


def test_a_moderator_sees_only_the_comments_of_their_offices(client, two_offices):
    make_moderator("dilnoza", two_offices["uzbekistan"])
    client.force_login(User.objects.get(username="dilnoza"))

    assert queue_names(client) == ["Reader in Tashkent"]
    other = Comment.objects.get(name="Reader in Lodwar")
    response = client.get(f"{QUEUE}{other.pk}/change/")
    assert response.status_code == 302  # "doesn't exist", as far as this moderator knows


@pytest.mark.parametrize("role", ["editor", "office_admin"])
def test_an_offices_editors_and_administrators_moderate_its_comments(client, two_offices, role):
    user = make_user("uz-staff")
    Membership.objects.create(user=user, office=two_offices["uzbekistan"], role=role)
    client.force_login(user)

    assert queue_names(client) == ["Reader in Tashkent"]
    comment = Comment.objects.get(name="Reader in Tashkent")
    bulk(client, "approve", [comment])
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert comment.moderated_by == user


@pytest.mark.parametrize("role", ["author", "translator"])
def test_authors_and_translators_do_not_moderate(client, two_offices, role):
    user = make_user("uz-writer")
    Membership.objects.create(
        user=user, office=two_offices["uzbekistan"], role=role, languages=["ar"]
    )
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403


def test_the_admin_index_offers_the_queue_to_an_editor(client, two_offices):
    user = make_user("uz-editor")
    Membership.objects.create(user=user, office=two_offices["uzbekistan"], role="editor")
    client.force_login(user)
    assert QUEUE in client.get("/admin/").content.decode()


def test_a_moderator_chooses_their_own_comment_emails(client, two_offices):
    editor = make_user("uz-editor")
    Membership.objects.create(user=editor, office=two_offices["uzbekistan"], role="editor")
    other = make_moderator("kenya-editor", two_offices["kenya"])
    client.force_login(editor)

    response = client.post("/admin/comments/notificationpreference/add/", {"notify": "on"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=editor).notify is True
    listed = client.get("/admin/comments/notificationpreference/").context["cl"].result_list
    assert [row.user for row in listed] == [editor]
    assert (
        client.get(
            f"/admin/comments/notificationpreference/{other.comment_notifications.pk}/change/"
        ).status_code
        == 302
    )  # someone else's choice is not theirs to see


def test_a_superuser_sees_every_office(client, two_offices):
    client.force_login(make_user("admin", superuser=True))
    assert queue_names(client) == ["Reader in Lodwar", "Reader in Tashkent"]


def test_staff_who_moderate_nothing_see_no_queue(client, two_offices):
    client.force_login(make_user("editor"))
    assert client.get(QUEUE).status_code == 403


def test_the_queue_opens_on_comments_awaiting_moderation(client, two_offices):
    services.comments_moderate(
        Comment.objects.filter(name="Reader in Lodwar"), status=Comment.Status.APPROVED
    )
    client.force_login(make_user("admin", superuser=True))
    assert queue_names(client) == ["Reader in Tashkent"]
    assert queue_names(client, "?status=approved") == ["Reader in Lodwar"]
    assert queue_names(client, "?status=all") == ["Reader in Lodwar", "Reader in Tashkent"]


def bulk(client, action, comments):
    return client.post(
        QUEUE + "?status=all",
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )


def test_bulk_approval_publishes_and_records_the_moderator(client, two_offices, text):
    moderator = make_moderator("dilnoza", two_offices["uzbekistan"], two_offices["kenya"])
    client.force_login(moderator)

    response = bulk(client, "approve", Comment.objects.all())

    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}
    assert set(Comment.objects.values_list("moderated_by", flat=True)) == {moderator.pk}
    shown = Page.of(client.get(text.get_absolute_url())).comments
    assert [c.name for c in shown] == ["Reader in Tashkent"]


def test_bulk_actions_cannot_reach_another_office(client, two_offices):
    moderator = make_moderator("dilnoza", two_offices["uzbekistan"])
    client.force_login(moderator)

    bulk(client, "approve", Comment.objects.all())

    assert Comment.objects.get(name="Reader in Lodwar").status == "pending"
    assert Comment.objects.get(name="Reader in Tashkent").status == "approved"


@pytest.mark.parametrize(("action", "status"), [("reject", "rejected"), ("mark_spam", "spam")])
def test_bulk_reject_and_spam(client, two_offices, action, status):
    client.force_login(make_user("admin", superuser=True))
    bulk(client, action, Comment.objects.all())
    assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_an_approved_comment_can_be_unpublished(client, two_offices, text):
    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)
    pending = Comment.objects.get(name="Reader in Lodwar")
    Comment.objects.filter(pk=pending.pk).update(status="pending", moderated_at=None)
    client.force_login(make_user("admin", superuser=True))

    bulk(client, "unpublish", Comment.objects.all())

    assert Comment.objects.get(name="Reader in Tashkent").status == "rejected"
    assert Comment.objects.get(name="Reader in Lodwar").status == "pending"  # left alone
    assert Page.of(client.get(text.get_absolute_url())).comments == []


def test_spam_and_block_puts_the_sender_on_the_block_list(client, two_offices, text):
    client.force_login(make_user("admin", superuser=True))
    bulk(client, "mark_spam_and_block", Comment.objects.filter(name="Reader in Tashkent"))

    kinds = set(BlockRule.objects.values_list("kind", flat=True))
    assert kinds == {BlockRule.Kind.EMAIL, BlockRule.Kind.ADDRESS}
    client.logout()
    response = post_comment(client, text, comment="Trying again.", address="192.0.2.10")
    assert response.status_code == 403


def test_a_moderator_writes_the_official_reply_in_the_comment_form(client, two_offices, text):
    moderator = make_moderator("dilnoza", two_offices["uzbekistan"])
    client.force_login(moderator)
    comment = Comment.objects.get(name="Reader in Tashkent")

    response = client.post(
        f"{QUEUE}{comment.pk}/change/",
        {"status": "approved", "reply": "Thank you.\r\nThe well opens on Monday."},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert comment.reply == "Thank you.\nThe well opens on Monday."
    assert comment.replied_by == moderator
    assert comment.moderated_by == moderator
    (shown,) = Page.of(client.get(text.get_absolute_url())).comments
    assert shown.reply == "Thank you.\nThe well opens on Monday."


def test_the_change_form_shows_the_comment_escaped(client, text):
    post_comment(client, text, comment="<script>alert(1)</script>")
    client.force_login(make_user("admin", superuser=True))
    html = client.get(f"{QUEUE}{Comment.objects.get().pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_no_one_adds_comments_in_the_admin(client):
    client.force_login(make_user("admin", superuser=True))
    assert client.get(f"{QUEUE}add/").status_code == 403


# Notifications -------------------------------------------------------------------------------


def test_the_offices_moderators_are_emailed_about_a_new_comment(client, text, office):
    make_moderator("dilnoza", office)
    make_moderator("quiet", office, notify=False)
    make_moderator("elsewhere", make_office("kenya"))

    post_comment(client, text)

    (message,) = mail.outbox
    assert message.to == ["dilnoza@relief.example"]
    assert "New well brings clean water" in message.subject
    assert "Amina Rahimova" in message.body
    assert "Will the pumps be serviced in spring?" in message.body
    assert "amina@example.org" not in message.body
    assert "http://testserver/admin/comments/comment/" in message.body


def test_an_editor_who_did_not_ask_for_emails_gets_none(client, text, office):
    Membership.objects.create(
        user=make_user("uz-editor", email="e@relief.example"), office=office, role="editor"
    )
    post_comment(client, text)
    assert mail.outbox[0].to == ["press@uzbekistan.example.org"]


def test_without_moderators_the_office_address_hears_of_comments(client, text):
    post_comment(client, text)
    assert mail.outbox[0].to == ["press@uzbekistan.example.org"]


def test_a_flood_sends_one_email_per_interval_not_one_per_comment(client, text, office, settings):
    settings.COMMUNIQUE_COMMENTS_RATE_LIMITS = []
    make_moderator("dilnoza", office)
    for index in range(5):
        post_comment(client, text, email=f"r{index}@example.org", comment=f"Note {index}")
    assert len(mail.outbox) == 1
    assert Comment.objects.count() == 5


def test_a_mail_server_that_is_down_does_not_lose_the_comment(client, text, settings):
    settings.EMAIL_BACKEND = "tests.comments.test_moderation.BrokenBackend"
    assert post_comment(client, text).status_code == 302
    assert Comment.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


# What other apps hear ------------------------------------------------------------------------


def test_pages_hear_when_their_comments_change(client, text, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, text_ids, **kwargs):
        heard.append(text_ids)

    comments_changed.connect(listener)
    try:
        post_comment(client, text)
        comment = Comment.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            services.comments_moderate(Comment.objects.all(), status="rejected")
        assert heard == []  # a pending comment rejected: no page changed
        with django_capture_on_commit_callbacks(execute=True):
            services.comments_moderate(Comment.objects.all(), status="approved")
        comment.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_reply(comment, reply="Noted.")
        with django_capture_on_commit_callbacks(execute=True):
            services.comments_erase("amina@example.org")
        assert heard == [{text.pk}] * 3
    finally:
        comments_changed.disconnect(listener)


def test_a_moderated_comment_cannot_be_sent_back_to_the_queue_by_hand(client, text):
    post_comment(client, text)
    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)
    client.force_login(make_user("admin", superuser=True))

    response = client.get(f"{QUEUE}{Comment.objects.get().pk}/change/")

    choices = [
        value for value, _label in response.context["adminform"].form.fields["status"].choices
    ]
    assert choices == ["approved", "rejected", "spam"]
