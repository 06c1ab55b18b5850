"""Writes: the one path by which releases are created, published and withdrawn, whoever asks.

These functions do the newsroom's part (numbers, times, states) and trust their caller.
Whatever acts for a person (the admin, a command, the scheduling worker) goes through
`communique.editorial.services`, which checks that person's role, keeps the revision and
writes the audit log, and then calls these.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from communique.newsroom import media, selectors
from communique.newsroom.models import (
    Category,
    Office,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    Text,
)


@transaction.atomic
def release_create(
    *,
    office: Office,
    issue_date: datetime.date,
    language: str,
    title: str,
    body: str,
    subtitle: str = "",
    kind: str = Release.Kind.PRESS_RELEASE,
    categories: Iterable[Category] = (),
) -> Release:
    """Create a release with its original text, as a draft."""
    release = Release(office=office, kind=kind, issue_date=issue_date)
    release.full_clean()
    release.save()
    if categories:
        release.categories.set(categories)
    text_create(
        release=release,
        language=language,
        title=title,
        subtitle=subtitle,
        body=body,
        is_original=True,
    )
    return release


@transaction.atomic
def text_create(
    *,
    release: Release,
    language: str,
    title: str,
    body: str,
    subtitle: str = "",
    is_original: bool = False,
    source_version: int | None = None,
) -> Text:
    """Add a language version to a release, as a draft (a translation: made from which
    version of the original)."""
    text = Text(
        release=release,
        language=language,
        title=title,
        subtitle=subtitle,
        body=body,
        is_original=is_original,
        source_version=source_version,
    )
    text.full_clean()
    text.save()
    return text


def _allocate_number(release: Release) -> None:
    """Give a release the next number of its office's Hijri year; call inside a transaction."""
    # Locking the office row serialises allocations per office (PostgreSQL); SQLite serialises
    # all writers already (IMMEDIATE transactions). Together with the rollback of a failed
    # publish, that keeps numbers gap-free; the unique constraint keeps them unique.
    Office.objects.select_for_update().filter(pk=release.office_id).first()
    # The same reading as the confirmation page's `selectors.next_number`, now under the lock.
    year = release.hijri_year
    last = selectors.last_number_seq(release.office_id, year)
    release.number_year, release.number_seq = year, last + 1
    release.number_label = release.format_number()
    release.save(update_fields=["number_year", "number_seq", "number_label", "updated_at"])


@transaction.atomic
def text_publish(text: Text, *, at: datetime.datetime | None = None) -> Text:
    """Publish a text; the first text of a release to be published gives the release its number."""
    now = at or timezone.now()
    release = Release.objects.select_for_update().select_related("office").get(pk=text.release_id)
    if release.number_seq is None:
        _allocate_number(release)
    if release.first_published_at is None:
        release.first_published_at = now
        release.save(update_fields=["first_published_at", "updated_at"])
    text.release = release
    text.status = Text.Status.PUBLISHED
    text.published_at = text.published_at or now
    text.scheduled_for = None
    text.withdrawn_at = None
    text.save(
        update_fields=["status", "published_at", "scheduled_for", "withdrawn_at", "updated_at"]
    )
    translation_catch_up(text)
    return text


def translation_catch_up(text: Text) -> Text:
    """A translation published (again) is up to date with its original as it stands now."""
    if text.is_original:
        return text
    original = Text.objects.filter(release_id=text.release_id, is_original=True).first()
    if original is not None and text.source_version != original.version:
        text.source_version = original.version
        text.save(update_fields=["source_version", "updated_at"])
    return text


@transaction.atomic
def text_withdraw(text: Text) -> Text:
    """Withdraw a published text; its release keeps its number, which is never given again."""
    text.status = Text.Status.WITHDRAWN
    text.withdrawn_at = timezone.now()
    text.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return text


@transaction.atomic
def release_publish(release: Release) -> Release:
    """Publish every text of a release."""
    # A withdrawn text stays withdrawn: publishing the release again does not revive it.
    for text in release.texts.exclude(status__in=Text.PUBLIC_STATUSES):
        text_publish(text)
    release.refresh_from_db()
    return release


@transaction.atomic
def office_recompute_hijri_dates(office: Office) -> int:
    """After an office's month overrides change, re-derive its releases' Hijri dates."""
    office = Office.objects.prefetch_related("month_overrides").get(pk=office.pk)
    changed = 0
    for release in office.releases.all():
        release.office = office
        before = (release.hijri_year, release.hijri_month, release.hijri_day)
        release.save(update_fields=["issue_date"])
        changed += before != (release.hijri_year, release.hijri_month, release.hijri_day)
    return changed


@transaction.atomic
def image_save(image: ReleaseImage, *, new_file: bool) -> ReleaseImage:
    """Save a release's picture; a new file gets fresh renditions and the old ones go."""
    image.save()
    if new_file:
        media.delete_renditions(image.renditions)
        image.renditions = media.make_renditions(image.image)
        image.save(update_fields=["renditions"])
    return image


@transaction.atomic
def image_delete(image: ReleaseImage) -> None:
    media.delete_renditions(image.renditions)
    image.delete()


@transaction.atomic
def attachment_save(attachment: ReleaseAttachment) -> ReleaseAttachment:
    attachment.size = attachment.file.size
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(attachment: ReleaseAttachment) -> None:
    attachment.delete()
