"""Reads about translations: which published releases lack which languages, and since when;
which translations fell behind their original, and what changed."""

import operator
from functools import reduce

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet

from communique.editorial.models import Revision
from communique.newsroom.models import Office, Release, Text
from communique.newsroom.selectors import (
    public,
    published_releases,
    with_behind_flag,
    with_public_flag,
)


def _public_in(language: str) -> Exists:
    return Exists(public(Text.objects.filter(release=OuterRef("pk"), language=language)))


def releases_lacking_languages(
    languages: list[str], *, office: Office | None = None, offices: list[int] | None = None
) -> QuerySet[Release]:
    """Published releases without a public text in one or more of `languages`, longest waiting
    first, with every text (in any state) prefetched so each missing language can say why."""
    releases = (
        published_releases()
        .annotate(**{f"has_{code}": _public_in(code) for code in languages})
        .filter(reduce(operator.or_, (Q(**{f"has_{code}": False}) for code in languages)))
        .select_related("office")
        .prefetch_related(
            Prefetch(
                "texts",
                queryset=with_public_flag(Text.objects.all()).only(
                    "pk",
                    "release_id",
                    "language",
                    "title",
                    "status",
                    "is_original",
                    "published_at",
                    "scheduled_for",
                ),
            )
        )
        .order_by("first_published_at", "pk")
    )
    if offices is not None:
        releases = releases.filter(office_id__in=offices)
    return releases.filter(office=office) if office is not None else releases


def missing_by_office(languages: list[str], *, offices: list[int] | None = None) -> list[dict]:
    """Per office: how many published releases lack each language, and the oldest since when."""
    releases = published_releases().annotate(
        **{f"has_{code}": _public_in(code) for code in languages}
    )
    aggregates = {}
    for code in languages:
        lacking = Q(**{f"has_{code}": False})
        aggregates[f"missing_{code}"] = Count("pk", filter=lacking)
        aggregates[f"since_{code}"] = Min("first_published_at", filter=lacking)
    rows = {row["office"]: row for row in releases.values("office").annotate(**aggregates)}
    summary = []
    shown = Office.objects.select_related("parent")
    if offices is not None:
        shown = shown.filter(pk__in=offices)
    for office in shown:
        row = rows.get(office.pk, {})
        summary.append(
            {
                "office": office,
                "languages": [
                    {
                        "code": code,
                        "missing": row.get(f"missing_{code}", 0),
                        "since": row.get(f"since_{code}"),
                    }
                    for code in languages
                ],
                "total": sum(row.get(f"missing_{code}", 0) for code in languages),
            }
        )
    return summary


def translations_behind(*, office: Office | None = None, offices: list[int] | None = None):
    """Public translations whose original was edited or corrected after they were made,
    oldest release first (the gate's `public` and the newsroom's `behind` rule)."""
    texts = (
        public(with_behind_flag(Text.objects.filter(is_original=False)))
        .filter(behind=True)
        .select_related("release__office")
        .order_by("release__first_published_at", "release_id", "language")
    )
    if offices is not None:
        texts = texts.filter(release__office_id__in=offices)
    return texts.filter(release__office=office) if office is not None else texts


def what_changed(translations: list[Text]) -> list[dict]:
    """For each translation left behind: its original, the original as the translation was
    made from it (None when that version was not kept), and since when it has waited."""
    originals = {
        text.release_id: text
        for text in Text.objects.filter(
            release_id__in=[t.release_id for t in translations], is_original=True
        )
    }
    wanted = Q(pk__in=[])
    for translation in translations:
        original = originals[translation.release_id]
        versions = [translation.source_version, translation.source_version + 1]
        wanted |= Q(text=original, version__in=versions)
    kept = {(r.text_id, r.version): r for r in Revision.objects.filter(wanted)}
    rows = []
    for translation in translations:
        original = originals[translation.release_id]
        made_from = kept.get((original.pk, translation.source_version))
        first_change = kept.get((original.pk, translation.source_version + 1))
        rows.append(
            {
                "text": translation,
                "original": original,
                "made_from": made_from,
                "since": first_change.saved_at if first_change else original.updated_at,
            }
        )
    return rows
