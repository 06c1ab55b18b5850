"""How fast the API lists texts: a page of 50 at 10,000 releases, uncached.

    .venv/bin/python bench/bench_api.py [--releases N] [--duration S] [--workers W]

Like bench_pages.py: a throw-away SQLite data folder unless DATABASE_URL is set, the demo
plus releases up to --releases, then in-process figures (queries, median time) and req/s
under granian and wrk. Rate limits are off for the run. Prints figures; asserts nothing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402 - the same set-up, filling and load generator

PATHS = {
    "API list of 50 texts": "/api/v1/texts?limit=50",
    "API list of 50 texts, one office": "/api/v1/texts?limit=50&office=uzbekistan",
    "API list of 50 releases": "/api/v1/releases?limit=50",
}


def in_process(path: str, rounds: int = 100) -> None:
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    items = len(response.json()["items"])
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(
        f"in-process {path}: {items} items, {len(response.content) / 1024:.0f} KB, "
        f"{len(queries)} queries, median {median * 1000:.1f} ms ({1 / median:,.0f} req/s "
        "in one thread)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    os.environ["COMMUNIQUE_API_RATE_LIMIT"] = "0"
    os.environ["COMMUNIQUE_API_ANONYMOUS_RATE_LIMIT"] = "0"
    bench_pages.setup_django(tempfile.mkdtemp(prefix="communique-bench-api-"))
    bench_pages.fill(args.releases)

    from communique.newsroom.models import Release

    print(
        f"database: {os.environ.get('DATABASE_URL', 'SQLite')}, {Release.objects.count()} releases"
    )
    for path in PATHS.values():
        in_process(path)
    serve_and_load(args)


def serve_and_load(args) -> None:
    """granian with --workers processes, the rate limit off, each list loaded in turn."""
    port = bench_pages.free_port()
    env = {**os.environ, "COMMUNIQUE_PAGE_CACHE_SECONDS": "0"}
    command = [str(Path(sys.executable).parent / "communique"), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # a busy machine can take a while to start two workers
            try:
                urllib.request.urlopen(base + "/api/v1/offices").read()  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
        for name, path in PATHS.items():
            figures = bench_pages.load(base + path, args.duration)
            print(f"granian ({args.workers} workers), {name}, uncached: {figures}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
