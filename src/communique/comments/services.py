"""Writes: receiving, moderating, answering and erasing comments, whoever asks."""

import logging
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communique.comments import abuse, conf, selectors
from communique.comments.models import BlockRule, Comment, ReleaseCommentPolicy, unify_newlines
from communique.comments.signals import comments_changed
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, Release, Text

logger = logging.getLogger(__name__)

PURGE_EVERY = 3600


def comment_submit(
    *,
    text: Text,
    name: str,
    email: str,
    body: str,
    website: str = "",
    address_hash: str = "",
    base_url: str = "",
) -> Comment:
    """Check a reader's comment and queue it for moderation; raises `abuse.Refusal`."""
    if not selectors.comments_open(text):
        raise abuse.closed_refusal()
    abuse.check_content(
        text=text, name=name, email=email, website=website, body=body, address=address_hash
    )
    keep_address = conf.ip_retention_days() > 0
    comment = Comment(
        text=text,
        name=name,
        email=email,
        website=website,
        body=unify_newlines(body),
        address_hash=address_hash if keep_address else "",
        fingerprint=abuse.fingerprint(body),
    )
    # The form checked all this already; a caller other than the form gets the same rules.
    comment.clean_fields(exclude=["text"])
    with transaction.atomic():
        comment.save()
    moderators_notify(comment, base_url=base_url)
    if cache.add("comments:purged-recently", True, timeout=PURGE_EVERY):
        address_hashes_purge()
    return comment


def moderators_notify(comment: Comment, *, base_url: str = "") -> bool:
    """E-mail the office's moderators that comments await them, at most once per interval."""
    office = comment.text.release.office
    if not cache.add(f"comments:notified:{office.pk}", True, conf.notify_interval_seconds()):
        return False
    recipients = selectors.notification_recipients(office)
    if not recipients:
        return False
    organisation = Organisation.current()
    with translation.override(organisation.default_language):
        waiting = Comment.objects.filter(
            text__release__office=office, status=Comment.Status.PENDING
        ).count()
        queue = base_url.rstrip("/") + reverse("admin:comments_comment_changelist")
        subject = _("New comment on “%(title)s”") % {"title": comment.text.title}
        lines = [
            _("%(name)s wrote on “%(title)s” (%(office)s):")
            % {"name": comment.name, "title": comment.text.title, "office": pick(office.name)},
            "",
            comment.body,
            "",
            _("Comments awaiting moderation for this office: %(count)d") % {"count": waiting},
            _("Moderation queue: %(url)s") % {"url": queue},
        ]
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:  # a mail server that is down must not lose the comment
        logger.exception("Could not e-mail the moderators of office %s", office.slug)
        return False
    return True


def _changed(text_ids) -> None:
    text_ids = set(text_ids)
    if text_ids:
        comments_changed.send(sender=Comment, text_ids=text_ids)


@transaction.atomic
def comments_moderate(
    comments: QuerySet[Comment], *, status: str, by: AbstractBaseUser | None = None
) -> int:
    """Give comments a moderation outcome (approved, rejected, spam); returns how many changed."""
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ValueError(f"Not a moderation outcome: {status!r}")
    changing = list(comments.exclude(status=status).values_list("pk", "text_id", "status"))
    # QuerySet.update itself, not the model's: the notice below names only the texts whose
    # pages change (moderating spam changes no page).
    count = QuerySet.update(
        Comment.objects.filter(pk__in=[pk for pk, _text, _status in changing]),
        status=status,
        moderated_at=timezone.now(),
        moderated_by=by,
    )
    # A page changes when a comment appears on it or leaves it.
    text_ids = {
        text_id for _pk, text_id, before in changing if Comment.Status.APPROVED in (before, status)
    }
    transaction.on_commit(lambda: _changed(text_ids))
    return count


def comments_unpublish(comments: QuerySet[Comment], *, by: AbstractBaseUser | None = None) -> int:
    """Take approved comments off the pages again; other comments are left as they are."""
    return comments_moderate(
        comments.filter(status=Comment.Status.APPROVED), status=Comment.Status.REJECTED, by=by
    )


@transaction.atomic
def comment_reply(comment: Comment, *, reply: str, by: AbstractBaseUser | None = None) -> Comment:
    """Set (or, with an empty reply, remove) the office's official reply to a comment."""
    reply = unify_newlines(reply.strip())
    if reply == comment.reply:
        return comment
    comment.reply = reply
    comment.replied_at = timezone.now() if reply else None
    comment.replied_by = by if reply else None
    # Saving an approved comment tells its pages (signal_handlers.py).
    comment.save(update_fields=["reply", "replied_at", "replied_by"])
    return comment


@transaction.atomic
def sender_block(comment: Comment, *, note: str = "") -> list[BlockRule]:
    """Block a comment's e-mail address and, while it is known, its network address."""
    entries = [(BlockRule.Kind.EMAIL, comment.email.strip().lower())]
    if comment.address_hash:
        entries.append((BlockRule.Kind.ADDRESS, comment.address_hash))
    return [
        BlockRule.objects.get_or_create(kind=kind, value=value, defaults={"note": note})[0]
        for kind, value in entries
    ]


@transaction.atomic
def comments_erase(email: str) -> int:
    """Delete every comment sent with an e-mail address (any capitals); returns how many."""
    # Deleting approved comments tells their pages (signal_handlers.py).
    count, _by_model = Comment.objects.filter(email__iexact=email.strip()).delete()
    return count


def address_hashes_purge(*, now=None) -> int:
    """Blank the address hashes older than the retention period; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.ip_retention_days())
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(~Q(address_hash=""))
        .update(address_hash="")
    )


@transaction.atomic
def release_comments_close(release: Release, *, closed: bool = True) -> ReleaseCommentPolicy:
    """Close (or reopen) a release's comments; approved comments stay visible."""
    policy, _created = ReleaseCommentPolicy.objects.update_or_create(
        release=release, defaults={"closed": closed}
    )
    text_ids = set(release.texts.values_list("pk", flat=True))
    transaction.on_commit(lambda: _changed(text_ids))
    return policy
