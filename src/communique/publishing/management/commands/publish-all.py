"""`communique publish-all`: every public page rendered again, into the page cache and the
published files; files of pages no longer public removed."""

import time

from django.core.management.base import BaseCommand

from communique.importers.progress import ProgressBar
from communique.publishing import conf
from communique.publishing.pages import page_map
from communique.publishing.services import site_publish


class Command(BaseCommand):
    help = "Render every public page again into the published files (and the page cache)."

    def handle(self, *args, **options):
        bar = ProgressBar(sum(1 for _address in page_map().paths(None)), "pages")
        started = time.monotonic()
        report = site_publish(progress=lambda _done: bar())
        bar.close()
        where = conf.published_dir() if conf.publish_files() else "the page cache only"
        self.stdout.write(
            f"Published {report.rendered} pages ({where}) in {time.monotonic() - started:.1f} s:"
            f" {report.written} written, {report.removed} removed."
        )
