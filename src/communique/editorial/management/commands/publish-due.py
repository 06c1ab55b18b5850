"""`communique publish-due`: publish the scheduled texts whose time has come.

Run it from a timer (every minute), or with --every N as a small worker of its own. The
worker (`communique worker`) does the same at each text's exact time and every minute; this
command is for a site that runs no worker.
"""

import time

from django.core.management.base import BaseCommand

from communique.editorial.services import publish_due


class Command(BaseCommand):
    help = "Publish every scheduled text whose time has come (for a timer or --every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and check every SECONDS seconds (default: check once and exit).",
        )

    def handle(self, *args, every: int = 0, **options):
        while True:
            for text in publish_due():
                self.stdout.write(
                    f"Published {text.language} “{text.title}” ({text.release.number})."
                )
            if every <= 0:
                return
            time.sleep(every)
