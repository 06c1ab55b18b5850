"""Reads: the comments a page shows, whether a text takes comments, a moderator's queue."""

from datetime import timedelta

from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from communique.comments import conf
from communique.comments.models import Comment, NotificationPreference, ReleaseCommentPolicy
from communique.editorial import selectors as roles
from communique.editorial.models import Membership
from communique.newsroom import json_rows
from communique.newsroom.json_rows import JSONRows
from communique.newsroom.models import Text
from communique.newsroom.prepared import Prepared
from communique.newsroom.selectors import public

PUBLIC_FIELDS = ("pk", "text_id", "name", "website", "body", "created_at", "reply", "replied_at")


#: A release page's comments, compiled once per connection (every release page asks).
_APPROVED = Prepared(
    lambda text: (
        Comment.objects.filter(text_id=text, status=Comment.Status.APPROVED)
        .only(*PUBLIC_FIELDS)
        .order_by("created_at", "pk")
    ),
    text=models.IntegerField(),
)


def _closed_policy(release) -> QuerySet[ReleaseCommentPolicy]:
    return ReleaseCommentPolicy.objects.filter(release_id=release, closed=True).only("pk")[:1]


_CLOSED = Prepared(_closed_policy, release=models.IntegerField())


def _approved_rows() -> JSONRows:
    return JSONRows(
        Comment.objects.filter(text=OuterRef("pk"), status=Comment.Status.APPROVED),
        *PUBLIC_FIELDS,
    )


def _closed() -> Exists:
    return Exists(ReleaseCommentPolicy.objects.filter(release=OuterRef("release_id"), closed=True))


#: Columns of the release page's one query (newsroom.extensions.register_release_column).
RELEASE_COLUMNS = {"approved_comment_rows": _approved_rows, "comments_closed": _closed}


def approved_comments(text: Text) -> list[Comment]:
    """A text's approved comments, oldest first, without the e-mail addresses (from the
    release page's own query where the text came from it)."""
    rows = getattr(text, "approved_comment_rows", None)
    if rows is None:
        return _APPROVED(text=text.pk)
    comments = json_rows.instances(Comment, rows, PUBLIC_FIELDS)
    return sorted(comments, key=lambda comment: (comment.created_at, comment.pk))


def closes_at(text: Text):
    """When the site-wide limit closes a text's comments, or None if it never does."""
    days = conf.close_after_days()
    started = text.release.first_published_at or text.published_at
    if days <= 0 or started is None:
        return None
    return started + timedelta(days=days)


def comments_open(text: Text, *, now=None) -> bool:
    """Whether readers may comment on a text now (one query at most)."""
    if text.status != Text.Status.PUBLISHED:
        return False
    ends = closes_at(text)
    if ends is not None and (now or timezone.now()) >= ends:
        return False
    closed = getattr(text, "comments_closed", None)  # the release page's query says
    return not (_CLOSED(release=text.release_id) if closed is None else closed)


def text_for_comment(release_id: int, language: str) -> Text | None:
    """The public text a comment form posts to, with what checking and e-mailing need.

    Through the newsroom's gate: an embargoed text (published with a time still ahead) has
    no comments page, as it has no release page.
    """
    return (
        public(Text.objects.filter(release_id=release_id, language=language))
        .select_related("release__office")
        .first()
    )


def moderated_office_ids(user) -> list[int] | None:
    """The offices whose comments a user moderates (their roles there); None means all."""
    return roles.office_ids(user, roles.MODERATORS)


def moderation_queue(user) -> QuerySet[Comment]:
    """The comments a user may moderate, with what the queue's columns show."""
    comments = Comment.objects.select_related("text__release__office")
    office_ids = moderated_office_ids(user)
    if office_ids is None:
        return comments
    return comments.filter(text__release__office_id__in=office_ids)


def notification_recipients(office) -> list[str]:
    """Who hears of a new comment: the office's moderators who asked to, else the office."""
    opted_in = NotificationPreference.objects.filter(notify=True).values("user_id")
    emails = list(
        Membership.objects.filter(
            office=office,
            role__in=roles.MODERATORS,
            user__is_active=True,
            user_id__in=opted_in,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not emails and office.email:
        emails = [office.email]
    return emails
