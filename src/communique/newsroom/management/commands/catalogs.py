"""`communique catalogs update|compile|check`: the interface's translation catalogs."""

from django.core.management.base import BaseCommand, CommandError

from communique import catalogs


class Command(BaseCommand):
    help = (
        "update: add new strings from the source to every catalog (src/communique/locale/); "
        "compile: write the .mo files Django reads; "
        "check: list every string a catalog lacks, leaves untranslated or marks fuzzy."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])

    def handle(self, *args, action, **options):
        if action == "update":
            for language, todo in catalogs.update().items():
                self.stdout.write(f"{catalogs.po_path(language)}: {todo} to translate")
        elif action == "compile":
            catalogs.compile_all()
            self.stdout.write(self.style.SUCCESS("Compiled."))
        else:
            problems = catalogs.check()
            for problem in problems:
                self.stdout.write(str(problem))
            if problems:
                raise CommandError(f"{len(problems)} catalog entries need a translator.")
            self.stdout.write(self.style.SUCCESS("Every catalog translates every string."))
