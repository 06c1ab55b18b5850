"""The render budget and the front layer: queries and time per page, then cache hits under load.

    .venv/bin/python bench/bench_render.py [--releases 10000] [--duration 10] [--no-load]

A throw-away data folder (SQLite) unless DATABASE_URL is set; REDIS_URL (recommended, as in
production) for the cache, else the file cache. Loads the demo and adds releases up to
--releases (bulk, in seconds). Prints, for the release page, the home page, an office page
and the RSS feed, the queries and the median render time in process, with the budget beside;
then, under granian with two workers and wrk (Debian package), a page cache hit through
Django alone and through the front layer, beside nginx serving the same bytes as a file.
Prints figures; asserts nothing.
"""

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import free_port, load, setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: The budget, in queries, of each page (docs/performance.md).
NGINX = "nginx, the same bytes as a static file (the limit)"
BUDGET = {"release page": 4, "home page": 4, "office page": 4, "RSS feed": 6}


def fill(releases: int) -> None:
    """The demo, then published releases in bulk up to `releases` (no signals, no services)."""
    from django.core.management import call_command
    from django.utils import timezone

    from communique import calendar
    from communique.newsroom.body import render_body
    from communique.newsroom.models import Office, Release, Text

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)
    offices = list(Office.objects.prefetch_related("month_overrides"))
    missing = releases - Release.objects.count()
    body = "A paragraph of a press release. " * 60 + "\n\n«الماء أساس الحياة»"
    html = render_body(body)
    now = timezone.now()
    for start in range(0, max(0, missing), 2000):
        batch = []
        for index in range(start, min(missing, start + 2000)):
            office = offices[index % len(offices)]
            day = datetime.date(2015, 1, 1) + datetime.timedelta(days=index % 4000)
            hijri = calendar.to_hijri(day, office.calendar)
            batch.append(
                Release(
                    office=office,
                    issue_date=day,
                    hijri_year=hijri.year,
                    hijri_month=hijri.month,
                    hijri_day=hijri.day,
                    first_published_at=now - datetime.timedelta(minutes=index + 10),
                )
            )
        Release.objects.bulk_create(batch)
        Text.objects.bulk_create(
            Text(
                release=release,
                language="en",
                is_original=True,
                title=f"Benchmark release {release.pk}: water, schools and winter kits",
                slug=f"benchmark-release-{release.pk}",
                body=body,
                body_html=html,
                status=Text.Status.PUBLISHED,
                published_at=release.first_published_at,
            )
            for release in batch
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def in_process(name: str, url: str, rounds: int = 200) -> str:
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
    return (
        f"{name:13} {len(queries):>3} queries (budget {BUDGET[name]}), "
        f"{statistics.median(timings) * 1000:6.2f} ms median, {len(response.content) / 1024:.1f} KB"
        f"  {url}"
    )


def serve(app: str, port: int, workers: int, **extra: str) -> subprocess.Popen:
    env = {**os.environ, "COMMUNIQUE_PAGE_CACHE_SECONDS": "300", **extra}
    granian = Path(sys.executable).parent / "granian"
    return subprocess.Popen(  # noqa: S603 - our own server, our own arguments
        [
            str(granian),
            *("--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)),
            *("--workers", str(workers), "--blocking-threads", "1", "--no-ws", app),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(url: str) -> bytes:
    for _ in range(200):
        try:
            with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback
                return response.read()
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url}")


def nginx_static(body: bytes, duration: int) -> str:
    folder = Path(tempfile.mkdtemp(prefix="communique-nginx-"))
    (folder / "page.html").write_bytes(body)
    port = free_port()
    (folder / "nginx.conf").write_text(
        f"daemon off; worker_processes 2; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; client_body_temp_path {folder}; proxy_temp_path {folder};\n"
        f"  fastcgi_temp_path {folder}; uwsgi_temp_path {folder}; scgi_temp_path {folder};\n"
        f"  server {{ listen 127.0.0.1:{port}; root {folder}; }} }}\n"
    )
    nginx = subprocess.Popen(  # noqa: S603
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/page.html")
        return load(f"http://127.0.0.1:{port}/page.html", duration)
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def rate(figures: str) -> float:
    return float(figures.split(" req/s")[0].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-load", action="store_true", help="in-process figures only")
    parser.add_argument("--no-render", action="store_true", help="the figures under load only")
    args = parser.parse_args()

    setup_django(tempfile.mkdtemp(prefix="communique-bench-"))
    started = time.perf_counter()
    fill(args.releases)
    from communique.newsroom.models import Release, Text

    print(
        f"database: {os.environ.get('DATABASE_URL', 'SQLite')}, cache: "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'files'}, "
        f"{Release.objects.count()} releases (filled in {time.perf_counter() - started:.0f} s)"
    )
    demo_text = Text.objects.filter(status="published", language="en", title__startswith="W")
    text = demo_text.first() or Text.objects.filter(status="published", language="en").first()
    paths = {
        "release page": text.get_absolute_url(),
        "home page": "/en/",
        "office page": f"/en/offices/{text.release.office.slug}/",
        "RSS feed": "/en/feeds/releases.rss",
    }
    if not args.no_render:
        print("render budget (in process, uncached):")
        for name, path in paths.items():
            print("  " + in_process(name, path))
    if args.no_load:
        return
    release_path = paths["release page"]
    results = {}
    for label, app, extra in (
        ("Django page cache hit (before)", "communique.wsgi:django_application", {}),
        (
            "front layer hit, generation read on every request",
            "communique.wsgi:application",
            {"COMMUNIQUE_FRONT_VERSION_SECONDS": "0"},
        ),
        (
            "front layer hit (after; default: generation read every 50 ms)",
            "communique.wsgi:application",
            {"COMMUNIQUE_FRONT_VERSION_SECONDS": "0.05"},
        ),
    ):
        port = free_port()
        server = serve(app, port, args.workers, **extra)
        try:
            url = f"http://127.0.0.1:{port}{release_path}"
            body = wait_for(url)
            for _ in range(4):
                wait_for(url)  # rendered, stored, recorded by each worker
            results[label] = load(url, args.duration)
        finally:
            server.terminate()
            server.wait(timeout=10)
    results[NGINX] = nginx_static(body, args.duration)
    limit = rate(results[NGINX])
    print(f"under load (granian, {args.workers} workers; {len(body) / 1024:.1f} KB page):")
    for label, figures in results.items():
        print(f"  {label}: {figures}; {rate(figures) / limit:.3f} x nginx")
    print("  targets: front layer >= 0.25 x nginx, p99 <= 5 ms")


if __name__ == "__main__":
    main()
