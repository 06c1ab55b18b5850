"""`communique demo`: load the fictional demo organisation (idempotent)."""

from django.core.management.base import BaseCommand

from communique.newsroom.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the fictional demo organisation, its offices and about 60 releases. Safe to repeat."
    )

    def handle(self, *args, **options):
        result = load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {result['offices']} offices, {result['categories']} categories, "
                f"{result['releases_created']} new releases."
            )
        )
        self.stdout.write(
            f"Staff sign-in at /admin/: admin, <office>-editor, <office>-author, translator-ar; "
            f"password {DEMO_PASSWORD} (demo only)."
        )
