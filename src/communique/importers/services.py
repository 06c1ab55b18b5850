"""Writes: bringing found releases into the newsroom, and the Hijri audit of their dates.

Everything is written through `communique.newsroom.services` and models, one savepoint per
page, so one bad page rolls back alone. A page's source key (its path, or its WordPress
post) makes re-runs idempotent; `ImportedText` keeps that key and the written Hijri date.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from communique import calendar
from communique.calendar.names import name_key
from communique.importers import dates
from communique.importers.mapping import Mapping
from communique.importers.models import ImportedText
from communique.importers.pages import FoundRelease, kind_of
from communique.newsroom import services as newsroom
from communique.newsroom.models import Category, Office, Release, Text

STATUSES = ("imported", "updated", "skipped", "failed")
BATCH_SIZE = 100
"""Releases written per commit."""


@dataclass
class Outcome:
    """One row of the report: what happened to one page or post."""

    source: str
    status: str
    office: str = ""
    number: str = ""
    language: str = ""
    gregorian: str = ""
    written_hijri: str = ""
    computed_hijri: str = ""
    days_off: int | None = None
    message: str = ""


@dataclass
class Failure:
    """A page or post that could not be read at all."""

    source: str
    message: str


class ImportFailure(Exception):
    """A page that was read but cannot be written; the message goes into the report."""


@dataclass(frozen=True)
class DateAudit:
    computed: calendar.HijriDate
    days_off: int | None
    message: str = ""


def audit_date(
    written: dates.WrittenHijri | None, gregorian: datetime.date, hijri_calendar
) -> DateAudit:
    """Compare a written Hijri date with the one the Gregorian date has in an office's calendar."""
    computed = hijri_calendar.to_hijri(gregorian)
    if written is None:
        return DateAudit(computed, None)
    if written.date is None:
        return DateAudit(
            computed,
            None,
            f"the written Hijri date “{written.text}” is not a date ({written.problem}); "
            f"{computed.isoformat()} is used",
        )
    written_day = _gregorian_of(written.date, hijri_calendar)
    days = (written_day - gregorian).days
    if days == 0:
        return DateAudit(computed, 0)
    unit = "day" if abs(days) == 1 else "days"
    side = "late" if days > 0 else "early"
    return DateAudit(
        computed,
        days,
        f"the written Hijri date {written.date.isoformat()} (“{written.text}”) is "
        f"{abs(days)} {unit} {side}; the computed {computed.isoformat()} is used",
    )


def _gregorian_of(day: calendar.HijriDate, hijri_calendar) -> datetime.date:
    try:
        return hijri_calendar.to_gregorian(day.year, day.month, day.day)
    except calendar.InvalidHijriDateError:
        # "30 Safar" in a 29-day Safar: count on from the month's start.
        start = hijri_calendar.month_start(day.year, day.month)
        return start + datetime.timedelta(days=day.day - 1)


def checksum(found: FoundRelease) -> str:
    """What a page said, so that --update can tell a changed page from an unchanged one."""
    said = [
        found.title,
        found.body_html,
        found.language,
        found.gregorian.isoformat(),
        found.written_hijri.text if found.written_hijri else "",
        found.number or "",
        found.office_name,
        found.kind_name,
        found.translated,
        found.categories,
        found.signature,
        found.published,
    ]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya "
        "o q g h".split(),
        strict=True,
    )
) | {"ъ": "", "ь": ""}


def _slug_base(name: str) -> str:
    latin = "".join(_CYRILLIC.get(char, char) for char in name.casefold()).replace("-", " ")
    return slugify(latin)[:40].strip("-")


def _unique_slug(model, name: str, fallback: str) -> str:
    base = _slug_base(name) or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Importer:
    """One run of an import: offices and categories resolved once, pages written one by one."""

    def __init__(
        self,
        *,
        mapping: Mapping | None = None,
        default_office: str = "",
        update: bool = False,
        as_drafts: bool = False,
    ):
        self.mapping = mapping or Mapping()
        self.default_office = default_office or self.mapping.default_office
        self.update = update
        self.as_drafts = as_drafts
        self._offices: dict[str, Office] = {}
        self._categories: dict[str, Category] = {}

    # --- offices and categories -------------------------------------------------------------

    def office_for(self, found: FoundRelease) -> Office:
        """The office a page names, through the mapping, an existing name, or a new office."""
        name = found.office_name.strip()
        slug = self.mapping.office(name) if name else None
        if not name and not slug:
            slug = self.default_office
            if not slug:
                raise ImportFailure(
                    "the page names no office; give one with --office SLUG or "
                    "default_office in the mapping file"
                )
        key = f"slug:{slug}" if slug else f"name:{name_key(name)}"
        if key in self._offices:
            return self._offices[key]
        office = None
        if slug:
            office = Office.objects.prefetch_related("month_overrides").filter(slug=slug).first()
        else:
            office = self._office_named(name)
        if office is None:
            office = self._office_create(found, slug=slug, name=name or slug)
        self._offices[key] = office
        return office

    def _office_named(self, name: str) -> Office | None:
        wanted = name_key(name)
        for office in Office.objects.prefetch_related("month_overrides"):
            names = [value for value in (office.name or {}).values() if isinstance(value, str)]
            if wanted in {name_key(value) for value in names} or office.slug == _slug_base(name):
                return office
        return None

    def _office_create(self, found: FoundRelease, *, slug: str | None, name: str) -> Office:
        office = Office(
            slug=slug or _unique_slug(Office, name, "office"),
            name={found.language: name},
            signature={found.language: found.signature} if found.signature else {},
            email=found.emails[0] if found.emails else "",
        )
        if found.number:
            number = dates.read_number(found.number, calendar.to_hijri(found.gregorian).year)
            if number is not None:
                office.number_format = dates.number_format_of(found.number, number)
        try:
            office.full_clean()
        except ValidationError as error:
            raise ImportFailure(f"cannot create the office “{name}”: {_messages(error)}") from error
        office.save()
        return office

    def categories_for(self, found: FoundRelease) -> list[Category]:
        return [self._category(name, found.language) for name in found.categories]

    def _category(self, name: str, language: str) -> Category:
        slug = self.mapping.category(name)
        key = f"slug:{slug}" if slug else f"name:{name_key(name)}"
        if key in self._categories:
            return self._categories[key]
        category = None
        if slug:
            category = Category.objects.filter(slug=slug).first()
        else:
            wanted = name_key(name)
            for candidate in Category.objects.all():
                values = [v for v in (candidate.name or {}).values() if isinstance(v, str)]
                if wanted in {name_key(v) for v in values} or candidate.slug == _slug_base(name):
                    category = candidate
                    break
        if category is None:
            category = Category(
                slug=slug or _unique_slug(Category, name, "category"), name={language: name}
            )
            category.full_clean()
            category.save()
        self._categories[key] = category
        return category

    def kind_for(self, found: FoundRelease) -> str:
        name = found.kind_name
        return (self.mapping.kind(name) or kind_of(name)) if name else Release.Kind.PRESS_RELEASE

    # --- writing ----------------------------------------------------------------------------

    def run(
        self,
        entries: Iterable[FoundRelease | Failure],
        *,
        key: Callable[[str], str],
        progress: Callable[[], None] | None = None,
    ) -> list[Outcome]:
        """Write every entry; `key` turns a report source into its idempotency key."""
        outcomes: dict[str, Outcome] = {}
        groups: dict[tuple, list[tuple[FoundRelease, Office]]] = {}
        order: list[str] = []
        with transaction.atomic():
            for entry in entries:
                order.append(entry.source)
                if isinstance(entry, Failure):
                    outcomes[entry.source] = Outcome(entry.source, "failed", message=entry.message)
                    continue
                try:
                    with transaction.atomic():
                        office = self.office_for(entry)
                        group = self._group_key(entry, office)
                except (ImportFailure, ValidationError, calendar.CalendarError) as error:
                    outcomes[entry.source] = self._failed(entry, None, error)
                    continue
                groups.setdefault(group, []).append((entry, office))
        # Commits in batches (each page still rolls back alone, in its savepoint): a commit
        # per page would spend most of an import waiting for the disk.
        batch = list(groups.values())
        for start in range(0, len(batch), BATCH_SIZE):
            with transaction.atomic():
                for members in batch[start : start + BATCH_SIZE]:
                    for outcome in self._write_group(members, key):
                        outcomes[outcome.source] = outcome
                        if progress:
                            progress()
        return [outcomes[source] for source in order if source in outcomes]

    def _group_key(self, found: FoundRelease, office: Office) -> tuple:
        if found.group:
            return ("group", found.group)
        number = self._number(found, office)
        if number is not None:
            return ("number", office.pk, number.year, number.seq)
        return ("page", found.source)

    def _number(self, found: FoundRelease, office: Office) -> dates.Number | None:
        if not found.number:
            return None
        year = office.calendar.to_hijri(found.gregorian).year
        seq_at, year_at = office.number_format.find("{seq"), office.number_format.find("{hyear")
        seq_first = seq_at < year_at if seq_at >= 0 and year_at >= 0 else None
        return dates.read_number(found.number, year, seq_first=seq_first)

    def _write_group(self, members: list[tuple[FoundRelease, Office]], key) -> list[Outcome]:
        original = _original_of([found for found, _office in members])
        members = sorted(members, key=lambda member: member[0] is not original)
        existing = {
            imported.source: imported
            for imported in ImportedText.objects.select_related("release", "text").filter(
                source__in=[key(found.source) for found, _office in members]
            )
        }
        release = next((imported.release for imported in existing.values()), None)
        outcomes = []
        for found, office in members:
            try:
                with transaction.atomic():
                    imported = existing.get(key(found.source))
                    if imported is not None:
                        outcome = self._again(found, office, imported)
                    else:
                        release, outcome = self._add(found, office, release, found is original, key)
            except (
                ImportFailure,
                ValidationError,
                IntegrityError,
                calendar.CalendarError,
            ) as error:
                outcome = self._failed(found, office, error)
            outcomes.append(outcome)
        return outcomes

    def _add(self, found, office, release, is_original, key) -> tuple[Release, Outcome]:
        audit = self._audit(found, office)
        number = self._number(found, office)
        if release is None and number is not None:
            taken = Release.objects.filter(
                office=office, number_year=number.year, number_seq=number.seq
            ).first()
            if taken is not None and not taken.imports.exists():
                raise ImportFailure(
                    f"the number {found.number} ({number.year}/{number.seq}) is already taken "
                    f"by release #{taken.pk} of {office.slug}; not overwritten"
                )
            release = taken
        if release is not None and release.texts.filter(language=found.language).exists():
            raise ImportFailure(
                f"release #{release.pk} already has a text in {found.language} "
                "(another page with the same office and number); not overwritten"
            )
        title = self._title(found)
        if release is None:
            release = newsroom.release_create(
                office=office,
                issue_date=found.gregorian,
                language=found.language,
                title=title,
                body=found.body_markdown,
                kind=self.kind_for(found),
                categories=self.categories_for(found),
            )
            text = release.texts.get()
            if number is not None:
                release.number_year, release.number_seq = number.year, number.seq
                release.number_label = found.number
                release.save(update_fields=["number_year", "number_seq", "number_label"])
            if not is_original:
                text.is_original = False
                text.save(update_fields=["is_original", "body_html", "slug"])
        else:
            has_original = release.texts.filter(is_original=True).exists()
            text = newsroom.text_create(
                release=release,
                language=found.language,
                title=title,
                body=found.body_markdown,
                is_original=is_original and not has_original,
            )
        if found.published and not self.as_drafts:
            self._publish(text, release, office, found)
        ImportedText.objects.create(
            source=key(found.source),
            release=release,
            text=text,
            written_hijri=found.written_hijri.text if found.written_hijri else "",
            written_hijri_iso=found.written_hijri.iso if found.written_hijri else "",
            computed_hijri_iso=audit.computed.isoformat(),
            days_off=audit.days_off,
            checksum=checksum(found),
        )
        messages = [audit.message, *self._notes(found, number)]
        if not text.is_original:
            messages.append(
                "a translation (so marked)"
                if found.translated
                else "a translation: the original is another text of the release"
            )
        return release, self._outcome(found, office, release, audit, "imported", messages)

    def _again(self, found, office, imported: ImportedText) -> Outcome:
        """A page imported before: skipped, or refreshed with --update if it changed."""
        audit = self._audit(found, office)
        release = imported.release
        if not self.update:
            return self._outcome(
                found,
                office,
                release,
                audit,
                "skipped",
                ["already imported; --update refreshes it"],
            )
        if imported.checksum == checksum(found):
            return self._outcome(
                found, office, release, audit, "skipped", ["already imported, unchanged"]
            )
        text = imported.text
        text.title = self._title(found)
        text.body = found.body_markdown
        text.full_clean()
        text.save()
        release.kind = self.kind_for(found)
        release.issue_date = found.gregorian
        release.full_clean()
        release.save()
        release.categories.set(self.categories_for(found))
        imported.written_hijri = found.written_hijri.text if found.written_hijri else ""
        imported.written_hijri_iso = found.written_hijri.iso if found.written_hijri else ""
        imported.computed_hijri_iso = audit.computed.isoformat()
        imported.days_off = audit.days_off
        imported.checksum = checksum(found)
        imported.save()
        return self._outcome(found, office, release, audit, "updated", [audit.message])

    def _publish(self, text: Text, release: Release, office: Office, found: FoundRelease) -> None:
        """Publish at the original date; a release printed without a number keeps none."""
        at = found.published_at or datetime.datetime.combine(
            found.gregorian, datetime.time(), ZoneInfo(office.time_zone)
        )
        if release.number_seq is not None:
            newsroom.text_publish(text, at=at)
            return
        text.status = Text.Status.PUBLISHED
        text.published_at = at
        text.save(update_fields=["status", "published_at", "updated_at"])
        if release.first_published_at is None or release.first_published_at > at:
            release.first_published_at = at
            release.save(update_fields=["first_published_at", "updated_at"])

    def _title(self, found: FoundRelease) -> str:
        title = " ".join(found.title.split())
        if not title:
            raise ImportFailure("the release has no title")
        return title if len(title) <= 300 else title[:299] + "…"

    def _audit(self, found: FoundRelease, office: Office) -> DateAudit:
        return audit_date(found.written_hijri, found.gregorian, office.calendar)

    def _notes(self, found: FoundRelease, number) -> list[str]:
        notes = list(found.notes)
        if found.lost_emails:
            notes.append(
                f"{found.lost_emails} e-mail address(es) hidden by the CDN could not be "
                "recovered (the saved page holds no code)"
            )
        if found.emails:
            notes.append("recovered e-mail: " + ", ".join(found.emails))
        if number is not None and number.problem:
            notes.append(number.problem)
        if not found.number:
            notes.append("no number on the page; the release stays unnumbered")
        return notes

    def _outcome(self, found, office, release, audit, status, messages) -> Outcome:
        return Outcome(
            source=found.source,
            status=status,
            office=office.slug,
            number=release.number or "" if release is not None else "",
            language=found.language,
            gregorian=found.gregorian.isoformat(),
            written_hijri=found.written_hijri.iso if found.written_hijri else "",
            computed_hijri=audit.computed.isoformat(),
            days_off=audit.days_off,
            message="; ".join(message for message in messages if message),
        )

    def _failed(self, found: FoundRelease, office: Office | None, error: Exception) -> Outcome:
        message = _messages(error) if isinstance(error, ValidationError) else str(error)
        if isinstance(error, IntegrityError):
            message = "the release clashes with one already in the database (its number?)"
        return Outcome(
            source=found.source,
            status="failed",
            office=office.slug if office is not None else "",
            number=found.number or "",
            language=found.language,
            gregorian=found.gregorian.isoformat(),
            written_hijri=found.written_hijri.iso if found.written_hijri else "",
            message=message,
        )


def _original_of(members: list[FoundRelease]) -> FoundRelease | None:
    """The group's original: the one the export names, else the first not marked translated."""
    for found in members:
        if found.is_original:
            return found
    for found in members:
        if not found.translated and found.is_original is None:
            return found
    return None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


def import_found(
    entries: Iterable[FoundRelease | Failure],
    *,
    key: Callable[[str], str],
    mapping: Mapping | None = None,
    default_office: str = "",
    update: bool = False,
    as_drafts: bool = False,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Import found releases; with dry_run, do everything and roll it all back."""
    importer = Importer(
        mapping=mapping, default_office=default_office, update=update, as_drafts=as_drafts
    )
    if not dry_run:
        return importer.run(entries, key=key, progress=progress)
    with transaction.atomic():
        outcomes = importer.run(entries, key=key, progress=progress)
        transaction.set_rollback(True)
    return outcomes


@transaction.atomic
def audit_imported_dates(*, office: Office | None = None) -> list[Outcome]:
    """Re-check every kept written Hijri date against its release's date in its office's
    calendar (overrides may have changed since the import); the note is brought up to date."""
    imports = (
        ImportedText.objects.exclude(Q(written_hijri="") & Q(written_hijri_iso=""))
        .select_related("release__office", "text")
        .prefetch_related("release__office__month_overrides")
        .order_by("release__office__slug", "release__issue_date", "pk")
    )
    if office is not None:
        imports = imports.filter(release__office=office)
    outcomes = []
    for imported in imports:
        release = imported.release
        written = None
        if imported.written_hijri_iso:
            written = dates.WrittenHijri(
                imported.written_hijri, calendar.parse_hijri(imported.written_hijri_iso)
            )
        elif imported.written_hijri:
            written = dates.WrittenHijri(imported.written_hijri, None, "not a Hijri date")
        audit = audit_date(written, release.issue_date, release.office.calendar)
        if (imported.computed_hijri_iso, imported.days_off) != (
            audit.computed.isoformat(),
            audit.days_off,
        ):
            imported.computed_hijri_iso = audit.computed.isoformat()
            imported.days_off = audit.days_off
            imported.save(update_fields=["computed_hijri_iso", "days_off", "updated_at"])
        outcomes.append(
            Outcome(
                source=imported.source,
                status="mismatch" if audit.days_off or audit.message else "ok",
                office=release.office.slug,
                number=release.number or "",
                language=imported.text.language,
                gregorian=release.issue_date.isoformat(),
                written_hijri=imported.written_hijri_iso,
                computed_hijri=audit.computed.isoformat(),
                days_off=audit.days_off,
                message=audit.message,
            )
        )
    return outcomes
