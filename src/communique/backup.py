"""Backups: one file with a consistent snapshot of the database and the uploaded media.

The file is a gzipped tar archive:

    manifest.json        what it holds: the method, the time, the row count of every table
    database.sqlite3     SQLite: the online backup API's copy (a consistent snapshot)
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (a consistent snapshot)
    database.jsonl       PostgreSQL without pg_dump: Django's serialisation, read in one
                         REPEATABLE READ transaction (a consistent snapshot)
    media/...            the uploaded pictures and documents

The database is copied first and the media after it: media files are only ever added under
new names, so every file a row of the snapshot names is in the archive.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump and pg_restore, with fixed arguments
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import django.dispatch
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

FORMAT = 1
MANIFEST = "manifest.json"

#: Sent after a restore, once the database and the media are in place; receivers throw away
#: what they built from the old site (published pages, search indexes). No arguments.
restored = django.dispatch.Signal()

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why and what to do."""


def _quiet(line: str) -> None:
    pass


def row_counts() -> dict[str, int]:
    """The number of rows in every table Django knows, by model label."""
    return {model._meta.label: model._base_manager.count() for model in _models()}


def site_has_data() -> bool:
    """Whether this site holds anything a restore would destroy."""
    from django.contrib.auth import get_user_model

    from communique.newsroom.models import Organisation, Release

    return any(m.objects.exists() for m in (Organisation, Release, get_user_model()))


# --- backing up ---------------------------------------------------------------------------


def _sqlite_snapshot(folder: Path, progress: Progress) -> Path:
    target = folder / "database.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(target)

    def report(status, remaining, total):
        progress(f"  database: {total - remaining} of {total} pages copied")

    with copy:
        connection.connection.backup(copy, pages=1024, progress=report)
    copy.close()
    return target


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    environment = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            environment[name] = str(db[key])
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return environment


def _pg_dump_snapshot(folder: Path, progress: Progress) -> tuple[Path, dict] | None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        progress("  pg_dump is not installed: dumping through Django instead")
        return None
    target = folder / "database.pgdump"
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exports, so the rows counted here are
        # exactly the rows it dumps.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts()
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments; the database comes from settings
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_pg_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        progress(f"  pg_dump failed ({result.stderr.strip()[:300]}): dumping through Django")
        return None
    progress(f"  database: {target.stat().st_size / 1e6:.1f} MB from pg_dump")
    return target, counts


def _django_snapshot(folder: Path, progress: Progress) -> tuple[Path, dict]:
    target = folder / "database.jsonl"
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The first statement of the transaction: every table is read as of one moment.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = row_counts()
        with open(target, "w", encoding="utf-8") as stream:
            for model, fields in _every_table():
                serializers.serialize(
                    "jsonl",
                    model._base_manager.order_by(model._meta.pk.name).iterator(),
                    fields=fields,
                    stream=stream,
                    cls=_PreciseEncoder,
                    ensure_ascii=False,
                )
    progress(f"  database: {target.stat().st_size / 1e6:.1f} MB of JSON")
    return target, counts


class _PreciseEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, keeping the microseconds it drops (a backup loses nothing)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _every_table():
    """Each model with the fields to write, in an order loaddata can follow.

    Many-to-many links are written as the rows of their own tables, not as lists on their
    models (which is what dumpdata does), so that the links keep their ids too.
    """
    models = [
        model
        for model in serializers.sort_dependencies(
            [(config, None) for config in apps.get_app_configs()], allow_cycles=True
        )
        if model._meta.managed and not model._meta.proxy
    ]
    for model in models:
        yield model, [field.name for field in model._meta.concrete_fields]
    for model in models:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                yield through, None


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def backup(path: Path, *, method: str = "auto", progress: Progress = _quiet) -> dict:
    """Write a backup of this site to `path`; returns its manifest."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    with tempfile.TemporaryDirectory(prefix="communique-backup-") as scratch:
        folder = Path(scratch)
        progress(f"Database ({vendor})…")
        if vendor == "sqlite" and method in ("auto", "sqlite"):
            dump, used = _sqlite_snapshot(folder, progress), "sqlite-backup-api"
            counts = _sqlite_counts(dump)
        elif vendor == "postgresql" and method in ("auto", "pg_dump"):
            made, used = _pg_dump_snapshot(folder, progress), "pg_dump"
            if made is None:
                if method == "pg_dump":
                    raise BackupError("pg_dump could not make the backup (see above).")
                made, used = _django_snapshot(folder, progress), "django-json"
            dump, counts = made
        elif method in ("auto", "json"):
            (dump, counts), used = _django_snapshot(folder, progress), "django-json"
        else:
            raise BackupError(f"The method {method!r} does not apply to {vendor}.")
        media = _media_files()
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": vendor,
            "method": used,
            "dump": dump.name,
            "rows": counts,
            "media_files": len(media),
            "media_bytes": sum(p.stat().st_size for p in media),
        }
        progress(f"  {sum(counts.values())} rows in {len(counts)} tables ({used})")
        progress(f"Media: {len(media)} files, {manifest['media_bytes'] / 1e6:.1f} MB…")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            root = Path(settings.MEDIA_ROOT)
            for done, file in enumerate(media, 1):
                archive.add(file, arcname=f"media/{file.relative_to(root).as_posix()}")
                if done % 500 == 0:
                    progress(f"  media: {done} of {len(media)} files")
        partial.replace(path)  # a backup file is whole or absent
    progress(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB).")
    return manifest


def _sqlite_counts(dump: Path) -> dict[str, int]:
    """Row counts as the snapshot holds them (not as the live database has them by now)."""
    copy = sqlite3.connect(dump)
    try:
        return {
            model._meta.label: copy.execute(
                f'SELECT count(*) FROM "{model._meta.db_table}"'  # noqa: S608  # nosec B608 - a model's table
            ).fetchone()[0]
            for model in _models()
        }
    finally:
        copy.close()


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


# --- restoring ----------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            handle = archive.extractfile(MANIFEST)
            manifest = json.load(handle)
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{path} is not a Communiqué backup ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of format {manifest.get('format')}, not {FORMAT}.")
    return manifest


def restore(path: Path, *, force: bool = False, progress: Progress = _quiet) -> dict:
    """Replace this site's database and media with the backup's; returns its manifest."""
    manifest = read_manifest(path)
    vendor = connection.vendor
    if manifest["method"] != "django-json" and manifest["database"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']} database and this site uses {vendor}."
        )
    if site_has_data() and not force:
        raise BackupError(
            "This site already has data, which a restore replaces. Stop `communique serve` "
            "and `communique worker`, then run the restore again with --force."
        )
    with tempfile.TemporaryDirectory(prefix="communique-restore-") as scratch:
        folder = Path(scratch)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(folder, filter="data")
        dump = folder / manifest["dump"]
        progress(f"Database ({manifest['method']}, taken {manifest['created_at']})…")
        {
            "sqlite-backup-api": _restore_sqlite,
            "pg_dump": _restore_pg_dump,
            "django-json": _restore_json,
        }[manifest["method"]](dump, progress)
        connection.close()  # a connection opened before may hold the old schema's caches
        if vendor == "postgresql":
            progress(f"Sequences: {reset_sequences()} reset and checked.")
        _check_rows(manifest, progress)
        progress(f"Media: {manifest['media_files']} files…")
        _restore_media(folder / "media", progress)
    _forget_the_old_site(progress)
    progress("Restored.")
    return manifest


def _restore_sqlite(dump: Path, progress: Progress) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:

        def report(status, remaining, total):
            progress(f"  database: {total - remaining} of {total} pages copied")

        source.backup(connection.connection, pages=1024, progress=report)
    finally:
        source.close()


def _restore_pg_dump(dump: Path, progress: Progress) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("This backup was made with pg_dump; install pg_restore to restore it.")
    connection.close()
    result = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments; the database comes from settings
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=_pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed; nothing was changed:\n{result.stderr.strip()}")


def _restore_json(dump: Path, progress: Progress) -> None:
    # One transaction: the old rows go and the backup's come, or nothing changes.
    with transaction.atomic():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)


def reset_sequences() -> int:
    """Set every PostgreSQL sequence past its table's highest id, then check it; how many."""
    models = _models()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        checked = 0
        for model in models:
            pk = model._meta.pk
            if pk.get_internal_type() not in ("AutoField", "BigAutoField", "SmallAutoField"):
                continue
            table = model._meta.db_table
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk.column])
            sequence = cursor.fetchone()[0]
            if sequence is None:
                continue
            cursor.execute(
                f"SELECT (SELECT last_value FROM {sequence}),"  # noqa: S608  # nosec B608 - catalog names
                f" (SELECT is_called FROM {sequence}),"
                f" (SELECT coalesce(max({connection.ops.quote_name(pk.column)}), 0)"
                f" FROM {connection.ops.quote_name(table)})"
            )
            last, called, highest = cursor.fetchone()
            following = last + 1 if called else last
            if following <= highest:
                raise BackupError(
                    f"The sequence {sequence} would give {following}, which {table} already has."
                )
            checked += 1
    return checked


def _check_rows(manifest: dict, progress: Progress) -> None:
    now = row_counts()
    differ = {
        label: (count, now.get(label))
        for label, count in manifest["rows"].items()
        if now.get(label) != count
    }
    if differ:
        raise BackupError(f"The restored rows differ from the backup's: {differ}")
    progress(f"  {sum(now.values())} rows in {len(now)} tables, as in the backup.")


def _restore_media(source: Path, progress: Progress) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists() and any(root.iterdir()):
        aside = root.with_name(f"{root.name}.before-restore-{datetime.datetime.now():%Y%m%d%H%M%S}")
        root.rename(aside)
        progress(f"  the media that were here are kept in {aside}")
    root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)


def _forget_the_old_site(progress: Progress) -> None:
    from communique.newsroom import page_cache

    cache.clear()
    page_cache._generation_bump()
    page_cache.sync()
    restored.send(sender=None)
    progress("Cache cleared; every page is rendered afresh.")
