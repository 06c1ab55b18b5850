"""`communique worker`: a text due for publication is published once worker and database are
back, exactly once, with its number and its audit entry, whatever happened meanwhile."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from communique.editorial.management.commands import worker as worker_command
from communique.editorial.models import AuditEntry
from communique.editorial.tasks import publish_due_texts
from communique.newsroom.models import Release, Text
from tests.factories import make_release

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def due(offices):
    """A text that was scheduled and whose time has come, and the task that should publish it."""
    release = make_release(offices[0], title="Clinic opens in Osh")
    Text.objects.filter(release=release).update(
        status=Text.Status.SCHEDULED, scheduled_for=timezone.now() - datetime.timedelta(seconds=5)
    )
    return release.texts.get()


def published_once(text) -> bool:
    text.refresh_from_db()
    release = Release.objects.get(pk=text.release_id)
    entries = AuditEntry.objects.filter(
        action=AuditEntry.Action.PUBLISHED, subject_type="text", subject_id=text.pk
    )
    assert entries.count() <= 1, "published twice"
    return (
        text.status == Text.Status.PUBLISHED and release.number is not None and entries.count() == 1
    )


def database_url(**query) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    options = "&".join(f"{key}={value}" for key, value in query.items())
    url = f"postgres://{auth}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    return url + (f"?{options}" if options else "")


def start(arguments, tmp_path, name, **query):
    """A worker process on the test's database; its output goes to files in tmp_path."""
    env = {**os.environ, "DATABASE_URL": database_url(**query), "PYTHONPATH": str(ROOT)}
    out = open(tmp_path / f"{name}.out", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603
        [sys.executable, *arguments], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
    )


def wait_for(condition, *, seconds=60.0):
    """Poll until `condition()` holds; a bound against hanging, not a measure of speed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_worker_killed_mid_publish_leaves_the_text_to_the_next_worker_exactly_once(due, tmp_path):
    task = publish_due_texts.enqueue()
    marker = tmp_path / "publishing"
    slow = start(["-m", "tests.editorial.slow_worker", str(marker)], tmp_path, "slow")
    try:
        assert wait_for(marker.exists), (tmp_path / "slow.out").read_text()
        slow.send_signal(signal.SIGKILL)
        slow.wait()
    finally:
        stop(slow)
    assert DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.RUNNING
    assert Text.objects.get(pk=due.pk).status == Text.Status.SCHEDULED  # rolled back

    worker = start(["-m", "communique.cli", "worker", "--interval", "0.1"], tmp_path, "worker")
    try:
        assert wait_for(lambda: published_once(due)), (tmp_path / "worker.out").read_text()
        assert wait_for(
            lambda: DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.SUCCESSFUL
        )
    finally:
        stop(worker)
    assert published_once(due)
    assert "was left running; queued again" in (tmp_path / "worker.out").read_text()


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""), reason="kills PostgreSQL connections"
)
def test_the_worker_survives_its_database_connections_being_killed(due, tmp_path):
    name = f"communique-worker-{os.getpid()}-{time.monotonic_ns()}"
    worker = start(
        [
            "-m", "communique.cli", "worker",
            "--interval", "0.1", "--reconcile-every", "0.5", "--max-backoff", "0.5",
        ],
        tmp_path,
        "worker",
        application_name=name,
    )  # fmt: skip
    Text.objects.filter(pk=due.pk).update(
        scheduled_for=timezone.now() + datetime.timedelta(hours=1)
    )

    def kill_its_connections() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = %s",
                [name],
            )
            return cursor.fetchone()[0]

    try:
        assert wait_for(lambda: kill_its_connections() > 0)
        # An outage of two seconds: every connection it opens is killed, and the text falls due.
        Text.objects.filter(pk=due.pk).update(scheduled_for=timezone.now())
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            kill_its_connections()
            time.sleep(0.02)
        assert worker.poll() is None, (tmp_path / "worker.out").read_text()
        assert wait_for(lambda: published_once(due)), (tmp_path / "worker.out").read_text()
        assert worker.poll() is None
    finally:
        stop(worker)
    assert "Database unavailable" in (tmp_path / "worker.out").read_text()


def test_the_reconciler_publishes_a_due_text_that_no_task_remembers(due):
    DBTaskResult.objects.all().delete()
    call_command("worker", "--rounds", "1", "--interval", "0")
    assert published_once(due)


def test_a_lost_database_connection_is_retried_with_back_off(due, monkeypatch, capsys):
    calls = []
    real = worker_command.publish_due

    def flaky():
        calls.append(1)
        if len(calls) <= 2:
            connection.close()
            raise OperationalError("server closed the connection unexpectedly")
        return real()

    monkeypatch.setattr(worker_command, "publish_due", flaky)
    call_command("worker", "--rounds", "3", "--interval", "0", "--max-backoff", "0")
    assert published_once(due)
    assert capsys.readouterr().err.count("Database unavailable") == 2


def test_a_task_left_running_by_a_dead_worker_is_run_again(due):
    task = publish_due_texts.enqueue()
    dead = f"{socket.gethostname()[:40]}:{2**22 + 12345}:0000"  # above Linux's pid_max
    DBTaskResult.objects.filter(pk=task.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[dead]
    )
    call_command("worker", "--rounds", "1", "--interval", "0", "--reconcile-every", "3600")
    stored = DBTaskResult.objects.get(pk=task.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.return_value == 1
    assert published_once(due)


def test_a_task_running_on_a_live_worker_is_left_alone(due):
    task = publish_due_texts.enqueue()
    alive = f"{socket.gethostname()[:40]}:{os.getppid()}:0000"
    DBTaskResult.objects.filter(pk=task.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[alive]
    )
    call_command("worker", "--rounds", "1", "--interval", "0", "--reconcile-every", "3600")
    assert DBTaskResult.objects.get(pk=task.id).status == TaskResultStatus.RUNNING


def test_a_task_queued_while_the_worker_waits_ends_the_wait(due):
    # Waiting for the next round, the worker notices a ready task instead of sleeping on.
    queue = {"backend_name": "default", "queue_names": ["default"], "running": lambda: True}
    started = time.monotonic()
    worker_command.wait_for_work(0.3, **queue)
    assert time.monotonic() - started >= 0.3  # nothing ready: the whole interval
    publish_due_texts.enqueue()
    started = time.monotonic()
    worker_command.wait_for_work(600, **queue)
    assert time.monotonic() - started < 60  # a bound against hanging, not a speed
    stopped = {"running": lambda: False}
    worker_command.wait_for_work(600, **{**queue, **stopped})  # a stopping worker waits not
