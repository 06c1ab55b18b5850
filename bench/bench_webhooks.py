"""What webhooks cost: an editor's "Publish" with many endpoints, and calls sent per second.

    .venv/bin/python bench/bench_webhooks.py [--endpoints N] [--releases R]

A throw-away SQLite data folder unless DATABASE_URL is set; a receiver on 127.0.0.1 (an
http.server in a thread, answering 204). Prints figures; asserts nothing.
"""

import argparse
import datetime
import resource
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402 - the same set-up


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    calls = 0

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.calls += 1
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def publish_times(releases: list, by) -> list[float]:
    from communique.editorial import services

    times = []
    for release in releases:
        started = time.perf_counter()
        services.text_publish(release.texts.get(), by=by)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoints", type=int, default=50)
    parser.add_argument("--releases", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        import os

        os.environ["COMMUNIQUE_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"] = "1"
        bench_pages.setup_django(data_dir)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from communique.delivery.webhooks import services
        from communique.delivery.webhooks.models import Delivery, Endpoint
        from communique.newsroom import services as newsroom
        from communique.newsroom.models import Office, Organisation

        call_command("migrate", verbosity=0)
        Organisation.current()
        # The data folder may be another benchmark's (make bench): our own rows, made afresh.
        office, _new = Office.objects.get_or_create(
            slug="webhooks-bench", defaults={"name": {"en": "Bench office"}}
        )
        admin, _new = get_user_model().objects.get_or_create(
            username="webhooks-bench", defaults={"is_superuser": True}
        )
        Endpoint.objects.filter(name__startswith="Bench partner").delete()
        Delivery.objects.filter(status="pending").update(status="cancelled")

        def releases(count):
            return [
                newsroom.release_create(
                    office=office,
                    issue_date=datetime.date(2024, 1, 1),
                    language="en",
                    title=f"Benchmark release {index}",
                    body="A paragraph of a press release. " * 60,
                )
                for index in range(count)
            ]

        server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/hooks"

        without = publish_times(releases(args.releases), admin)
        Endpoint.objects.bulk_create(
            Endpoint(name=f"Bench partner {n}", url=url) for n in range(args.endpoints)
        )
        with_endpoints = publish_times(releases(args.releases), admin)
        print(f"publish, no endpoint: median {statistics.median(without):.1f} ms")
        print(
            f"publish, {args.endpoints} endpoints: median {statistics.median(with_endpoints):.1f}"
            f" ms (one delivery row each, written in the publication's transaction)"
        )
        pending = Delivery.objects.filter(status="pending").count()
        started = time.perf_counter()
        while services.send_due(limit=500):
            pass
        elapsed = time.perf_counter() - started
        delivered = Delivery.objects.filter(
            status="delivered", endpoint__name__startswith="Bench partner"
        ).count()
        print(
            f"sent {delivered} of {pending} deliveries to the local receiver in {elapsed:.1f} s:"
            f" {delivered / elapsed:.0f} calls/s, one worker"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory of this process: {peak:.0f} MB")
        server.shutdown()


if __name__ == "__main__":
    main()
