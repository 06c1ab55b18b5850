"""`communique backup FILE`: a consistent snapshot of the database and the media in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communique import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media into FILE (a .tar.gz), safely while the "
        "site runs. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--method",
            choices=["auto", "sqlite", "pg_dump", "json"],
            default="auto",
            help="auto: SQLite's online backup, or pg_dump on PostgreSQL (Django's dump in a "
            "REPEATABLE READ transaction if pg_dump is missing); json forces Django's dump.",
        )

    def handle(self, *args, file: Path, method: str, verbosity: int = 1, **options):
        if file.is_dir():
            raise CommandError(f"{file} is a folder; give the backup file's name.")
        if not file.parent.is_dir():
            raise CommandError(f"The folder {file.parent} does not exist.")
        say = self.stdout.write if verbosity else (lambda line: None)
        try:
            manifest = backup.backup(file, method=method, progress=say)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        say(f"Method: {manifest['method']}.")
