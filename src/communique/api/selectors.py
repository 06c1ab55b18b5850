"""What the read API shows, only through the newsroom's public gate, in a fixed number of
queries per list: a text is there when it is published and its time has come (an embargoed,
scheduled or draft text is nowhere), and a withdrawn one is there, marked withdrawn."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from communique.newsroom.models import Category, Office, Release, Text
from communique.newsroom.selectors import category_descendant_ids, public

#: What a reader may reach through the API (a withdrawn text says it was withdrawn).
STATUSES = Text.PUBLIC_STATUSES
SIBLING_FIELDS = ("pk", "release_id", "language", "title", "slug", "is_original", "status")


@dataclass(frozen=True)
class Filters:
    """The filters every list takes; None means "any"."""

    office: str | None = None
    language: str | None = None
    category: str | None = None
    kind: str | None = None
    hijri_year: int | None = None
    issued_from: datetime.date | None = None
    issued_to: datetime.date | None = None
    published_since: datetime.datetime | None = None


def public_texts() -> QuerySet[Text]:
    return public(Text.objects.all(), statuses=STATUSES)


def _categories() -> Prefetch:
    return Prefetch("categories", queryset=Category.objects.order_by("kind", "position", "slug"))


def _category_ids(slug: str) -> list[int]:
    category = Category.objects.filter(slug=slug).first()
    return category_descendant_ids(category) if category else []


def _in_categories(ids: list[int], release_field: str) -> Exists:
    through = Release.categories.through
    return Exists(through.objects.filter(release_id=OuterRef(release_field), category_id__in=ids))


def texts(filters: Filters = Filters()) -> QuerySet[Text]:
    """Public texts, newest publication first, with their release, office, categories and the
    other public languages of the same release."""
    found = public_texts()
    if filters.language:
        found = found.filter(language=filters.language)
    if filters.published_since:
        found = found.filter(published_at__gte=filters.published_since)
    found = found.filter(_release_conditions(filters, prefix="release__"))
    if filters.category:
        found = found.filter(_in_categories(_category_ids(filters.category), "release_id"))
    return (
        found.select_related("release__office")
        .prefetch_related(
            "release__office__month_overrides",
            Prefetch(
                "release__categories",
                queryset=Category.objects.order_by("kind", "position", "slug"),
            ),
            Prefetch(
                "release__texts",
                queryset=public_texts().only(*SIBLING_FIELDS),
                to_attr="public_texts",
            ),
        )
        .order_by("-published_at", "-pk")
    )


def _release_conditions(filters: Filters, *, prefix: str) -> Q:
    conditions = Q()
    if filters.office:
        conditions &= Q(**{f"{prefix}office__slug": filters.office})
    if filters.kind:
        conditions &= Q(**{f"{prefix}kind": filters.kind})
    if filters.hijri_year is not None:
        conditions &= Q(**{f"{prefix}hijri_year": filters.hijri_year})
    if filters.issued_from:
        conditions &= Q(**{f"{prefix}issue_date__gte": filters.issued_from})
    if filters.issued_to:
        conditions &= Q(**{f"{prefix}issue_date__lte": filters.issued_to})
    return conditions


def releases(filters: Filters = Filters()) -> QuerySet[Release]:
    """Releases with at least one public text (matching the language and publication filters),
    newest issue date first, each with its public texts."""
    readable = public_texts().filter(release=OuterRef("pk"))
    if filters.language:
        readable = readable.filter(language=filters.language)
    if filters.published_since:
        readable = readable.filter(published_at__gte=filters.published_since)
    found = Release.objects.filter(Exists(readable)).filter(_release_conditions(filters, prefix=""))
    if filters.category:
        found = found.filter(_in_categories(_category_ids(filters.category), "pk"))
    return (
        found.select_related("office")
        .prefetch_related(
            "office__month_overrides",
            _categories(),
            Prefetch(
                "texts",
                queryset=public_texts()
                .only(*SIBLING_FIELDS, "published_at")
                .order_by("-is_original", "language"),
                to_attr="public_texts",
            ),
        )
        .order_by("-issue_date", "-pk")
    )


def offices() -> QuerySet[Office]:
    return Office.objects.select_related("parent").order_by("position", "slug")


def categories() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("kind", "position", "slug")
