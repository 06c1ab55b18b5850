"""How fast a change reaches readers as files, and how fast the site exports.

    .venv/bin/python bench/bench_publishing.py [--releases N] [--rounds R]

Uses a throw-away data folder (SQLite) unless DATABASE_URL is set. Loads the demo, adds
releases up to --releases, then:

- starts `communique worker` (as production runs it) and publishes a new release R times,
  timing from the moment the publication commits to the moment its page is a published
  file (what nginx serves);
- runs `export-static` once over the whole site (every core) and again (nothing changed),
  and prints pages per second, with the time 100,000 pages would take at that rate.

Prints figures with their targets beside them; asserts nothing.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import fill, setup_django  # noqa: E402


def publish_to_file(rounds: int, data_dir: str) -> list[float]:
    """Seconds from a publication's commit to its published file, `rounds` times."""
    from communique.newsroom import services
    from communique.newsroom.models import Office
    from communique.publishing import conf, files
    from communique.publishing.services import site_publish
    from communique.publishing.tasks import _absorb_waiting, publish_changes, publish_deep_pages

    # What the set-up queued: published once here, not timed.
    _absorb_waiting(publish_changes)
    _absorb_waiting(publish_deep_pages)
    site_publish()
    worker = subprocess.Popen(  # noqa: S603 - our own command
        [str(Path(sys.executable).with_name("communique")), "worker"],
        env=os.environ | {"COMMUNIQUE_DATA_DIR": data_dir},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    office = Office.objects.order_by("pk").first()
    seconds = []
    try:
        time.sleep(3)  # the worker's start
        for index in range(rounds):
            release = services.release_create(
                office=office,
                issue_date=datetime.date.today(),
                language="en",
                title=f"Bench publication {time.time_ns()} {index}",
                body="A new release, published while the clock runs.",
            )
            started = time.perf_counter()
            services.release_publish(release)  # commits: the page cache and a task follow
            target = conf.published_dir() / files.file_for(release.texts.get().get_absolute_url())
            while not target.exists() and time.perf_counter() - started < 60:
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
            time.sleep(1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return seconds


def export_rate(out: Path) -> tuple[float, int, float, int]:
    from communique.publishing.export import export_site

    started = time.perf_counter()
    first = export_site(out, check_links=True)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = export_site(out, check_links=True)
    return first.pages / first_seconds, first.pages, time.perf_counter() - started, again.written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data_dir = os.environ.get("COMMUNIQUE_DATA_DIR") or tempfile.mkdtemp(prefix="bench-pub-")
    os.environ["COMMUNIQUE_DATA_DIR"] = data_dir
    setup_django(data_dir)
    fill(args.releases)
    from communique.newsroom.models import Release

    print(f"Site: {Release.objects.count()} releases ({data_dir})")
    times = publish_to_file(args.rounds, data_dir)
    print(
        f"Publish → published file: median {statistics.median(times):.2f} s, worst "
        f"{max(times):.2f} s over {len(times)} publications   (target ≤ 2 s)"
    )
    rate, pages, again, written = export_rate(Path(data_dir) / "export")
    print(
        f"export-static: {pages} pages at {rate:.0f} pages/s on {os.cpu_count()} cores; "
        f"100,000 pages would take {100_000 / rate:.0f} s   (target ≤ 30 s)"
    )
    print(f"export-static again, nothing changed: {again:.1f} s, {written} files written")


if __name__ == "__main__":
    main()
