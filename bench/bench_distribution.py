"""How fast the feeds and sitemaps are at 10,000 releases, uncached: a feed of 50 entries and
its 304, and the first and last pages of the largest language's sitemap with their alternates.

    .venv/bin/python bench/bench_distribution.py [--releases N] [--rounds R] [--services]

Uses a throw-away data folder (SQLite) unless DATABASE_URL is set (for example PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/communique_bench). Loads the demo and adds
published English releases up to --releases in bulk (every other one also in Arabic, every
fifth in Russian), or through the services as bench_pages.py does with --services (slower,
English only), then renders each address in process with the page cache off. A sitemap
page's time per address must not grow with the releases: compare two sizes.
Prints figures; asserts nothing.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import ROOT, fill, setup_django  # noqa: E402


def fill_in_bulk(releases: int) -> None:
    """The demo, then published releases in bulk up to `releases`, many of them translated."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    sys.path.insert(0, str(ROOT))
    from tests.factories import bulk_published_releases

    from communique.newsroom.models import Office, Release

    missing = releases - Release.objects.count()
    offices = list(Office.objects.all())
    started = time.perf_counter()
    for start in range(0, max(0, missing), 2000):
        bulk_published_releases(
            offices[(start // 2000) % len(offices)],
            min(2000, missing - start),
            translations={"ar": 2, "ru": 5},
            title=f"Benchmark release {start}: water, schools and winter kits",
        )
    print(f"  {max(0, missing)} releases added in bulk ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sitemap(client, url: str, rounds: int) -> None:
    """One line: status, time of one render (best and median of `rounds`), queries, addresses."""
    from django.db import connection

    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    timings = []
    for _ in range(rounds if response.status_code == 200 else 0):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    addresses = response.content.count(b"<url>") + response.content.count(b"<sitemap>")
    if not timings:
        print(f"  {url:36} {response.status_code}  {len(captured)} queries")
        return
    median = statistics.median(timings)
    per_address = median * 1000 / max(addresses, 1)
    print(
        f"  {url:36} {response.status_code}  best {min(timings):7.1f} ms  median {median:7.1f} ms"
        f"  {len(captured)} queries  {addresses} addresses  {per_address:5.1f} µs/address"
        f"  {len(response.content) / 1e6:.1f} MB"
    )


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
    parser.add_argument("--sitemap-rounds", type=int, default=5)
    parser.add_argument("--services", action="store_true", help="fill through the services")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as data_dir:
        setup_django(data_dir)
        from django.conf import settings
        from django.test import Client

        settings.ALLOWED_HOSTS = ["*"]
        (fill if args.services else fill_in_bulk)(args.releases)
        client = Client(raise_request_exception=False)
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
        print(f"sitemaps, {args.releases} releases, uncached, {args.sitemap_rounds} rounds each")
        print("  target: 200 always; time and queries no more than linear in the addresses")
        from communique.distribution.sitemaps import page_count, page_path

        last = page_path("en", page_count("en"))
        for url in (
            "/sitemap.xml",
            "/sitemaps/en.xml",
            last,
            "/sitemaps/ar.xml",
            "/sitemaps/news.xml",
        ):
            sitemap(client, url, args.sitemap_rounds)


if __name__ == "__main__":
    main()
