"""The search app's signal wiring: the index follows every newsroom change, once committed.

The changes of one transaction are gathered and indexed together when it commits (a
publish saves a release and its texts several times). Indexing never fails the write
that caused it; a failure is logged and `communique reindex` repairs the index.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from communique.newsroom.extensions import demo_loaded
from communique.newsroom.models import Category, Office, Release, Text
from communique.search import services


class _Pending:
    """What one transaction changed, indexed on commit."""

    def __init__(self):
        self.changes = {"texts": set(), "releases": set(), "offices": set(), "categories": set()}
        self.flushed = False

    def flush(self) -> None:
        self.flushed = True
        services.index_changes_safely(**self.changes)


def _pending() -> tuple[_Pending, bool]:
    connection = transaction.get_connection()
    pending = getattr(connection, "_search_pending", None)
    registered = (
        pending is not None
        and not pending.flushed
        and any(
            getattr(func, "__self__", None) is pending
            for _sids, func, _robust in connection.run_on_commit
        )
    )
    if not registered:
        pending = _Pending()
        connection._search_pending = pending
    return pending, registered


def _changed(kind: str, *ids) -> None:
    pending, registered = _pending()
    pending.changes[kind].update(ids)
    if not registered:
        # Outside a transaction this runs at once, with the ids just added.
        transaction.on_commit(pending.flush, robust=True)


def text_changed(sender, instance, **kwargs) -> None:
    _changed("texts", instance.pk)


def release_changed(sender, instance, **kwargs) -> None:
    _changed("releases", instance.pk)


def office_changed(sender, instance, **kwargs) -> None:
    _changed("offices", instance.pk)


def category_changed(sender, instance, **kwargs) -> None:
    _changed("categories", instance.pk)


def release_categories_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if reverse:  # category.releases.add(...)
        _changed("releases", *(pk_set or ()))
        _changed("categories", instance.pk)
    else:
        _changed("releases", instance.pk)


def index_demo(sender, *, progress, **kwargs) -> None:
    """`communique demo`: index everything the demo loaded (it is small)."""
    count = services.reindex()
    progress(f"Search index: {count} texts.")


def register_signal_handlers() -> None:
    uid = "search"
    post_save.connect(text_changed, sender=Text, dispatch_uid=f"{uid}:text:save")
    post_delete.connect(text_changed, sender=Text, dispatch_uid=f"{uid}:text:delete")
    post_save.connect(release_changed, sender=Release, dispatch_uid=f"{uid}:release:save")
    post_save.connect(office_changed, sender=Office, dispatch_uid=f"{uid}:office:save")
    post_save.connect(category_changed, sender=Category, dispatch_uid=f"{uid}:category:save")
    m2m_changed.connect(
        release_categories_changed,
        sender=Release.categories.through,
        dispatch_uid=f"{uid}:release:categories",
    )
    demo_loaded.connect(index_demo, dispatch_uid=f"{uid}:demo")
