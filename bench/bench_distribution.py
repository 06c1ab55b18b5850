"""How fast the feeds are: a feed of 50 entries at 10,000 releases, uncached, and its 304.

    .venv/bin/python bench/bench_distribution.py [--releases N] [--rounds R]

Uses a throw-away data folder (SQLite) unless DATABASE_URL is set (for example PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/communique_bench). Loads the demo and adds
releases up to --releases (as bench_pages.py does), then renders each feed in process with
the page cache off. Prints figures; asserts nothing.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import fill, setup_django  # noqa: E402


def measure(client, url: str, rounds: int, **headers) -> tuple[float, float, int, int]:
    """(requests per second, p99 in ms, queries of one request, status)."""
    from django.db import connection

    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, **headers)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url, **headers)
        timings.append(time.perf_counter() - started)
    p99 = statistics.quantiles(timings, n=100)[98] * 1000
    return rounds / sum(timings), p99, len(captured), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as data_dir:
        setup_django(data_dir)
        from django.conf import settings
        from django.test import Client

        settings.ALLOWED_HOSTS = ["*"]
        fill(args.releases)
        client = Client()
        print(f"feeds, {args.releases} releases, uncached, {args.rounds} rounds each")
        print("  target: a fixed number of queries however long the feed or the archive")
        for url in (
            "/en/feeds/releases.rss",
            "/en/feeds/releases.atom",
            "/en/feeds/releases.json",
            "/en/feeds/kinds/press-release.atom",
        ):
            rate, p99, queries, status = measure(client, url, args.rounds)
            etag = client.get(url)["ETag"]
            rate304, p99_304, queries304, status304 = measure(
                client, url, args.rounds, HTTP_IF_NONE_MATCH=etag
            )
            print(
                f"  {url:36} {status} {rate:7.0f} req/s  p99 {p99:5.1f} ms  {queries} queries"
                f"  | {status304}: {rate304:7.0f} req/s  p99 {p99_304:5.1f} ms"
                f"  {queries304} queries"
            )


if __name__ == "__main__":
    main()
