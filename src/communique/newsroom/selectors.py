"""Reads: what each public page shows, each in a fixed number of queries.

These selectors are the one gate for what readers see. A text is public when it is published
and its publication time has come, so an embargoed text (scheduled, or published with a time
still ahead) stays out of every page, and of every feed, search or API built on these.
"""

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import ExtractYear
from django.db.models.query import ModelIterable
from django.utils import timezone

from communique.newsroom import extensions, json_rows, reference
from communique.newsroom.json_rows import JSONRows
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
from communique.newsroom.prepared import Prepared


def is_public(*, statuses=(Text.Status.PUBLISHED,), prefix: str = "", now=None) -> Q:
    """The rule itself: published (or in `statuses`), and its publication time has come.

    `now`: the time it is (a prepared query's slot, say); the clock's time by default.
    """
    now = timezone.now() if now is None else now
    return Q(**{f"{prefix}status__in": statuses, f"{prefix}published_at__lte": now})


def public(texts: QuerySet[Text], *, statuses=(Text.Status.PUBLISHED,), now=None) -> QuerySet[Text]:
    """Narrow texts to those readers may see now."""
    return texts.filter(is_public(statuses=statuses, now=now))


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


def attach_offices(texts, offices: dict | None = None) -> None:
    """Give each text's release its office (with its calendar) from the reference data
    (`offices`, where the caller has it: reading it checks the cache for a newer version)."""
    offices = reference.current().offices if offices is None else offices
    for text in texts:
        if (office := offices.get(text.release.office_id)) is not None:
            Release.office.field.set_cached_value(text.release, office)


class _WithOffices(ModelIterable):
    """Texts whose release's office (with its calendar) is the reference data's: no join."""

    def __iter__(self):
        offices = reference.current().offices  # once for all the rows
        for text in super().__iter__():
            attach_offices((text,), offices)
            yield text


def with_offices(texts: QuerySet[Text]) -> QuerySet[Text]:
    """Texts with their release, and its office taken from the reference data."""
    texts = texts.select_related("release")
    texts._iterable_class = _WithOffices
    return texts


def published_texts(language: str) -> QuerySet[Text]:
    """Published texts in one language, newest first, with what a list item shows."""
    return (
        with_offices(public(Text.objects.filter(language=language)))
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
    return office_year_counts(office, language)[0]


def office_gregorian_years(office: Office, language: str) -> list[dict]:
    """The Gregorian years an office published in, newest first, with how many texts each."""
    return office_year_counts(office, language)[1]


class _GregorianYear(ExtractYear):
    """A date's year; on SQLite read from the date's ISO text, where Django's own calls a
    Python function for every row (an office page counts all of the office's texts)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


def office_year_counts(office: Office, language: str) -> tuple[list[dict], list[dict]]:
    """An office's Hijri and Gregorian years, newest first, with their counts: one query."""
    # The office's releases as a list to look up (its index), not a join to filter: SQLite
    # would otherwise read every text of the language to find the office's.
    releases = Release.objects.filter(office=office).values("pk")
    rows = (
        public(Text.objects.filter(release_id__in=releases, language=language))
        .values_list("release__hijri_year", _GregorianYear("release__issue_date"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    hijri: dict[int, int] = {}
    gregorian: dict[int, int] = {}
    for hijri_year, gregorian_year, count in rows:
        hijri[hijri_year] = hijri.get(hijri_year, 0) + count
        gregorian[gregorian_year] = gregorian.get(gregorian_year, 0) + count

    def newest_first(counts):
        return [{"year": year, "count": counts[year]} for year in sorted(counts, reverse=True)]

    return newest_first(hijri), newest_first(gregorian)


def category_descendant_ids(category: Category) -> list[int]:
    """The category and every category below it (from the reference data: no query)."""
    return reference.current().category_descendant_ids(category.pk)


def category_texts(category: Category, language: str) -> QuerySet[Text]:
    """The texts of a category and the categories below it.

    Whether a text's release is in them is asked of each text (EXISTS), not joined: a release
    in two of the categories is then one row without DISTINCT, which made counting the list
    compare every column of every text (a region's list: 50 ms on SQLite, 47 on PostgreSQL,
    now 16 and 20), and the listing index gives a page in its order (0.5 ms).
    """
    ids = category_descendant_ids(category)
    in_them = Release.categories.through.objects.filter(
        release_id=OuterRef("release_id"), category_id__in=ids
    )
    return published_texts(language).filter(Exists(in_them))


SIBLING_FIELDS = ("pk", "release_id", "language", "title", "slug", "is_original", "status")
NEIGHBOUR_FIELDS = ("pk", "release_id", "language", "title", "slug")
CORRECTION_FIELDS = ("pk", "text_id", "note", "made_at")
IMAGE_FIELDS = (
    "pk", "release_id", "image", "width", "height", "alt", "caption", "renditions", "position"
)  # fmt: skip
ATTACHMENT_FIELDS = ("pk", "release_id", "file", "title", "size", "position")


def _neighbour(older: bool, now) -> JSONRows:
    same_office = Text.objects.filter(
        language=OuterRef("language"), release__office_id=OuterRef("release__office_id")
    )
    at, pk = OuterRef("published_at"), OuterRef("pk")
    # A range and an exclusion rather than an OR: the listing index then serves the order,
    # and the first row found is the answer, however many thousands lie beyond it.
    if older:
        # Older than a public text is public once published: without the rule's own bound
        # (now), the index range starts at the text, not at the newest text of all.
        texts = same_office.filter(status=Text.Status.PUBLISHED, published_at__lte=at)
        texts = texts.exclude(published_at=at, pk__gte=pk)
        texts = texts.order_by("-published_at", "-pk")
    else:
        texts = public(same_office, now=now).filter(published_at__gte=at)
        texts = texts.exclude(published_at=at, pk__lte=pk)
        texts = texts.order_by("published_at", "pk")
    return JSONRows(texts[:1], *NEIGHBOUR_FIELDS)


def with_siblings(texts: QuerySet[Text], *, now=None) -> QuerySet[Text]:
    """Texts with their release's public language versions and its categories as JSON
    columns of their own rows (`unpack_siblings()` hands them out): no query of their own."""
    release_ref = OuterRef("release_id")
    return texts.annotate(
        sibling_rows=JSONRows(
            public(Text.objects.filter(release=release_ref), now=now), *SIBLING_FIELDS
        ),
        category_rows=JSONRows(
            Release.categories.through.objects.filter(release=release_ref), "category_id"
        ),
    )


def unpack_siblings(text: Text) -> None:
    """What `with_siblings()` read, where prefetch_related would have left it:
    `release.published_siblings` (the original first) and `release.categories.all()`."""
    release = text.release
    siblings = json_rows.instances(Text, text.sibling_rows, SIBLING_FIELDS)
    release.published_siblings = sorted(siblings, key=lambda t: (not t.is_original, t.language))
    categories = reference.current().categories
    ids = {row.category_id for row in json_rows.instances(
        Release.categories.through, text.category_rows, ("category_id",)
    )}  # fmt: skip
    # The reference data keeps the categories in their order (kind, position, slug).
    json_rows.prefetched(release, "categories", [c for pk, c in categories.items() if pk in ids])
    for sibling in siblings:
        Text.release.field.set_cached_value(sibling, release)


def _page_text(release, language, now) -> QuerySet[Text]:
    release_ref = OuterRef("release_id")
    text = with_siblings(
        public(
            with_behind_flag(Text.objects.filter(release_id=release, language=language)),
            statuses=Text.PUBLIC_STATUSES,
            now=now,
        ),
        now=now,
    ).annotate(
        correction_rows=JSONRows(
            Correction.objects.filter(text=OuterRef("pk")), *CORRECTION_FIELDS
        ),
        image_rows=JSONRows(ReleaseImage.objects.filter(release=release_ref), *IMAGE_FIELDS),
        attachment_rows=JSONRows(
            ReleaseAttachment.objects.filter(release=release_ref), *ATTACHMENT_FIELDS
        ),
        previous_rows=_neighbour(older=True, now=now),
        next_rows=_neighbour(older=False, now=now),
        # What other apps' sections show (the comments app's comments, say).
        **{name: build() for name, build in extensions.RELEASE_COLUMNS.items()},
    )
    return text.select_related("release")[:1]


#: The release page's one query, compiled once per connection (`prepared`): building and
#: compiling it was most of a page's time.
PAGE_TEXT = Prepared(
    _page_text,
    release=models.IntegerField(),
    language=models.CharField(),
    now=models.DateTimeField(),
)


def text_for_page(release_id: int, language: str) -> Text | None:
    """The text a release page shows, with everything the page needs, in one query.

    Its translations, categories, corrections, pictures, documents and the office's previous
    and next release come as JSON columns of the text's own row (`json_rows`); the office,
    its calendar and the categories are the reference data's.
    """
    found = PAGE_TEXT(release=release_id, language=language, now=timezone.now())
    if not found:
        return None
    text = found[0]
    attach_offices(found)
    _unpack(text)
    return text


def _unpack(text: Text) -> None:
    """Turn the JSON columns of `text_for_page` into what prefetch_related would have left."""
    release = text.release
    unpack_siblings(text)
    corrections = json_rows.instances(Correction, text.correction_rows, CORRECTION_FIELDS)
    json_rows.prefetched(text, "corrections", sorted(corrections, key=lambda c: (c.made_at, c.pk)))
    images = json_rows.instances(ReleaseImage, text.image_rows, IMAGE_FIELDS)
    json_rows.prefetched(release, "images", sorted(images, key=lambda i: (i.position, i.pk)))
    attachments = json_rows.instances(ReleaseAttachment, text.attachment_rows, ATTACHMENT_FIELDS)
    json_rows.prefetched(
        release, "attachments", sorted(attachments, key=lambda a: (a.position, a.pk))
    )
    for name in ("previous", "next"):
        found = json_rows.instances(Text, getattr(text, f"{name}_rows"), NEIGHBOUR_FIELDS)
        setattr(text, f"{name}_text", found[0] if found else None)
    for found in (*corrections, text.previous_text, text.next_text):
        if found is not None and getattr(found, "release_id", None) == release.pk:
            Text.release.field.set_cached_value(found, release)
    for found in (*images, *attachments):
        found.release = release


def neighbours(text: Text) -> tuple[Text | None, Text | None]:
    """The previous and next published text of the same office in the same language."""
    if hasattr(text, "previous_text"):  # read with the text (text_for_page)
        return text.previous_text, text.next_text
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
    """Every menu's items, in order: {"main": [...], "footer": [...]} (reference data)."""
    return reference.current().menus


def offices() -> QuerySet[Office]:
    return Office.objects.select_related("parent")


def office_list() -> list[Office]:
    """Every office in its order, with its parent (reference data: no query)."""
    return reference.current().office_list()


def office_by_slug(slug: str) -> Office | None:
    """An office with its parent and calendar (reference data: no query), or None."""
    return reference.current().offices_by_slug.get(slug)


def category_by_slug(slug: str) -> Category | None:
    return reference.current().categories_by_slug.get(slug)


def organisation():
    """The organisation (reference data: no query)."""
    return reference.current().organisation


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
