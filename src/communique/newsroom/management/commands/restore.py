"""`communique restore FILE`: put a backup made by `communique backup` in place of this site."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communique import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the media with a backup's. Refuses to overwrite a site that "
        "has data unless --force is given. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data of this site (stop the server and the worker first).",
        )

    def handle(self, *args, file: Path, force: bool, verbosity: int = 1, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        say = self.stdout.write if verbosity else (lambda line: None)
        try:
            backup.restore(file, force=force, progress=say)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
