"""Background work: the pages a change touched, rendered again by the worker."""

import logging

from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


#: A change's release pages come before the lists, feeds and sitemaps earlier changes left.
URGENT = 10
LATER = -10
#: Pages left for later rendered per task, and for no longer than this (one page at least):
#: a change queued meanwhile waits at most one batch.
DEEP_BATCH = 20
DEEP_SECONDS = 0.5


@task(priority=URGENT)
def publish_changes(tags: list[str] | None) -> int:
    """Render again the pages carrying `tags` (every page for None); how many were rendered.

    The same task's other queued runs are taken along (an import or a burst of edits queues
    many): their pages are rendered once, in this run. Only the release pages are rendered
    here; the lists, feeds and sitemaps (a new release shifts every page of a list) follow
    in `publish_deep_pages`, a batch at a time, so that the next change's release pages
    never wait behind hundreds of list pages.
    """
    from communique.publishing.services import changes_publish

    more, everything = _absorb_waiting(publish_changes)
    if everything or tags is None:
        return changes_publish(tags=None).rendered
    tags = set(tags) | more
    report = changes_publish(tags=tags, deep=False)
    if report.deep_paths:
        publish_deep_pages.enqueue(sorted(tags), report.deep_paths)
    return report.rendered


@task(priority=LATER)
def publish_deep_pages(tags: list[str], pages: list[str] | None = None) -> int:
    """A batch of `pages` (the pages left for later carrying `tags`, in order; listed again
    when None); the rest is queued for the next batch. Other changes' queued runs are taken
    along, and then the pages left for later are listed and published again from the
    first (those done before may be older than those changes)."""
    from communique.publishing.services import later_paths, later_publish

    more, _everything = _absorb_waiting(publish_deep_pages)
    if more or not isinstance(pages, list):  # (a start number: queued by an older version)
        tags = sorted(set(tags) | more)
        pages = later_paths(tags)
    report = later_publish(pages, count=DEEP_BATCH, seconds=DEEP_SECONDS)
    if rest := pages[report.rendered :]:
        publish_deep_pages.enqueue(sorted(tags), rest)
    return report.rendered


def _absorb_waiting(task_function, limit: int = 10_000) -> tuple[set[str], bool]:
    """The tags of `task_function`'s queued runs, which are marked done; (tags, every page?)."""
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another task backend: each run does its own
        return set(), False
    tags: set[str] = set()
    everything = False
    try:
        waiting = DBTaskResult.objects.ready().filter(task_path=task_function.module_path)
        rows = list(waiting.values_list("pk", "args_kwargs")[:limit])
        claimed = DBTaskResult.objects.ready().filter(pk__in=[pk for pk, _args in rows])
        claimed.update(
            status=TaskResultStatus.SUCCESSFUL,
            started_at=timezone.now(),
            finished_at=timezone.now(),
            return_value=0,
        )
    except DatabaseError:
        logger.warning("Could not take along the queued publications", exc_info=True)
        return set(), False
    for _pk, args_kwargs in rows:
        args = (args_kwargs or {}).get("args") or [None]
        if args[0] is None:
            everything = True
        else:
            tags.update(args[0])
    return tags, everything
