"""`communique date`: the dual date line of a day, or the Gregorian date of a Hijri one."""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from communique import calendar
from communique.newsroom.models import Office, Organisation


class Command(BaseCommand):
    help = (
        "Print the dual date line for a Gregorian date (today in the organisation's reference "
        "time zone by default), "
        "or with --hijri YYYY-MM-DD the Gregorian date of a Hijri date. --office SLUG applies "
        "that office's month-start overrides."
    )

    def run_from_argv(self, argv):
        # The calendar package parses its own arguments; only --office needs the database.
        args = list(argv[2:])
        if any(arg in {"-h", "--help"} for arg in args):
            self.print_help(argv[0], argv[1])
            self.stdout.write(calendar.date_command(["--help"])[1])
            return
        hijri_calendar = calendar.UMM_AL_QURA
        if "--office" in args:
            index = args.index("--office")
            slug = args[index + 1] if index + 1 < len(args) else ""
            del args[index : index + 2]
            hijri_calendar = self._office_calendar(slug)
        status, output = calendar.date_command(
            args, calendar=hijri_calendar, tz=self._reference_zone()
        )
        (self.stdout if status == 0 else self.stderr).write(output)
        sys.exit(status)

    def _reference_zone(self) -> str:
        """The organisation's clock zone; Makkah time on a site not yet set up (or migrated)."""
        try:
            return Organisation.current().clock_time_zone
        except DatabaseError:
            return calendar.command.REFERENCE_TIME_ZONE

    def _office_calendar(self, slug: str) -> calendar.HijriCalendar:
        office = Office.objects.prefetch_related("month_overrides").filter(slug=slug).first()
        if office is None:
            known = ", ".join(Office.objects.values_list("slug", flat=True)) or "none yet"
            self.stderr.write(
                f"communique date: no office with the slug “{slug}” (offices: {known})."
            )
            sys.exit(2)
        return office.calendar

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv does the work
        pass
