"""Reads about translations: which published releases lack which languages, and since when."""

import operator
from functools import reduce

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet

from communique.newsroom.models import Office, Release, Text
from communique.newsroom.selectors import public, published_releases, with_public_flag


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
