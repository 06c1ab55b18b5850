"""The comments app's signal wiring: whatever changes the comments a page shows says so.

The services send `comments_changed` themselves; these receivers catch the writes that do not
go through them — the admin's delete (one or many), a queryset's `.update()`, a script — so
that no cached or published page keeps showing a comment that was removed.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from communique.comments.models import Comment, ReleaseCommentPolicy
from communique.comments.signals import comments_changed
from communique.newsroom.page_cache import pages_changed, text_tag


def _send() -> None:
    connection = transaction.get_connection()
    text_ids, connection.comments_changed_texts = connection.comments_changed_texts, set()
    if text_ids:
        comments_changed.send(sender=Comment, text_ids=text_ids)


def _announce(text_ids) -> None:
    """Send `comments_changed` once the transaction commits, once for all its changes."""
    connection = transaction.get_connection()
    pending = getattr(connection, "comments_changed_texts", None)
    # Waiting: texts gathered and not sent yet, by a callback still to run (not rolled back).
    waiting = (
        bool(pending)
        and connection.in_atomic_block
        and any(func is _send for _savepoints, func, _robust in connection.run_on_commit)
    )
    if not waiting:
        connection.comments_changed_texts = pending = set()
    pending.update(text_ids)
    if not waiting:
        transaction.on_commit(_send, robust=True)


def comment_saved(sender, instance: Comment, raw=False, **kwargs) -> None:
    # A pending comment is on no page: readers' posts must not drop the cached pages. A raw
    # save is a restore (loaddata), which refreshes every page itself.
    if instance.status == Comment.Status.APPROVED and not raw:
        _announce({instance.text_id})


def comment_deleted(sender, instance: Comment, **kwargs) -> None:
    if instance.status == Comment.Status.APPROVED:
        _announce({instance.text_id})


def policy_changed(sender, instance: ReleaseCommentPolicy, raw=False, **kwargs) -> None:
    # Closing, reopening or deleting the switch shows or hides the form on every language.
    from communique.newsroom.models import Text

    if raw:
        return
    _announce(Text.objects.filter(release_id=instance.release_id).values_list("pk", flat=True))


def comments_shown(sender, text_ids, **kwargs) -> None:
    """The comments of these texts show on their pages only."""
    pages_changed({text_tag(pk) for pk in text_ids})


def connect() -> None:
    comments_changed.connect(comments_shown, dispatch_uid="comments_changed:page_cache")
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments:saved")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="comments:deleted")
    for signal in (post_save, post_delete):
        signal.connect(policy_changed, sender=ReleaseCommentPolicy, dispatch_uid=f"policy:{signal}")
