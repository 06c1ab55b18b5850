import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communique.comments import services
from communique.comments.models import Comment
from tests.comments.conftest import READER, post_comment
from tests.comments.rendered import Page

pytestmark = pytest.mark.django_db


def approve_all():
    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)


def test_a_published_text_offers_the_comment_form_with_required_marks_and_the_html_note(
    client, text
):
    html = client.get(text.get_absolute_url()).content.decode()
    assert "Leave a comment" in html
    assert "Required fields are marked (*)" in html
    assert "HTML is not allowed" in html
    page = Page.of(client.get(text.get_absolute_url()))
    assert {"name", "email", "website", "comment", "token"} <= (
        set(page.inputs) | set(page.textareas)
    )
    # No CSRF token: the page stays one that a cache can share between readers.
    assert "csrfmiddlewaretoken" not in page.inputs
    required = {attrs["name"] for tag, attrs in page.elements if "required" in attrs}
    assert required == {"name", "email", "comment"}
    assert html.count("(*)</abbr>") == 3


def test_a_sent_comment_returns_the_reader_to_the_release_with_a_moderation_notice(client, text):
    response = post_comment(client, text)

    assert response.status_code == 302
    assert response["Location"] == f"{text.get_absolute_url()}?comment=received#comments"
    page = client.get(response["Location"]).content.decode()
    assert "awaits moderation" in page
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.name == "Amina Rahimova"


def test_nothing_appears_on_the_page_before_a_moderator_approves_it(client, text):
    post_comment(client, text)

    page = Page.of(client.get(text.get_absolute_url()))
    assert page.comments == []

    approve_all()
    page = Page.of(client.get(text.get_absolute_url()))
    assert [c.name for c in page.comments] == ["Amina Rahimova"]


def test_a_comment_is_shown_as_typed_with_its_line_breaks_and_no_links(client, text):
    typed = (
        "First line with https://example.org/wells\nSecond line\n\nA new paragraph <b>not bold</b>"
    )
    post_comment(client, text, comment=typed)
    approve_all()

    response = client.get(text.get_absolute_url())
    (shown,) = Page.of(response).comments
    assert shown.body == typed
    html = response.content.decode()
    assert "First line with https://example.org/wells<br>Second line</p>" in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert 'href="https://example.org/wells"' not in html


def test_email_addresses_are_never_shown(client, text):
    post_comment(
        client, text, email="Private.Reader@example.org", website="https://wells.example.org"
    )
    approve_all()

    html = client.get(text.get_absolute_url()).content.decode().lower()
    assert "private.reader@example.org" not in html
    assert "private.reader" not in html


def test_the_name_links_to_the_website_without_passing_on_any_credit(client, text):
    post_comment(client, text, website="wells.example.org")
    approve_all()

    (shown,) = Page.of(client.get(text.get_absolute_url())).comments
    assert shown.website == "https://wells.example.org"
    html = client.get(text.get_absolute_url()).content.decode()
    assert 'rel="nofollow ugc noopener noreferrer external"' in html


def test_validation_errors_keep_what_the_reader_typed(client, text):
    typed = "A comment about the new pumps.\nWith a second line."
    response = post_comment(client, text, name="", email="not-an-address", comment=typed)

    assert response.status_code == 400
    page = Page.of(response)
    assert page.textarea("comment") == typed
    assert page.inputs["email"] == "not-an-address"
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert "Please correct the fields marked below" in html
    assert Comment.objects.count() == 0


def test_a_refused_form_after_blank_ones_shows_what_its_reader_typed(client, text):
    from tests.factories import make_text

    # The blank form's fields are rendered once per process and language: shown first here,
    # they must not stand in for a form with a reader's values and errors.
    arabic = make_text(text.release, "ar", publish=True)
    for shown in (text, arabic):
        assert Page.of(client.get(shown.get_absolute_url())).inputs["name"] == ""
    response = post_comment(client, arabic, name="ليلى", email="not-an-address", comment="شكرا")
    assert response.status_code == 400
    page = Page.of(response)
    assert page.inputs["name"] == "ليلى"
    assert page.inputs["email"] == "not-an-address"
    assert page.textarea("comment") == "شكرا"
    html = response.content.decode()
    assert 'dir="rtl"' in html and "الاسم <abbr" in html
    assert 'aria-invalid="true"' in html
    assert Page.of(client.get(arabic.get_absolute_url())).inputs["name"] == ""


def test_the_empty_form_after_a_refused_one_is_empty_in_each_language(client, text, settings):
    from tests.factories import make_text

    arabic = make_text(text.release, "ar", publish=True)
    post_comment(client, text, name="", email="not-an-address", comment="Kept for the reader.")
    english = Page.of(client.get(text.get_absolute_url()))
    assert english.inputs["email"] == ""
    assert english.textarea("comment") == ""
    html = client.get(text.get_absolute_url()).content.decode()
    assert "This field is required." not in html
    assert 'aria-invalid="true"' not in html
    assert "Name <abbr" in html
    html = client.get(arabic.get_absolute_url()).content.decode()
    assert "الاسم <abbr" in html
    settings.COMMUNIQUE_COMMENTS_MAX_LENGTH = 100
    html = client.get(text.get_absolute_url()).content.decode()
    assert 'maxlength="100"' in html


def test_too_long_comments_and_names_are_refused_with_the_text_kept(client, text, settings):
    settings.COMMUNIQUE_COMMENTS_MAX_LENGTH = 100
    response = post_comment(client, text, name="N" * 81, comment="w" * 101)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this value has at most 100 characters (it has 101)." in html
    assert "Ensure this value has at most 80 characters (it has 81)." in html
    assert Page.of(response).textarea("comment") == "w" * 101
    assert Comment.objects.count() == 0


def test_a_name_carrying_a_web_or_email_address_is_refused(client, text):
    for name in ("Cheap pumps www.pumps.example", "see https://x.example", "me@example.org"):
        response = post_comment(client, text, name=name)
        assert response.status_code == 400
        assert "without a web or e-mail address" in response.content.decode()


def test_a_website_must_be_a_web_address(client, text):
    response = post_comment(client, text, website="ftp://files.example.org/")
    assert response.status_code == 400
    assert "starting with https://" in response.content.decode()


def test_the_form_has_its_own_page_for_readers_of_a_published_copy(client, text):
    response = client.get(f"/en/comments/{text.release_id}/")
    assert response.status_code == 200
    assert "Leave a comment" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/en/comments/999/").status_code == 404
    assert client.get(f"/ar/comments/{text.release_id}/").status_code == 404  # no Arabic text


def test_the_official_reply_is_shown_under_the_comment(client, text):
    post_comment(client, text)
    approve_all()
    services.comment_reply(
        Comment.objects.get(), reply="Thank you.\nThe pumps are serviced every April."
    )

    (shown,) = Page.of(client.get(text.get_absolute_url())).comments
    assert shown.reply == "Thank you.\nThe pumps are serviced every April."
    assert "Reply from Uzbekistan Office" in client.get(text.get_absolute_url()).content.decode()


def test_the_release_page_needs_the_same_queries_for_one_comment_or_twenty(client, text, settings):
    settings.COMMUNIQUE_COMMENTS_RATE_LIMITS = []
    post_comment(client, text)
    approve_all()
    with CaptureQueriesContext(connection) as one:
        client.get(text.get_absolute_url())
    for index in range(19):
        post_comment(
            client,
            text,
            email=f"reader{index}@example.org",
            comment=f"Comment {index} on the well.\n{READER['comment']}",
        )
    approve_all()
    services.comment_reply(Comment.objects.first(), reply="Noted.")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(text.get_absolute_url())

    assert len(Page.of(response).comments) == 20
    assert len(twenty) == len(one)


def test_a_cached_or_published_copy_links_to_the_comments_page_and_holds_no_tokens(client, text):
    from django.template.loader import render_to_string

    post_comment(client, text)
    approve_all()

    html = render_to_string(
        "comments/_section.html", {"text": text, "request": None, "comment_form_inline": False}
    )

    assert "csrfmiddlewaretoken" not in html
    assert 'name="token"' not in html
    assert f'href="/en/comments/{text.release_id}/#comment-form">Leave a comment</a>' in html
    assert "Amina Rahimova" in html


def test_on_an_arabic_page_a_comment_is_dated_in_the_hijri_calendar_with_eastern_digits(
    client, release
):
    from communique.newsroom.models import Organisation
    from tests.factories import make_text

    Organisation.objects.filter(pk=1).update(eastern_arabic_digits=True)
    arabic = make_text(release, "ar", title="بئر جديدة", publish=True)
    response = post_comment(client, arabic, name="أمينة", comment="شكراً على الماء النظيف")
    assert response.status_code == 302
    approve_all()

    html = client.get(arabic.get_absolute_url()).content.decode()
    (shown,) = Page.of(client.get(arabic.get_absolute_url())).comments
    assert shown.body == "شكراً على الماء النظيف"
    date_line = html.split('<time datetime="')[1].split("</time>")[0]
    assert "·" in date_line
    assert not any(char.isascii() and char.isdigit() for char in date_line.split(">", 1)[1])


def test_the_service_holds_the_fields_to_the_same_rules_as_the_form(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.comment_submit(text=text, name="N" * 81, email="a@example.org", body="Hello")
    with pytest.raises(ValidationError):
        services.comment_submit(text=text, name="Amina", email="not-an-address", body="Hello")
    assert Comment.objects.count() == 0
