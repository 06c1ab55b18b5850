"""`communique export-static OUT/`: the public site as plain files (see publishing/export.py)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communique.importers.progress import ProgressBar
from communique.publishing.export import export_site
from communique.publishing.pages import page_map


class Command(BaseCommand):
    help = (
        "Write every public page in every language, with feeds, sitemaps, static files and "
        "media, into a folder for a static host; only what changed since the last export."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="The folder to write (created if missing).")
        parser.add_argument(
            "--live-url",
            default="",
            help="The running site that answers forms, search and comments "
            "(https://press.example.org); without it they keep their own addresses.",
        )
        parser.add_argument(
            "--jobs", type=int, default=0, help="Processes (default: one per core)."
        )
        parser.add_argument(
            "--no-link-check", action="store_true", help="Skip checking the internal links."
        )

    def handle(self, *args, out, live_url, jobs, no_link_check, **options):
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a folder.")
        bar = ProgressBar(sum(1 for _address in page_map().all_paths()), "pages")
        started = time.monotonic()
        result = export_site(
            out, live_url=live_url, jobs=jobs or None, check_links=not no_link_check, progress=bar
        )
        bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Exported {result.pages} pages to {out} in {seconds:.1f} s "
            f"({result.pages / seconds if seconds else 0:.0f} pages/s): {result.written} written, "
            f"{result.removed} removed, {result.assets} assets copied."
        )
        if result.broken:
            for page, link in result.broken:
                self.stderr.write(f"Broken link on {page}: {link}")
            raise CommandError(f"{len(result.broken)} broken internal links.", returncode=1)
