"""`communique worker`: the background worker, which nothing stops for good.

It runs django-tasks' database worker (`db_worker`) in rounds, and around it what makes a
scheduled publication impossible to lose:

- every round, the tasks left "running" by a worker that died (killed mid-publish, its
  machine gone) are put back in the queue: a task claimed by a process of this machine that
  no longer exists at once, any other after `--stale-after` seconds;
- every `--reconcile-every` seconds, everything due and unpublished is published
  (`publish_due`: each text locked and checked, so a text is never published twice, whoever
  else publishes it at the same time), and the page cache's copy of the page generation is
  brought in step;
- every round, `signals.worker_round` is sent, so that other apps (delivery, published
  files) catch up on what a lost task left undone;
- a lost database connection (PostgreSQL restarted, the network gone) is not the end: the
  round is abandoned, the connections closed, and the next round tried after a back-off that
  doubles up to `--max-backoff` seconds. django-tasks' own `db_worker` exits instead.

SIGTERM and SIGINT stop it between tasks, as they stop `db_worker`.
"""

import logging
import os
import secrets
import socket
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import Error as DatabaseError
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from communique.editorial import signals
from communique.editorial.services import publish_due
from communique.newsroom import page_cache

logger = logging.getLogger("communique.worker")


#: While waiting for the next round, how often the queue is asked whether a task is ready.
WAKE_CHECK = 0.1


def wait_for_work(seconds: float, *, backend_name: str, queue_names: list[str], running) -> None:
    """Wait up to `seconds` for the next round, ending early when a task is ready: a change
    is published within a tenth of a second of its commit, not a whole interval later."""
    deadline = time.monotonic() + seconds
    ready = DBTaskResult.objects.ready().filter(
        backend_name=backend_name, queue_name__in=queue_names
    )
    while running() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(WAKE_CHECK, left))
        try:
            if ready.exists():
                return
        except DatabaseError:
            return  # the round says what is wrong with the database


def _worker_id() -> str:
    # host:pid:random: a restarted worker on the same machine can tell its dead predecessor's
    # tasks from a live worker's (even when a container gives it the same pid).
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _process_gone(worker_id: str, mine: str) -> bool:
    """Whether a worker id names a process of this machine that is no longer running its task."""
    if worker_id == mine:
        return True  # between rounds we run nothing: a task of ours lost its database midway
    host, _sep, rest = worker_id.partition(":")
    pid, _sep, _token = rest.partition(":")
    if host != mine.partition(":")[0] or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # our pid, another incarnation (a restarted container): that one is dead
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def recover_stale_tasks(*, backend_name: str, worker_id: str, stale_after: float) -> int:
    """Put the tasks of dead workers back in the queue; returns how many."""
    cutoff = timezone.now() - timedelta(seconds=stale_after)
    recovered = 0
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    for task in running.only("pk", "worker_ids", "started_at"):
        claimed_by = task.worker_ids[-1] if task.worker_ids else ""
        if not (_process_gone(claimed_by, worker_id) or (task.started_at or cutoff) < cutoff):
            continue
        recovered += running.filter(pk=task.pk).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("Task %s of worker %s was left running; queued again", task.pk, claimed_by)
    return recovered


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks, scheduled publication every minute, and "
        "recovery from dead workers and lost database connections."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="Queues, comma-separated.")
        parser.add_argument("--backend", default="default", dest="backend_name")
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between rounds (default 1); a task queued meanwhile starts at once.",
        )
        parser.add_argument(
            "--reconcile-every",
            type=float,
            default=60.0,
            metavar="SECONDS",
            help="Publish everything due this often, whatever the queue says (default 60).",
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=900.0,
            metavar="SECONDS",
            help="A task running this long on another machine is taken as lost (default 900).",
        )
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=60.0,
            metavar="SECONDS",
            help="Longest wait between attempts while the database is unavailable (default 60).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=0,
            help="Stop after this many rounds (default: run until stopped).",
        )

    def handle(self, *args, **options):
        worker_id = _worker_id()
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=0,
            batch=True,  # one pass over the ready tasks per round; the loop is ours
            backend_name=options["backend_name"],
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
        )
        worker.configure_signals()
        self.stdout.write(f"Worker {worker_id} started.")
        backoff = min(1.0, options["max_backoff"])
        next_reconcile = 0.0
        rounds = 0
        while worker.running:
            rounds += 1
            try:
                recover_stale_tasks(
                    backend_name=options["backend_name"],
                    worker_id=worker_id,
                    stale_after=options["stale_after"],
                )
                worker.run()
                signals.worker_round.send(sender=None)
                if time.monotonic() >= next_reconcile:
                    for text in publish_due():
                        self.stdout.write(f"Published {text.language} “{text.title}”.")
                    page_cache.sync()
                    next_reconcile = time.monotonic() + options["reconcile_every"]
            except DatabaseError as error:
                self.stderr.write(
                    f"Database unavailable ({type(error).__name__}: {str(error).strip()[:200]});"
                    f" trying again in {backoff:g} s."
                )
                self._disconnect()
                if options["rounds"] and rounds >= options["rounds"]:
                    break
                time.sleep(backoff)
                backoff = min(max(backoff * 2, 0.1), options["max_backoff"])
                next_reconcile = 0.0  # catch up with what fell due meanwhile
                continue
            backoff = min(1.0, options["max_backoff"])
            close_old_connections()
            if options["rounds"] and rounds >= options["rounds"]:
                break
            wait_for_work(
                options["interval"],
                backend_name=options["backend_name"],
                queue_names=options["queue_name"].split(","),
                running=lambda: worker.running,
            )

    @staticmethod
    def _disconnect() -> None:
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                pass  # already gone; the next query opens a new one
