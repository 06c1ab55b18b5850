"""Reads: what each public page shows, each in a fixed number of queries."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from communique.newsroom.models import Category, MenuItem, Office, Release, Text


def published_texts(language: str) -> QuerySet[Text]:
    """Published texts in one language, newest first, with what a list item shows."""
    return (
        Text.objects.filter(language=language, status=Text.Status.PUBLISHED)
        .select_related("release__office")
        .prefetch_related("release__office__month_overrides")
        .order_by("-release__issue_date", "-published_at", "-pk")
    )


def office_texts(office: Office, language: str, *, hijri_year: int | None = None) -> QuerySet[Text]:
    texts = published_texts(language).filter(release__office=office)
    if hijri_year is not None:
        texts = texts.filter(release__hijri_year=hijri_year)
    return texts


def office_years(office: Office, language: str) -> list[dict]:
    """The Hijri years an office published in, newest first, with how many texts each."""
    return list(
        Text.objects.filter(
            release__office=office, language=language, status=Text.Status.PUBLISHED
        )
        .values(year=F("release__hijri_year"))
        .annotate(count=Count("pk"))
        .order_by("-year")
    )


def category_descendant_ids(category: Category) -> list[int]:
    """The category and every category below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [category.pk]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


def category_texts(category: Category, language: str) -> QuerySet[Text]:
    ids = category_descendant_ids(category)
    return published_texts(language).filter(release__categories__in=ids).distinct()


def text_for_page(release_id: int, language: str) -> Text | None:
    """The text a release page shows, with everything the page needs prefetched."""
    return (
        Text.objects.filter(release_id=release_id, language=language)
        .exclude(status=Text.Status.DRAFT)
        .select_related("release__office__parent")
        .prefetch_related(
            "release__office__month_overrides",
            Prefetch("release__categories", queryset=Category.objects.order_by("kind", "position")),
            Prefetch(
                "release__texts",
                queryset=Text.objects.filter(status=Text.Status.PUBLISHED).only(
                    "pk", "release_id", "language", "title", "slug", "is_original", "status"
                ),
                to_attr="published_siblings",
            ),
        )
        .first()
    )


def neighbours(text: Text) -> tuple[Text | None, Text | None]:
    """The previous and next published text of the same office in the same language."""
    release = text.release
    same_office = published_texts(text.language).filter(release__office_id=release.office_id)
    older = same_office.filter(
        Q(release__issue_date__lt=release.issue_date)
        | Q(release__issue_date=release.issue_date, release_id__lt=release.pk)
    ).order_by("-release__issue_date", "-release_id")
    newer = same_office.filter(
        Q(release__issue_date__gt=release.issue_date)
        | Q(release__issue_date=release.issue_date, release_id__gt=release.pk)
    ).order_by("release__issue_date", "release_id")
    fields = ("pk", "release_id", "language", "title", "slug")
    return (
        older.select_related(None).prefetch_related(None).only(*fields).first(),
        newer.select_related(None).prefetch_related(None).only(*fields).first(),
    )


def menu_items(menu: str) -> list[MenuItem]:
    return list(MenuItem.objects.filter(menu=menu).select_related("office", "category"))


def offices() -> QuerySet[Office]:
    return Office.objects.select_related("parent")


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def release_exists(release_id: int) -> bool:
    return Release.objects.filter(pk=release_id).exists()
