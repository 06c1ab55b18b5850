"""`communique audit-dates`: check imported releases' written Hijri dates again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communique.importers.report import summary, write_report
from communique.importers.services import audit_imported_dates
from communique.newsroom.models import Office


class Command(BaseCommand):
    help = (
        "Compare the Hijri date each imported page was written with against the date its "
        "release has in its office's calendar today (month-start overrides included)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", metavar="SLUG", help="Only this office's releases.")
        parser.add_argument(
            "--report", metavar="FILE.csv", type=Path, help="Write one CSV row per checked text."
        )

    def handle(self, *args, office=None, report=None, **options):
        chosen = None
        if office:
            chosen = Office.objects.filter(slug=office).first()
            if chosen is None:
                raise CommandError(f"no office with the slug “{office}”", returncode=2)
        if report is not None and not report.parent.is_dir():
            raise CommandError(f"cannot write the report: no folder {report.parent}", returncode=2)
        outcomes = audit_imported_dates(office=chosen)
        for outcome in outcomes:
            if outcome.days_off:
                self.stdout.write(
                    f"{outcome.source}: written {outcome.written_hijri or '?'}, computed "
                    f"{outcome.computed_hijri}"
                    + (f" ({outcome.days_off:+d} days)" if outcome.days_off is not None else "")
                )
        if report is not None:
            write_report(report, outcomes)
        self.stdout.write(summary(outcomes, statuses=("ok", "mismatch")))
