import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from communique.comments import services
from communique.comments.models import BlockRule, Comment
from tests.comments.conftest import post_comment

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("comments", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def two_readers(client, text, settings):
    settings.COMMUNIQUE_COMMENTS_RATE_LIMITS = []
    post_comment(client, text, email="Amina@Example.org", comment="About the first well.")
    post_comment(client, text, email="amina@example.org", comment="About the second well.")
    post_comment(client, text, email="farid@example.org", comment="About the pumps.")
    services.comments_moderate(Comment.objects.all(), status=Comment.Status.APPROVED)


def test_erase_removes_every_comment_sent_with_an_address_in_any_capitals(
    client, text, two_readers
):
    output = run("erase", "AMINA@example.org")

    assert "Deleted 2 comment(s)" in output
    assert list(Comment.objects.values_list("email", flat=True)) == ["farid@example.org"]
    html = client.get(text.get_absolute_url()).content.decode()
    assert "About the first well." not in html
    assert "About the pumps." in html


def test_erase_dry_run_lists_and_keeps(two_readers):
    output = run("erase", "amina@example.org", "--dry-run")
    assert "Would delete 2 comment(s)" in output
    assert Comment.objects.count() == 3


def test_erase_of_an_unknown_address_says_so(two_readers):
    assert "Deleted 0 comment(s)" in run("erase", "nobody@example.org")
    assert Comment.objects.count() == 3


def test_erase_mentions_a_block_list_entry_it_keeps(two_readers):
    BlockRule.objects.create(kind=BlockRule.Kind.EMAIL, value="amina@example.org")
    assert "still on the block list" in run("erase", "amina@example.org")


def test_erase_refuses_something_that_is_not_an_address():
    with pytest.raises(CommandError, match="is not an e-mail address"):
        run("erase", "not-an-address")


def test_the_command_needs_an_action():
    with pytest.raises(CommandError):
        run()


def test_address_hashes_are_dropped_after_the_retention_period(client, text, settings):
    settings.COMMUNIQUE_COMMENTS_IP_RETENTION_DAYS = 30
    post_comment(client, text, comment="Old comment.")
    post_comment(client, text, comment="New comment.", email="new@example.org")
    old = Comment.objects.get(body="Old comment.")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )

    output = run("purge-ip-hashes")

    assert "Dropped the address hashes of 1 comment(s) older than 30 day(s)." in output
    assert Comment.objects.get(body="Old comment.").address_hash == ""
    assert Comment.objects.get(body="New comment.").address_hash != ""


def test_new_comments_purge_old_hashes_now_and_then_without_a_cron_job(client, text):
    post_comment(client, text, comment="Old comment.")
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(days=60))
    from django.core.cache import cache

    cache.delete("comments:purged-recently")
    post_comment(client, text, comment="New comment.", email="new@example.org")
    assert Comment.objects.get(body="Old comment.").address_hash == ""


def test_with_no_retention_no_hash_is_stored(client, text, settings):
    settings.COMMUNIQUE_COMMENTS_IP_RETENTION_DAYS = 0
    post_comment(client, text)
    assert Comment.objects.get().address_hash == ""
