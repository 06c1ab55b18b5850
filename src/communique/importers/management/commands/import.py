"""`communique import html DIR` and `communique import wxr FILE`: bring in an old archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communique.importers import services, sources, wxr
from communique.importers.mapping import MappingError, load_mapping
from communique.importers.progress import ProgressBar
from communique.importers.report import summary, write_report
from communique.newsroom.models import Office


def _options(parser) -> None:
    parser.add_argument(
        "--map",
        dest="mapping",
        metavar="FILE",
        type=Path,
        help="TOML file mapping the old site's office, category and kind names.",
    )
    parser.add_argument(
        "--office", metavar="SLUG", default="", help="Office for pages that name none."
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="Read and check everything, write nothing."
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="Refresh pages imported before whose content has changed.",
    )
    parser.add_argument(
        "--as-drafts",
        action="store_true",
        help="Leave imported texts as drafts instead of publishing them.",
    )
    parser.add_argument(
        "--report", metavar="FILE.csv", type=Path, help="Write one CSV row per page or post."
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="Show the progress bar even when the output is not a terminal.",
    )


class Command(BaseCommand):
    help = (
        "Import releases from saved pages of an old site (`import html DIR`) or a WordPress "
        "export (`import wxr FILE`), checking every written Hijri date. See docs/importing.md."
    )

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", metavar="{html,wxr}", required=True)
        html = kinds.add_parser("html", help="a folder of saved release pages, any depth")
        html.add_argument("path", metavar="DIR", type=Path)
        _options(html)
        export = kinds.add_parser("wxr", help="a WordPress export file (WXR)")
        export.add_argument("path", metavar="FILE", type=Path)
        _options(export)

    def handle(self, *args, kind, path, **options):
        mapping = self._mapping(options["mapping"])
        if options["office"] and not Office.objects.filter(slug=options["office"]).exists():
            raise CommandError(f"no office with the slug “{options['office']}”", returncode=2)
        report = options["report"]
        if report is not None and not report.parent.is_dir():
            raise CommandError(f"cannot write the report: no folder {report.parent}", returncode=2)
        if kind == "html":
            if not path.is_dir():
                raise CommandError(f"{path} is not a folder of saved pages", returncode=2)
            files = sources.page_files(path)
            total, entries = len(files), sources.read_folder(path, files)

            def key(source):
                return f"html:{source}"
        else:
            if not path.is_file():
                raise CommandError(f"{path} is not a file", returncode=2)
            try:
                site, items = wxr.open_export(path)
            except wxr.NotAnExport as error:
                raise CommandError(str(error), returncode=2) from error
            entries = list(items)
            total = len(entries)

            def key(source):
                return f"wxr:{site}#{source.partition('#')[2]}"

        reading = ProgressBar(total, "read", stream=self.stderr._out, enabled=options["progress"])
        found = []
        for entry in entries:
            found.append(entry)
            reading()
        reading.close()
        writing = ProgressBar(
            sum(not isinstance(e, services.Failure) for e in found),
            "written",
            stream=self.stderr._out,
            enabled=options["progress"],
        )
        outcomes = services.import_found(
            found,
            key=key,
            mapping=mapping,
            default_office=options["office"],
            update=options["update"],
            as_drafts=options["as_drafts"],
            dry_run=options["dry_run"],
            progress=writing,
        )
        writing.close()
        for outcome in outcomes:
            if outcome.status == "failed":
                self.stdout.write(f"failed  {outcome.source}: {outcome.message}")
            elif outcome.days_off:
                self.stdout.write(
                    f"hijri   {outcome.source}: written {outcome.written_hijri}, computed "
                    f"{outcome.computed_hijri} ({outcome.days_off:+d} days)"
                )
        if report is not None:
            write_report(report, outcomes)
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(prefix + summary(outcomes))

    def _mapping(self, path):
        if path is not None and not path.is_file():
            raise CommandError(f"no mapping file {path}", returncode=2)
        try:
            return load_mapping(path)
        except MappingError as error:
            raise CommandError(str(error), returncode=2) from error
