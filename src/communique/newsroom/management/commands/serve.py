"""`communique serve`: the production server (granian) on 127.0.0.1:8000 by default."""

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Communiqué with granian (WSGI). Put nginx or a CDN in front in production."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "1")),
            help="Processes to run (default 1; about one per core in production).",
        )

    def handle(self, *args, host, port, workers, **options):
        granian = shutil.which("granian") or os.path.join(
            os.path.dirname(sys.executable), "granian"
        )
        if not os.path.exists(granian):
            raise CommandError("granian is not installed; run `pip install communique` again.")
        self.stdout.write(f"Communiqué is serving on http://{host}:{port}/ (Ctrl+C stops it)")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "communique.settings")
        os.execv(  # noqa: S606  # nosec B606  # execs granian; arguments are ours
            granian,
            [
                granian,
                "--interface",
                "wsgi",
                "--host",
                host,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--blocking-threads",
                "1",
                "--no-ws",
                "communique.wsgi:application",
            ],
        )
