"""Every script-injection payload, posted as a name, a website or a comment, shows up as text."""

import re

import pytest

from communique.comments import services
from communique.comments.models import Comment
from tests.comments.conftest import post_comment
from tests.comments.payloads import PAYLOADS
from tests.comments.rendered import Page, assert_inert

pytestmark = pytest.mark.django_db


def as_shown(body: str) -> str:
    """A comment as readers read it back: paragraphs and line breaks, outer spaces trimmed."""
    paragraphs = re.split(r"\n\s*\n", body.strip())
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip())


@pytest.fixture
def baseline(client, text):
    """The release page with one ordinary approved comment with a reply, and the form page."""
    post_comment(client, text, website="https://wells.example.org", address="203.0.113.1")
    comment = Comment.objects.get()
    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)
    services.comment_reply(comment, reply="Thank you.\nNoted.")
    pages = {
        "release": Page.of(client.get(text.get_absolute_url())),
        "mistake": Page.of(post_comment(client, text, name="", address="203.0.113.2")),
        "refusal": Page.of(post_comment(client, text, subject="x", address="203.0.113.3")),
    }
    pages["tags"] = set().union(*(page.tags() for page in pages.values()))
    return pages


def kind(response) -> str:
    """Which page answered a post: a refusal's small page, or the comments page with errors."""
    return "refusal" if "Your comment was not sent" in response.content.decode() else "mistake"


@pytest.mark.parametrize("field", ["name", "website", "comment"])
def test_injection_payloads_are_shown_inert_wherever_they_are_typed(
    client, text, settings, baseline, field
):
    settings.COMMUNIQUE_COMMENTS_RATE_LIMITS = []  # hundreds of posts from one test
    assert len(PAYLOADS) >= 100
    refused = 0
    for index, payload in enumerate(PAYLOADS):
        fields = {
            "name": f"Reader {index}",
            "email": f"reader{index}@example.org",
            "comment": f"Comment {index} on the water project.",
            field: payload,
        }
        response = post_comment(client, text, address=f"198.51.100.{index % 250}", **fields)
        assert response.status_code in (302, 400, 409), (payload, response.status_code)
        if response.status_code == 302:
            continue
        # Refused: the form comes back with what was typed, as text in the form's fields.
        refused += 1
        page = Page.of(response)
        assert_inert(page, baseline[kind(response)], allowed_tags=baseline["tags"])
        shown = page.textarea("comment") if field == "comment" else page.inputs[field]
        assert shown == payload.replace("\r\n", "\n") or shown == payload

    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)
    response = client.get(text.get_absolute_url())
    page = Page.of(response)
    assert_inert(page, baseline["release"], allowed_tags=baseline["tags"])
    stored = list(Comment.objects.order_by("created_at", "pk"))
    assert len(page.comments) == len(stored) == 1 + len(PAYLOADS) - refused
    for comment, shown in zip(stored, page.comments, strict=True):
        assert shown.name == comment.name
        assert shown.body == as_shown(comment.body)
        if comment.website:
            assert shown.website == comment.website
            assert shown.website.startswith(("https://", "http://"))
    # The payloads really reached the public page (the rest were shown back in the form).
    assert len(stored) - 1 >= {"name": 100, "website": 3, "comment": 130}[field]


def test_payloads_in_an_official_reply_are_shown_inert(client, text, baseline):
    post_comment(
        client,
        text,
        email="second@example.org",
        comment="When will the second well open?",
        address="203.0.113.3",
    )
    comment = Comment.objects.get(email="second@example.org")
    services.comments_moderate(Comment.objects.filter(pk=comment.pk), status="approved")
    services.comment_reply(comment, reply="\n".join(PAYLOADS))

    page = Page.of(client.get(text.get_absolute_url()))
    assert_inert(page, baseline["release"], allowed_tags=baseline["tags"])
    assert page.comments[-1].reply == as_shown(comment.reply)
