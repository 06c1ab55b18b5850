"""How fast the public pages are: in-process render time and queries, then req/s under load.

    .venv/bin/python bench/bench_pages.py [--releases N] [--duration S] [--workers W]

Uses a throw-away data folder (SQLite) unless DATABASE_URL is set (for example PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/communique_bench). Loads the demo, adds
releases up to --releases, then serves with granian and measures with wrk (Debian package
`wrk`; a small Python client when it is missing). Prints figures; asserts nothing.
"""

import argparse
import datetime
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("COMMUNIQUE_DATA_DIR", data_dir)
    # In-process figures are of rendering; the page cache is measured through the server.
    os.environ["COMMUNIQUE_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def fill(releases: int) -> None:
    from django.core.management import call_command

    from communique.newsroom import services
    from communique.newsroom.models import Office, Release

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    offices = list(Office.objects.all())
    missing = releases - Release.objects.count()
    started = time.perf_counter()
    for index in range(max(0, missing)):
        release = services.release_create(
            office=offices[index % len(offices)],
            issue_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=index % 4000),
            language="en",
            title=f"Benchmark release {index}: water, schools and winter kits",
            body="A paragraph of a press release. " * 60 + "\n\n«الماء أساس الحياة»",
        )
        services.release_publish(release)
        if index and index % 1000 == 0:
            print(f"  {index} releases added ({time.perf_counter() - started:.0f} s)", flush=True)
    # Fresh statistics, as autovacuum (PostgreSQL) or a routine ANALYZE keeps them in production.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def in_process(url: str, rounds: int = 300) -> None:
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    client.get(url)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    print(
        f"in-process {url}: {len(response.content) / 1024:.1f} KB, {len(queries)} queries, "
        f"median {statistics.median(timings) * 1000:.2f} ms per request"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(url: str, duration: int) -> str:
    if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0:
        out = subprocess.run(
            ["wrk", "-t2", "-c50", f"-d{duration}s", "--latency", url],
            capture_output=True,
            text=True,
        ).stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
        p50 = re.search(r"50%\s+([\d.]+\w+)", out)
        p99 = re.search(r"99%\s+([\d.]+\w+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return (
            f"{float(rate.group(1)):,.0f} req/s, p50 {p50.group(1)}, p99 {p99.group(1)}"
            + (f", {errors.group(1)} errors" if errors else "")
            + " (wrk -t2 -c50)"
        )
    latencies: list[float] = []
    stop = time.monotonic() + duration

    def worker():
        while time.monotonic() < stop:
            start = time.perf_counter()
            with urllib.request.urlopen(url) as response:  # noqa: S310 - our own loopback server
                response.read()
            latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    return (
        f"{len(latencies) / duration:,.0f} req/s, p50 {p50:.1f}ms, p99 {p99:.1f}ms "
        "(Python client, 16 threads; install wrk for better figures)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--releases", type=int, default=0, help="grow the database to this many releases"
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="communique-bench-")
    setup_django(data_dir)
    fill(args.releases)

    from communique.newsroom.models import Release, Text

    text = (
        Text.objects.filter(status="published", language="en")
        .order_by("-release__issue_date")
        .first()
    )
    paths = {
        "release page": text.get_absolute_url(),
        "home page": "/en/",
        "office page": "/en/offices/uzbekistan/",
    }
    print(
        f"database: {os.environ.get('DATABASE_URL', 'SQLite')}, {Release.objects.count()} releases"
    )
    for path in paths.values():
        in_process(path)

    for label, seconds in (("uncached", "0"), ("page cache", "300")):
        serve_and_load(paths, args, label, seconds)


def serve_and_load(paths: dict, args, label: str, cache_seconds: str) -> None:
    port = free_port()
    env = {**os.environ, "COMMUNIQUE_PAGE_CACHE_SECONDS": cache_seconds}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "communique"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/en/").read()  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
        for name, path in paths.items():
            figures = load(base + path, args.duration)
            print(f"granian ({args.workers} workers), {name}, {label}: {figures}")
        rss = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        if rss:
            print(
                f"serving processes: {', '.join(f'{int(kb) / 1024:.0f} MB' for kb in rss)} resident"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
