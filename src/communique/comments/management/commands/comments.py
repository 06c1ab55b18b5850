"""`communique comments erase EMAIL` and `communique comments purge-ip-hashes`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from communique.comments import conf, services
from communique.comments.models import BlockRule, Comment


class Command(BaseCommand):
    help = "Reader comments: erase a person's comments; drop address hashes past retention."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        erase = actions.add_parser(
            "erase", help="Delete every comment sent with an e-mail address, with its data."
        )
        erase.add_argument("email", help="the address, in any capitals")
        erase.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted, delete nothing"
        )
        actions.add_parser(
            "purge-ip-hashes",
            help="Blank the address hashes of comments older than "
            "COMMUNIQUE_COMMENTS_IP_RETENTION_DAYS (run it daily).",
        )

    def handle(self, *args, action, **options):
        if action == "erase":
            self.erase(options["email"], dry_run=options["dry_run"])
        else:
            self.purge_ip_hashes()

    def erase(self, email: str, *, dry_run: bool) -> None:
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                f"“{email}” is not an e-mail address; give one like reader@example.org."
            ) from None
        comments = Comment.objects.filter(email__iexact=email)
        found = comments.count()
        if dry_run:
            self.stdout.write(f"Would delete {found} comment(s) sent with {email}.")
            for comment in comments.select_related("text"):
                self.stdout.write(f"  #{comment.pk} on “{comment.text.title}” ({comment.status})")
            return
        removed = services.comments_erase(email)
        self.stdout.write(
            f"Deleted {removed} comment(s) sent with {email}, with their names, websites "
            "and address hashes."
        )
        if BlockRule.objects.filter(kind=BlockRule.Kind.EMAIL, value=email.lower()).exists():
            self.stdout.write(
                "The address is still on the block list; delete that entry in the admin "
                "if it should go too."
            )

    def purge_ip_hashes(self) -> None:
        days = conf.ip_retention_days()
        count = services.address_hashes_purge()
        self.stdout.write(
            f"Dropped the address hashes of {count} comment(s) older than {days} day(s)."
        )
