"""`communique reindex`: rebuild the search index from every text, with a progress bar."""

import sys
import time

from django.core.management.base import BaseCommand

from communique.search.backends import get_backend
from communique.search.services import reindex

BAR = 30


class Command(BaseCommand):
    help = "Rebuild the search index from every text (safe to run at any time)."

    def handle(self, *args, **options):
        started = time.monotonic()
        interactive = sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            filled = BAR * done // total if total else BAR
            line = f"[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total} texts"
            if interactive:
                self.stdout.write(f"\r{line}", ending="")
            else:
                self.stdout.write(line)

        self.stdout.write(f"Rebuilding the search index ({get_backend().vendor}).")
        count = reindex(progress=progress)
        if interactive:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} texts in {time.monotonic() - started:.1f} s.")
        )
