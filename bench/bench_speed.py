"""One table of Communiqué's speed against the limit, measured side by side in one run.

    .venv/bin/python bench/bench_speed.py [--quick] [--seconds S] [--sizes 10000,100000]

The limit is nginx serving a copy of a release page as a file (the same bytes the application
serves); every rate is shown as a ratio to it, with wrk's p50 and p99 and the target of
issue 17 / DESIGN.md beside it. Sites of 10,000 and 100,000 releases are generated once, on
SQLite and on PostgreSQL (BENCH_DATABASE_URL, by default the local `communique_bench`
database, one schema per size), and kept under the bench data folder
($COMMUNIQUE_DATA_DIR/speed) until the generator changes. Prints; asserts nothing.
See docs/performance.md for what each row means.
"""

import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from speed import servers, table, wrk
from speed.table import Row, figure_at_most, rate_at_least, ratio_at_least

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/communique_bench"
#: Connections for pages served whole (files, cache hits) and for pages rendered per request:
#: two workers render two pages at a time, so more connections than this only queue.
WHOLE_CONNECTIONS = 50
RENDERED_CONNECTIONS = 16
ADDRESSES = 5000


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Site:
    """A generated benchmark site: its data folder and, on PostgreSQL, its schema."""

    def __init__(self, engine: str, releases: int, folder: Path, database_url: str | None):
        self.engine = engine
        self.releases = releases
        self.folder = folder / f"{engine}-{releases}"
        self.schema = f"site_{releases}"
        self.database_url = database_url
        self.addresses: dict = {}
        self.record: dict = {}

    @property
    def label(self) -> str:
        return f"{'SQLite' if self.engine == 'sqlite' else 'PostgreSQL'}, {self.releases:,}"

    def env(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "COMMUNIQUE_PAGE_CACHE_SECONDS")
        }
        env.update(COMMUNIQUE_DATA_DIR=str(self.folder), LOG_LEVEL="ERROR")
        if self.engine == "postgresql":
            options = urllib.parse.quote(f"-csearch_path={self.schema}")
            env["DATABASE_URL"] = f"{self.database_url}?options={options}"
        return env

    def prepare_postgresql(self) -> None:
        import psycopg

        url = urllib.parse.urlsplit(self.database_url)
        name = url.path.lstrip("/")
        admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')

    def ensure(self) -> None:
        """Generate the site unless a copy with the generator's fingerprint is kept."""
        if self.engine == "postgresql":
            self.prepare_postgresql()
        self.folder.mkdir(parents=True, exist_ok=True)
        say(f"site {self.label} releases…")
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                str(BENCH / "speed" / "generate.py"),
                "--releases",
                str(self.releases),
                "--addresses",
                str(ADDRESSES),
            ],
            env=self.env(),
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        self.record = json.loads(done.stdout.strip().splitlines()[-1])
        self.addresses = self.record.pop("addresses")
        verb = "kept from an earlier run" if self.record["reused"] else "generated"
        say(f"  {verb} ({time.perf_counter() - started:.0f} s)")


class Harness:
    def __init__(self, args):
        self.args = args
        self.seconds = args.seconds
        self.folder = Path(os.environ.get("COMMUNIQUE_DATA_DIR", "var/bench")) / "speed"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.logs = self.folder / "logs"
        self.rss: list[tuple[float, str]] = []
        self.limit: float | None = None
        self.static_page: bytes = b""

    # --- loads ----------------------------------------------------------------------------

    def load(self, url: str, *, connections: int, paths: list[str] | None = None) -> wrk.Load:
        script = wrk.rotation_script(paths, self.folder) if paths else None
        load = wrk.run(url, seconds=self.seconds, connections=connections, script=script)
        # The server may still be answering requests wrk gave up on: let it finish them, so
        # the next load starts on an idle server.
        servers.fetch(urllib.parse.urljoin(url, "/robots.txt"), timeout=120)
        return load

    def how(self, connections: int, what: str) -> str:
        return f"wrk -t2 -c{connections} -d{self.seconds}s, {what}"

    def note_rss(self, server: servers.Granian, label: str) -> None:
        self.rss.append((server.worker_rss_mb(), label))

    # --- rows -----------------------------------------------------------------------------

    def cached_and_static(self, site: Site) -> list[Row]:
        """The embedded cache hit, nginx serving the same bytes (the limit), and a publish."""
        rows = []
        path = site.addresses["release"]
        with servers.Granian(site.env(), log=self.logs / "granian.log") as server:
            status, page = servers.fetch(server.base + path)
            if status != 200:
                raise RuntimeError(f"the release page answered {status}")
            for _ in range(3):
                servers.fetch(server.base + path)  # warm: the page is in the cache now
            self.static_page = page
            hit = self.load(server.base + path, connections=WHOLE_CONNECTIONS)
            self.note_rss(server, f"cache hits, {site.label}")
            publish = self.publish_to_served(site, server.base)
        root = self.folder / "static"
        copy = root / path.lstrip("/") / "index.html"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(page)
        with servers.Nginx(root, prefix=self.folder / "nginx-static") as nginx:
            status, body = servers.fetch(nginx.base + path)
            if status != 200 or body != page:
                raise RuntimeError("nginx does not serve the same bytes as the application")
            limit = self.load(nginx.base + path, connections=WHOLE_CONNECTIONS)
        self.limit = limit.rate
        kb = len(page) / 1024
        rows.append(
            Row(
                "nginx serving a static copy of a release page (the limit)",
                how=self.how(WHOLE_CONNECTIONS, f"{kb:.1f} KB page"),
                load=limit,
            )
        )
        rows.append(self.published(site))
        rows.append(
            Row(
                "embedded page-cache hit (`communique serve`, granian, 2 workers)",
                how=self.how(WHOLE_CONNECTIONS, f"one warm page, {site.label}, file cache"),
                load=hit,
                target=ratio_at_least(0.25, p99_ms=5),
            )
        )
        rows.extend(publish)
        return rows

    def published(self, site: Site) -> Row:
        """nginx serving the page the publishing app wrote (export-static's files)."""
        what = "nginx serving the published page"
        target = ratio_at_least(0.8)
        if importlib.util.find_spec("communique.publishing") is None:
            return Row(
                what, shown=table.NOT_AVAILABLE + " (no communique.publishing)", target=target
            )
        export = self.export(site)
        self.export_row = export
        out = self.folder / f"export-{site.engine}-{site.releases}"
        path = site.addresses["release"]
        with servers.Granian(site.env(), log=self.logs / "granian.log") as app:
            prefix = self.folder / "nginx-published"
            with servers.Nginx(out, prefix=prefix, app=app.base) as nginx:
                status, body = servers.fetch(nginx.base + path)
                if status != 200 or site.addresses["title"].encode() not in body:
                    return Row(what, shown=f"not served ({status})", target=target)
                load = self.load(nginx.base + path, connections=WHOLE_CONNECTIONS)
        return Row(
            what,
            how=self.how(WHOLE_CONNECTIONS, "the export's file, app behind it"),
            load=load,
            target=target,
        )

    def export(self, site: Site) -> Row:
        what = f"export-static, {site.label} releases"
        target = figure_at_most(30, "s for 100k pages")
        out = self.folder / f"export-{site.engine}-{site.releases}"
        check = subprocess.run(
            [str(servers.BIN / "communique"), "help", "export-static"],
            env=site.env(),
            capture_output=True,
            check=False,
        )
        if check.returncode != 0:
            return Row(what, shown=table.NOT_AVAILABLE + " (no export-static)", target=target)
        say("export-static…")
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [str(servers.BIN / "communique"), "export-static", str(out)],
                env=site.env(),
                capture_output=True,
                timeout=self.args.export_timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Row(what, shown=f"over {self.args.export_timeout} s", target=target)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            return Row(what, shown=f"failed ({done.returncode})", target=target)
        pages = sum(1 for _ in out.rglob("*.html"))
        rate = pages / seconds if seconds else 0
        projected = 100_000 / rate if rate else None
        return Row(
            what,
            how=f"{pages:,} pages in {seconds:.1f} s; 100k pages at this rate: {projected:.0f} s",
            figure=projected,
            shown=f"{rate:,.0f} pages/s",
            target=target,
        )

    def publish_to_served(self, site: Site, base: str) -> list[Row]:
        rows = []
        done = subprocess.run(
            [sys.executable, str(BENCH / "speed" / "publish.py"), "--base", base],
            env=site.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = None
        if done.returncode == 0:
            seconds = json.loads(done.stdout.strip().splitlines()[-1])["publish_to_served_seconds"]
        rows.append(
            Row(
                "“Publish” → the new page served by the application",
                how=f"editorial publish, then GET until it answers; {site.label}",
                figure=seconds,
                shown=f"{seconds:.3f} s" if seconds is not None else "failed",
                target=figure_at_most(2, "s"),
            )
        )
        return rows

    def rendered(self, site: Site, *, pages: bool) -> list[Row]:
        """Pages rendered per request (page cache off): many release pages, home, feed."""
        rows = []
        count = len(site.addresses["releases"])
        target = None
        if site.engine == "postgresql" and site.releases == 10_000:
            target = rate_at_least(1000, p99_ms=50)
        with servers.Granian(site.env(), page_cache=False, log=self.logs / "granian.log") as app:
            for path in site.addresses["releases"][:4]:
                servers.fetch(app.base + path)  # each worker has imported what a page needs
            release = self.load(
                app.base + "/", connections=RENDERED_CONNECTIONS, paths=site.addresses["releases"]
            )
            rows.append(
                Row(
                    f"release page, uncached, {site.label} releases",
                    how=self.how(RENDERED_CONNECTIONS, f"{count:,} different release pages"),
                    load=release,
                    target=target,
                )
            )
            if pages:
                for name, key in (("home page", "home"), ("RSS feed", "feed")):
                    load = self.load(
                        app.base + site.addresses[key], connections=RENDERED_CONNECTIONS
                    )
                    rows.append(
                        Row(
                            f"{name}, uncached, {site.label} releases",
                            how=self.how(RENDERED_CONNECTIONS, site.addresses[key]),
                            load=load,
                        )
                    )
            self.note_rss(app, f"uncached, {site.label}")
        return rows

    def publishing_bench(self) -> list[Row]:
        """The figures of bench/bench_publishing.py, when that benchmark is there."""
        what = "“Publish” → served as a published file by nginx"
        target = figure_at_most(2, "s")
        script = BENCH / "bench_publishing.py"
        if not script.exists():
            return [
                Row(what, shown=table.NOT_AVAILABLE + " (no bench_publishing.py)", target=target)
            ]
        say("bench_publishing.py --json…")
        done = subprocess.run(
            [sys.executable, str(script), "--json"],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        figures = {}
        for line in reversed(done.stdout.strip().splitlines()):
            try:
                figures = json.loads(line)
                break
            except ValueError:
                continue
        seconds = figures.get("publish_to_served_seconds") if isinstance(figures, dict) else None
        return [
            Row(
                what,
                how="bench/bench_publishing.py",
                figure=seconds,
                shown=f"{seconds:.3f} s" if seconds is not None else "no figure given",
                target=target,
            )
        ]

    def memory(self) -> Row:
        if not self.rss:
            return Row("a serving process's resident memory", target=figure_at_most(150, "MB"))
        mb, label = max(self.rss)
        return Row(
            "a serving process's resident memory (largest granian worker)",
            how=f"after the load ({label})",
            figure=mb,
            shown=f"{mb:.0f} MB",
            target=figure_at_most(150, "MB", strict=True),
        )

    # --- the run --------------------------------------------------------------------------

    def run(self) -> str:
        database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
        engines = ["sqlite"] + ([] if self.args.no_postgresql else ["postgresql"])
        sites: dict[tuple[str, int], Site] = {}
        unavailable: list[Row] = []
        for size in self.args.sizes:
            for engine in engines:
                site = Site(engine, size, self.folder, database_url)
                try:
                    site.ensure()
                    sites[engine, size] = site
                except Exception as error:  # noqa: BLE001 - a missing database is a row, not a crash
                    say(f"  {site.label}: {error}")
                    unavailable.append(
                        Row(
                            f"release page, uncached, {site.label} releases",
                            shown=f"{table.NOT_AVAILABLE} ({type(error).__name__})",
                        )
                    )
        load_before = os.getloadavg()
        started = time.perf_counter()
        self.export_row = None
        first = sites[("sqlite", self.args.sizes[0])]
        rows = self.cached_and_static(first)
        for (engine, size), site in sites.items():
            say(f"uncached, {site.label}…")
            pages = size == self.args.sizes[0] and (engine == "postgresql" or len(engines) == 1)
            rows.extend(self.rendered(site, pages=pages))
        rows.extend(unavailable)
        rows.extend(self.publishing_bench())
        rows.append(
            self.export_row
            or Row(
                "export-static pages per second",
                shown=table.NOT_AVAILABLE + " (no communique.publishing)",
                target=figure_at_most(30, "s for 100k pages"),
            )
        )
        rows.append(self.memory())
        load_after = os.getloadavg()
        context = (
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
            f"{platform.node()}, {os.cpu_count()} cores, load average "
            f"{load_before[0]:.1f} before and {load_after[0]:.1f} after "
            f"({time.perf_counter() - started:.0f} s of measuring)"
        )
        return table.render(rows, limit=self.limit) + "\n\n" + context


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10,000 releases only, 5 s loads")
    parser.add_argument("--seconds", type=int, help="each load's duration (default 10; quick 5)")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(size) for size in text.split(",")],
        help="site sizes in releases (default 10000,100000; quick 10000)",
    )
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    parser.add_argument("--export-timeout", type=int, default=600)
    args = parser.parse_args()
    args.seconds = args.seconds or (5 if args.quick else 10)
    args.sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000])
    if not wrk.available():
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    if not servers.Nginx.available():
        sys.exit("nginx is not installed (Debian: apt-get install nginx-light).")
    harness = Harness(args)
    result = harness.run()
    (harness.folder / "latest.md").write_text(result + "\n", encoding="utf-8")
    print(result)


if __name__ == "__main__":
    main()
