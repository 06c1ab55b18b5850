"""Reads: search over what readers may see, with facets, for the search page and the API.

Every result, count and facet is computed over `communique.newsroom.selectors.public()`, at
the moment of the query: an embargoed text is found exactly when its time comes, and
before that neither its title, nor a count, nor a facet gives it away.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast, Substr

from communique.newsroom.language_fields import pick
from communique.newsroom.models import Category, Office, Release, Text
from communique.newsroom.selectors import category_descendant_ids, public
from communique.search import query as query_parser
from communique.search.backends import DATE, RELEVANCE, get_backend
from communique.search.highlight import Matcher, Pieces
from communique.search.services import plain_body

ORDERS = (RELEVANCE, DATE)


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the results to (each optional)."""

    language: str | None = None
    office: str | None = None  # slug
    category: str | None = None  # slug; its sub-categories count too
    kind: str | None = None
    hijri_year: int | None = None
    date_from: datetime.date | None = None  # Gregorian issue date, inclusive
    date_to: datetime.date | None = None

    def active(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value not in (None, "")}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Hit:
    text: Text
    title: Pieces
    snippet: Pieces


@dataclass
class SearchResults:
    query: query_parser.Query
    filters: Filters
    order: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def hopeless(self) -> bool:
        """Nothing to look for: empty, or punctuation only."""
        return not self.query


def _gate(filters: Filters) -> QuerySet[Text]:
    texts = public(Text.objects.all())
    if filters.language:
        texts = texts.filter(language=filters.language)
    if filters.office:
        texts = texts.filter(release__office__slug=filters.office)
    if filters.kind:
        texts = texts.filter(release__kind=filters.kind)
    if filters.hijri_year:
        texts = texts.filter(release__hijri_year=filters.hijri_year)
    if filters.date_from:
        texts = texts.filter(release__issue_date__gte=filters.date_from)
    if filters.date_to:
        texts = texts.filter(release__issue_date__lte=filters.date_to)
    if filters.category:
        category = Category.objects.filter(slug=filters.category).first()
        if category is None:
            return texts.none()
        ids = category_descendant_ids(category)
        texts = texts.filter(release__in=Release.objects.filter(categories__in=ids).values("pk"))
    return texts


def search(
    text: str,
    *,
    language: str | None = None,
    filters: Filters | None = None,
    order: str = RELEVANCE,
    page: int = 1,
    per_page: int | None = None,
) -> SearchResults:
    """Texts readers may see that match `text`, ranked or newest first, one page of them.

    `language` narrows to texts in that language (the same as `filters.language`).
    """
    filters = filters or Filters()
    if language:
        filters = Filters(**{**filters.__dict__, "language": language})
    per_page = per_page or settings.COMMUNIQUE_PAGE_SIZE
    query = query_parser.parse(text)
    results = SearchResults(
        query=query,
        filters=filters,
        order=order if order in ORDERS else RELEVANCE,
        per_page=per_page,
    )
    if not query:
        return results
    backend = get_backend()
    gate = _gate(filters)
    matched = backend.matching(gate, query)
    results.facets, results.total = _facets(matched, filters)
    if not results.total:
        return results
    results.page = min(max(1, page), results.num_pages)
    ids = backend.ranked_ids(
        gate, query, order=results.order, limit=per_page, offset=(results.page - 1) * per_page
    )
    texts = {
        text.pk: text
        for text in gate.filter(pk__in=ids)
        .select_related("release__office")
        .prefetch_related("release__office__month_overrides")
    }
    matcher = Matcher(query.terms())
    results.hits = [
        Hit(
            text=found,
            title=matcher.mark(found.title, found.language),
            snippet=matcher.snippet(plain_body(found), found.language),
        )
        for found in (texts.get(pk) for pk in ids)
        if found is not None
    ]
    return results


def _facets(matched: QuerySet[Text], filters: Filters) -> tuple[dict[str, list[FacetValue]], int]:
    """Counts per office, language, category, kind, Hijri and Gregorian year, and the total."""
    counts: dict[str, dict] = {
        name: {} for name in ("language", "office", "kind", "hijri_year", "year", "category")
    }
    total = 0
    groups = (
        matched.order_by()
        .values(
            "language",
            "release__office_id",
            "release__kind",
            "release__hijri_year",
            # The year as the date's first four characters: SQLite's ExtractYear is a Python
            # function called once per row.
            gyear=Substr(Cast("release__issue_date", CharField()), 1, 4),
        )
        .annotate(n=Count("pk"))
    )
    for group in groups:
        total += group["n"]
        for name, key in (
            ("language", "language"),
            ("office", "release__office_id"),
            ("kind", "release__kind"),
            ("hijri_year", "release__hijri_year"),
            ("year", "gyear"),
        ):
            counts[name][group[key]] = counts[name].get(group[key], 0) + group["n"]
    if not total:
        return {}, 0
    for group in matched.order_by().values("release__categories").annotate(n=Count("pk")):
        if group["release__categories"] is not None:
            counts["category"][group["release__categories"]] = group["n"]

    languages = dict(settings.LANGUAGES)
    kinds = dict(Release.Kind.choices)
    offices = Office.objects.filter(pk__in=counts["office"]).only("pk", "slug", "name")
    categories = Category.objects.filter(pk__in=counts["category"]).only("pk", "slug", "name")

    def ordered(values: list[FacetValue]) -> list[FacetValue]:
        return sorted(values, key=lambda value: (-value.count, value.label))

    selected_year = filters.date_from.year if filters.date_from else None
    facets = {
        "office": ordered(
            [
                FacetValue(
                    office.slug,
                    pick(office.name) or office.slug,
                    counts["office"][office.pk],
                    office.slug == filters.office,
                )
                for office in offices
            ]
        ),
        "language": ordered(
            [
                FacetValue(code, str(languages.get(code, code)), count, code == filters.language)
                for code, count in counts["language"].items()
            ]
        ),
        "category": ordered(
            [
                FacetValue(
                    category.slug,
                    pick(category.name) or category.slug,
                    counts["category"][category.pk],
                    category.slug == filters.category,
                )
                for category in categories
            ]
        ),
        "kind": ordered(
            [
                FacetValue(kind, str(kinds.get(kind, kind)), count, kind == filters.kind)
                for kind, count in counts["kind"].items()
            ]
        ),
        "hijri_year": [
            FacetValue(str(year), str(year), count, year == filters.hijri_year)
            for year, count in sorted(counts["hijri_year"].items(), reverse=True)
        ],
        "year": [
            FacetValue(str(year), str(year), count, int(year) == selected_year)
            for year, count in sorted(counts["year"].items(), reverse=True)
        ],
    }
    return facets, total
