"""Reads: what each public page shows, each in a fixed number of queries.

These selectors are the one gate for what readers see. A text is public when it is published
and its publication time has come, so an embargoed text (scheduled, or published with a time
still ahead) stays out of every page, and of every feed, search or API built on these.
"""

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from communique.newsroom.models import (
    Category,
    Correction,
    MenuItem,
    Office,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    Text,
)


def is_public(*, statuses=(Text.Status.PUBLISHED,), prefix: str = "") -> Q:
    """The rule itself: published (or in `statuses`), and its publication time has come."""
    return Q(**{f"{prefix}status__in": statuses, f"{prefix}published_at__lte": timezone.now()})


def public(texts: QuerySet[Text], *, statuses=(Text.Status.PUBLISHED,)) -> QuerySet[Text]:
    """Narrow texts to those readers may see now."""
    return texts.filter(is_public(statuses=statuses))


def with_public_flag(texts: QuerySet[Text]) -> QuerySet[Text]:
    """Texts of any state, each annotated `is_public` by the same rule (for staff pages)."""
    return texts.annotate(is_public=ExpressionWrapper(is_public(), output_field=BooleanField()))


def with_behind_flag(texts: QuerySet[Text]) -> QuerySet[Text]:
    """Texts annotated `original_version` and `behind`: a translation made from an older
    version of its original than the original is now (None where that is not known)."""
    original = Text.objects.filter(release=OuterRef("release_id"), is_original=True)
    return texts.annotate(original_version=Subquery(original.values("version")[:1])).annotate(
        behind=ExpressionWrapper(
            Q(is_original=False, source_version__lt=F("original_version")),
            output_field=BooleanField(),
        )
    )


def published_releases() -> QuerySet[Release]:
    """Releases readers can read in at least one language."""
    return Release.objects.filter(Exists(public(Text.objects.filter(release=OuterRef("pk")))))


def public_release_office(release_id: int) -> Office | None:
    """The office of a release readers can read in some language; None for drafts and unknowns."""
    release = published_releases().filter(pk=release_id).select_related("office").first()
    return release.office if release else None


def published_texts(language: str) -> QuerySet[Text]:
    """Published texts in one language, newest first, with what a list item shows."""
    return (
        public(Text.objects.filter(language=language))
        .select_related("release__office")
        .prefetch_related("release__office__month_overrides")
        # Newest publication first: Text's own column, so the listing index serves the order
        # and a page of 20 reads 20 rows, however many thousands there are.
        .order_by("-published_at", "-pk")
    )


def office_texts(
    office: Office,
    language: str,
    *,
    hijri_year: int | None = None,
    gregorian_year: int | None = None,
) -> QuerySet[Text]:
    texts = published_texts(language).filter(release__office=office)
    if hijri_year is not None:
        texts = texts.filter(release__hijri_year=hijri_year)
    if gregorian_year is not None:
        texts = texts.filter(release__issue_date__year=gregorian_year)
    return texts


def office_years(office: Office, language: str) -> list[dict]:
    """The Hijri years an office published in, newest first, with how many texts each."""
    return list(
        public(Text.objects.filter(release__office=office, language=language))
        .values(year=F("release__hijri_year"))
        .annotate(count=Count("pk"))
        .order_by("-year")
    )


def office_gregorian_years(office: Office, language: str) -> list[dict]:
    """The Gregorian years an office published in, newest first, with how many texts each."""
    return list(
        public(Text.objects.filter(release__office=office, language=language))
        .values(year=ExtractYear("release__issue_date"))
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
    text = (
        public(
            with_behind_flag(Text.objects.filter(release_id=release_id, language=language)),
            statuses=Text.PUBLIC_STATUSES,
        )
        .select_related("release__office__parent")
        .prefetch_related(
            "release__office__month_overrides",
            Prefetch("release__categories", queryset=Category.objects.order_by("kind", "position")),
            Prefetch(
                "release__texts",
                queryset=public(Text.objects.all()).only(
                    "pk", "release_id", "language", "title", "slug", "is_original", "status"
                ),
                to_attr="published_siblings",
            ),
        )
        .annotate(
            has_corrections=Exists(Correction.objects.filter(text=OuterRef("pk"))),
            has_images=Exists(ReleaseImage.objects.filter(release=OuterRef("release_id"))),
            has_attachments=Exists(
                ReleaseAttachment.objects.filter(release=OuterRef("release_id"))
            ),
        )
        .first()
    )
    if text is not None:
        # Most releases have no corrections, pictures or documents: ask for those only where
        # the page's own query said there are some.
        _prefetch_if(text, "corrections", text.has_corrections)
        _prefetch_if(text.release, "images", text.has_images)
        _prefetch_if(text.release, "attachments", text.has_attachments)
    return text


def _prefetch_if(instance, relation: str, present: bool) -> None:
    if present:
        prefetch_related_objects([instance], relation)
        return
    # What prefetch_related leaves behind, empty: the page's .all() then asks nothing.
    rel = instance._meta.get_field(relation)
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[rel.cache_name] = rel.related_model.objects.none()


def neighbours(text: Text) -> tuple[Text | None, Text | None]:
    """The previous and next published text of the same office in the same language."""
    same_office = published_texts(text.language).filter(release__office_id=text.release.office_id)
    at = text.published_at
    older = same_office.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=text.pk))
    newer = same_office.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=text.pk))
    fields = ("pk", "release_id", "language", "title", "slug")
    return (
        older.select_related(None).prefetch_related(None).only(*fields).first(),
        newer.select_related(None)
        .prefetch_related(None)
        .only(*fields)
        .order_by("published_at", "pk")
        .first(),
    )


def menus() -> dict[str, list[MenuItem]]:
    """Every menu's items, in order, in one query: {"main": [...], "footer": [...]}."""
    found: dict[str, list[MenuItem]] = {menu: [] for menu in MenuItem.Menu.values}
    for item in MenuItem.objects.select_related("office", "category").only(
        "menu", "title", "kind", "url", "release_id", "office__slug", "category__slug"
    ):
        found[item.menu].append(item)
    return found


def offices() -> QuerySet[Office]:
    return Office.objects.select_related("parent")


# Numbers ------------------------------------------------------------------------------------


def last_number_seq(office_id: int, hijri_year: int) -> int:
    """The highest sequence given in an office's Hijri year so far (0 before the first)."""
    last = Release.objects.filter(office_id=office_id, number_year=hijri_year).aggregate(
        last=Max("number_seq")
    )["last"]
    return last or 0


def numbers_to_be_given(releases) -> dict[int, str]:
    """The numbers that publishing these releases, in this order, would give them.

    Nothing is allocated: this is what a confirmation page shows. Releases that have a
    number already keep it and are left out. `services._allocate_number` gives the same.
    """
    last: dict[tuple[int, int], int] = {}
    numbers = {}
    for release in releases:
        if release.number_seq is not None:
            continue
        key = (release.office_id, release.hijri_year)
        if key not in last:
            last[key] = last_number_seq(*key)
        last[key] += 1
        numbers[release.pk] = release.office_number(hyear=release.hijri_year, seq=last[key])
    return numbers


def next_number(release: Release) -> str | None:
    """The number a release's first publication would give it now, or None if it has one."""
    return numbers_to_be_given([release]).get(release.pk)
