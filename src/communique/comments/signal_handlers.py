"""The comments app's signal wiring: whatever changes the comments a page shows says so.

The services send `comments_changed` themselves; these receivers catch the writes that do not
go through them — the admin's delete (one or many), a queryset's `.update()`, a script — so
that no cached or published page keeps showing a comment that was removed.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from communique.comments.models import Comment, ReleaseCommentPolicy
from communique.comments.signals import comments_changed
from communique.newsroom.page_cache import pages_changed


def _announce(text_ids) -> None:
    text_ids = set(text_ids)
    if text_ids:
        transaction.on_commit(
            lambda: comments_changed.send(sender=Comment, text_ids=text_ids), robust=True
        )


def comment_saved(sender, instance: Comment, **kwargs) -> None:
    # A pending comment is on no page: readers' posts must not drop the cached pages.
    if instance.status == Comment.Status.APPROVED:
        _announce({instance.text_id})


def comment_deleted(sender, instance: Comment, **kwargs) -> None:
    if instance.status == Comment.Status.APPROVED:
        _announce({instance.text_id})


def policy_changed(sender, instance: ReleaseCommentPolicy, **kwargs) -> None:
    # Closing, reopening or deleting the switch shows or hides the form on every language.
    from communique.newsroom.models import Text

    _announce(Text.objects.filter(release_id=instance.release_id).values_list("pk", flat=True))


def connect() -> None:
    comments_changed.connect(pages_changed, dispatch_uid="comments_changed:page_cache")
    post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments:saved")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="comments:deleted")
    for signal in (post_save, post_delete):
        signal.connect(policy_changed, sender=ReleaseCommentPolicy, dispatch_uid=f"policy:{signal}")
