"""E-mail to 10,000 subscribers: how long Publish takes, how fast the worker sends, its memory.

    .venv/bin/python bench/bench_delivery.py [--subscribers N]

Uses a throw-away data folder (SQLite) unless DATABASE_URL is set (for example PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/communique_bench). Starts an SMTP server
(aiosmtpd) on 127.0.0.1 that accepts everything, publishes one release through the editorial
service (what the editor's Publish does), then runs `communique worker --rounds 1` as a
process of its own, which expands the release into one message per subscriber and sends them
all. Prints figures with their limits; asserts nothing.
"""

import argparse
import datetime
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import ROOT, setup_django  # noqa: E402

PUBLISH_LIMIT = 0.5  # seconds: "well under a second" whatever the number of subscribers
RATE_LIMIT = 200  # messages per second at least: 10,000 in under a minute
RSS_LIMIT = 150  # MB, as for a serving process


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as data_dir:
        setup_django(data_dir)
        from aiosmtpd.controller import Controller
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.utils import timezone

        from communique.delivery.mail.models import Message, Subscriber
        from communique.editorial import services as editorial
        from communique.editorial.models import Membership
        from communique.newsroom import services
        from communique.newsroom.models import Office, Organisation

        call_command("migrate", verbosity=0)
        Organisation.objects.get_or_create(pk=1, defaults={"name": {"en": "Bench"}})
        office, _created = Office.objects.get_or_create(
            slug="bench", defaults={"name": {"en": "Bench Office"}}
        )
        editor, _created = get_user_model().objects.get_or_create(username="bench-editor")
        Membership.objects.get_or_create(user=editor, office=office, role="editor")
        Subscriber.objects.all().delete()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{n}@example.org", language="en", confirmed_at=timezone.now()
                )
                for n in range(args.subscribers)
            ],
            batch_size=1000,
        )
        release = services.release_create(
            office=office,
            issue_date=datetime.date(2024, 7, 24),
            language="en",
            title="Benchmark release: water for three villages",
            body="A paragraph of a press release. " * 60,
        )
        sink = Sink()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            started = time.perf_counter()
            editorial.text_publish(release.texts.get(), by=editor)
            publish = time.perf_counter() - started

            env = {
                **os.environ,
                "COMMUNIQUE_DATA_DIR": os.environ["COMMUNIQUE_DATA_DIR"],
                "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                "PYTHONPATH": str(ROOT / "src"),
            }
            started = time.perf_counter()
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "communique.cli", "worker", "--rounds", "1"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            elapsed = time.perf_counter() - started
        finally:
            controller.stop()
        sent = Message.objects.filter(status=Message.Status.SENT).count()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        print(f"e-mail to {args.subscribers} subscribers, one release")
        limit = PUBLISH_LIMIT * 1000
        print(f"  Publish returned in {publish * 1000:7.1f} ms   (limit {limit:.0f} ms)")
        print(
            f"  worker: {sent} sent ({sink.count} received) in {elapsed:5.1f} s, "
            f"{sent / elapsed:6.0f} messages/s   (limit ≥ {RATE_LIMIT}/s)"
        )
        # On a shared machine the wall clock says more about the neighbours than the worker.
        print(f"  worker's CPU time {cpu:5.1f} s: {sent / cpu:6.0f} messages per CPU-second")
        print(f"  worker's peak RSS {rss:6.1f} MB   (limit {RSS_LIMIT} MB)")


if __name__ == "__main__":
    main()
