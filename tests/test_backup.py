"""`communique backup` and `communique restore`: a populated site comes back row for row."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from communique.comments.models import Comment
from communique.newsroom.models import Organisation, Release, Text
from tests.factories import make_release

pytestmark = pytest.mark.django_db(transaction=True)

METHODS = ["auto", "json"] if connection.vendor == "postgresql" else ["auto"]


@pytest.fixture
def site(settings, tmp_path):
    """The demo organisation, with comments and uploaded media."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    text = Text.objects.filter(status=Text.Status.PUBLISHED).first()
    Comment.objects.create(text=text, name="Amina Rahimova", email="a@example.org", body="Thanks")
    media = Path(settings.MEDIA_ROOT)
    (media / "releases" / "1").mkdir(parents=True, exist_ok=True)
    (media / "releases" / "1" / "report.pdf").write_bytes(b"%PDF-1.4 water report\n" * 100)
    (media / "photo.webp").write_bytes(bytes(range(256)) * 40)
    return media


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order (the page generation and the reference
    data's version aside: a restore moves them on, so that no process keeps what came before)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in ("newsroom.PageGeneration", "newsroom.ReferenceVersion")
    }


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def damage(media: Path) -> None:
    """What happens to a site between its backup and the day it is needed."""
    Release.objects.order_by("pk").last().delete()
    Organisation.objects.update(name={"en": "Wrong name"})
    Comment.objects.all().delete()
    (media / "photo.webp").unlink()
    (media / "stray.txt").write_text("not in the backup")


@pytest.mark.parametrize("method", METHODS)
def test_a_populated_site_is_restored_row_for_row_with_its_media(site, tmp_path, method, capsys):
    before, files = every_row(), media_files(site)
    assert sum(len(rows) for rows in before.values()) > 200
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), method=method)
    made = capsys.readouterr().out
    expected = {"sqlite": "sqlite-backup-api", "postgresql": "pg_dump"}[connection.vendor]
    assert f"Method: {expected if method == 'auto' else 'django-json'}." in made
    assert "Media: 2 files" in made
    damage(site)

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), force=True)

    after = every_row()
    for label, rows in before.items():
        if label == "search.IndexEntry" and method == "json":
            # Derived data, whose terms live outside the model's columns: the search app
            # indexes the restored texts afresh.
            assert len(after[label]) == len(rows)
            continue
        assert after[label] == rows, label
    assert media_files(site) == files
    said = capsys.readouterr().out
    assert "as in the backup" in said
    if connection.vendor == "postgresql":
        assert "Sequences:" in said
    # New rows get new ids (the sequences are past the restored ones).
    make_release(Release.objects.first().office, title="After the restore", publish=True)


def test_a_restored_site_serves_fresh_pages(site, tmp_path, client, settings):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    published = Text.objects.filter(status=Text.Status.PUBLISHED, language="en")
    newest = published.order_by("-published_at").first()
    title = newest.title
    assert title in client.get("/en/").content.decode()
    Release.objects.filter(pk=newest.release_id).delete()
    assert title not in client.get("/en/").content.decode()  # cached without it
    call_command("restore", str(archive), force=True, verbosity=0)
    assert title in client.get("/en/").content.decode()


def test_an_empty_site_is_restored_without_force_and_a_stranger_file_is_refused(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    before = every_row()
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), verbosity=0)
    assert every_row() == before
    stranger = tmp_path / "photo.tar.gz"
    stranger.write_bytes(b"\x1f\x8b not really")
    with pytest.raises(CommandError, match="not a Communiqué backup"):
        call_command("restore", str(stranger), force=True)
