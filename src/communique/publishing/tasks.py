"""Background work: the pages a change touched, rendered again by the worker."""

import logging

from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def publish_changes(tags: list[str] | None) -> int:
    """Render again the pages carrying `tags` (every page for None); how many were rendered.

    The same task's other queued runs are taken along (an import or a burst of edits queues
    many): their pages are rendered once, in this run.
    """
    from communique.publishing.services import changes_publish

    more, everything = _absorb_waiting()
    if everything or tags is None:
        return changes_publish(tags=None).rendered
    return changes_publish(tags=set(tags) | more).rendered


def _absorb_waiting(limit: int = 10_000) -> tuple[set[str], bool]:
    """The tags of this task's queued runs, which are marked done; (tags, every page?)."""
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another task backend: each run does its own
        return set(), False
    tags: set[str] = set()
    everything = False
    try:
        waiting = DBTaskResult.objects.ready().filter(task_path=publish_changes.module_path)
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
