"""Reads: search over what readers may see, with facets, for the search page and the API.

Every result, count and facet is computed over `communique.newsroom.selectors.public()`, at
the moment of the query: an embargoed text is found exactly when its time comes, and
before that neither its title, nor a count, nor a facet gives it away.
"""

import datetime
import functools
import math
import operator
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from communique.newsroom import reference
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Release, Text
from communique.newsroom.selectors import is_public, public, with_offices
from communique.search import query as query_parser
from communique.search.backends import DATE, RELEVANCE, get_backend
from communique.search.backends.base import Candidate
from communique.search.highlight import Matcher, Pieces
from communique.search.models import IndexEntry
from communique.search.services import plain_body

ORDERS = (RELEVANCE, DATE)
#: Up to this many matches, counts and facets are exact and every match is ranked; beyond
#: it the counts are estimates from these (the most recently added matches) and ranking
#: orders them (sorting by date still reaches every match).
BOUND = 1000


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
    #: The total is an estimate ("about 20,000"): more than BOUND match (SQLite estimates,
    #: PostgreSQL counts).
    approximate: bool = False
    #: The facet counts are estimates, scaled from the BOUND matches read.
    sampled: bool = False
    bound: int = 0
    #: How many of the results can be paged through (all of them, or the BOUND ranked ones).
    reachable: int = 0

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.reachable / self.per_page))

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


def _index_gate(filters: Filters) -> tuple[str, list] | None:
    """The condition on the index rows: the newsroom's public rule, now, and the filters.

    The rule is `newsroom.selectors.is_public()` itself, applied to the columns the index
    copies from each text (same names); None when a filter can match nothing.
    """
    condition = is_public()
    if filters.language:
        condition &= Q(language=filters.language)
    if filters.office:
        office = reference.current().offices_by_slug.get(filters.office)
        if office is None:
            return None
        condition &= Q(office_id=office.pk)
    if filters.kind:
        condition &= Q(kind=filters.kind)
    if filters.hijri_year:
        condition &= Q(hijri_year=filters.hijri_year)
    if filters.date_from:
        condition &= Q(issue_date__gte=filters.date_from)
    if filters.date_to:
        condition &= Q(issue_date__lte=filters.date_to)
    if filters.category:
        data = reference.current()
        category = data.categories_by_slug.get(filters.category)
        if category is None:
            return None
        within = Q()
        for pk in data.category_descendant_ids(category.pk):
            within |= Q(categories__contains=f",{pk},")
        condition &= within
    return _sql(condition)


def _sql(condition: Q) -> tuple[str, list]:
    """A condition on the index rows as SQL over the table `search_indexentry`."""
    rows = IndexEntry.objects.filter(condition)
    compiler = rows.query.get_compiler(connection=connection)
    sql, params = rows.query.where.as_sql(compiler, connection)
    return sql, list(params)


def hidden_parts() -> list[Q]:
    """The index rows of texts readers may not see now, as conditions each of which an index
    finds (status before or after "published", a time still ahead, or none): together,
    exactly those `is_public()` leaves out."""
    now = timezone.now()
    published = Text.Status.PUBLISHED
    return [
        Q(status__lt=published),
        Q(status__gt=published),
        Q(published_at__gt=now),
        Q(published_at__isnull=True),
    ]


def hidden() -> Q:
    """`hidden_parts()` as one condition."""
    return functools.reduce(operator.or_, hidden_parts())


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
    where = _index_gate(filters)
    if where is None:
        return results
    backend = get_backend()
    found = backend.candidates(query, where, limit=BOUND + 1)
    if not found:
        return results
    if len(found) > BOUND:
        if getattr(found, "total", None) is not None:
            results.total = found.total  # counted by the backend on the way
        else:
            hidden_sql = [_sql(part) for part in hidden_parts()]
            results.total, exact = backend.total(
                query, where, hidden=hidden_sql, last=found[-1], found=len(found)
            )
            results.approximate = not exact
        results.sampled = True
        found = found[:BOUND]
    else:
        results.total = len(found)
    results.bound = BOUND
    results.facets = _facets(found, results.total, filters, approximate=results.sampled)
    by_date = results.order == DATE
    complete = results.total == len(found)
    results.reachable = results.total if by_date or complete else len(found)
    results.page = min(max(1, page), results.num_pages)
    offset = (results.page - 1) * per_page
    if by_date and not complete:
        ids = backend.date_page(query, where, limit=per_page, offset=offset)
    else:
        if by_date:
            found.sort(key=lambda row: (row.published_at, row.text_id), reverse=True)
        else:
            found = _ranked(found)
        ids = [row.text_id for row in found[offset : offset + per_page]]
    # The page's texts are read through the newsroom's gate itself, once more (their
    # offices, with their calendars, are the reference data's: no join, no query).
    texts = {text.pk: text for text in with_offices(public(Text.objects.filter(pk__in=ids)))}
    matcher = Matcher(query.terms())
    in_body = backend.body_matches(query, list(texts))
    results.hits = [
        Hit(
            text=found_text,
            title=matcher.mark(found_text.title, found_text.language),
            snippet=matcher.snippet(
                plain_body(found_text), found_text.language, look=found_text.pk in in_body
            ),
        )
        for found_text in (texts.get(pk) for pk in ids)
        if found_text is not None
    ]
    return results


def _ranked(found: list[Candidate]) -> list[Candidate]:
    """Best score first (smaller is better on every backend), ties newest first."""
    newest = sorted(found, key=lambda row: (row.published_at, row.text_id), reverse=True)
    return sorted(newest, key=lambda row: row.score)  # stable: ties keep newest first


def _facets(
    found: list[Candidate], total: int, filters: Filters, *, approximate: bool
) -> dict[str, list[FacetValue]]:
    """Counts per office, language, category, kind, Hijri and Gregorian year.

    Exact when `found` is every match; otherwise the counts among `found` scaled to `total`.
    """
    # A column at a time (the rows turned into columns, and counted, in C).
    columns = dict(zip(Candidate._fields, zip(*found, strict=True), strict=True))
    counts: dict[str, Counter] = {
        "language": Counter(columns["language"]),
        "office": Counter(columns["office_id"]),
        "kind": Counter(columns["kind"]),
        "hijri_year": Counter(columns["hijri_year"]),
        "year": Counter(columns["year"]),
    }
    categories = Counter(",".join(columns["categories"]).split(","))  # ",3,7," per row
    counts["category"] = Counter({int(pk): n for pk, n in categories.items() if pk})
    scale = total / len(found) if approximate else 1

    def count(value: int) -> int:
        return max(1, round(value * scale)) if approximate else value

    languages = dict(settings.LANGUAGES)
    kinds = dict(Release.Kind.choices)
    # The labels, from the reference data (no query).
    data = reference.current()
    offices = [
        (pk, office.slug, office.name)
        for pk in counts["office"]
        if (office := data.offices.get(pk)) is not None
    ]
    categories = [
        (pk, category.slug, category.name)
        for pk in counts["category"]
        if (category := data.categories.get(pk)) is not None
    ]

    def ordered(values: list[FacetValue]) -> list[FacetValue]:
        return sorted(values, key=lambda value: (-value.count, value.label))

    selected_year = filters.date_from.year if filters.date_from else None
    return {
        "office": ordered(
            [
                FacetValue(
                    slug,
                    pick(name) or slug,
                    count(counts["office"][pk]),
                    slug == filters.office,
                )
                for pk, slug, name in offices
            ]
        ),
        "language": ordered(
            [
                FacetValue(code, str(languages.get(code, code)), count(n), code == filters.language)
                for code, n in counts["language"].items()
            ]
        ),
        "category": ordered(
            [
                FacetValue(
                    slug,
                    pick(name) or slug,
                    count(counts["category"][pk]),
                    slug == filters.category,
                )
                for pk, slug, name in categories
            ]
        ),
        "kind": ordered(
            [
                FacetValue(kind, str(kinds.get(kind, kind)), count(n), kind == filters.kind)
                for kind, n in counts["kind"].items()
            ]
        ),
        "hijri_year": [
            FacetValue(str(year), str(year), count(n), year == filters.hijri_year)
            for year, n in sorted(counts["hijri_year"].items(), reverse=True)
            if year is not None
        ],
        "year": [
            FacetValue(str(year), str(year), count(n), year == selected_year)
            for year, n in sorted(counts["year"].items(), reverse=True)
            if year is not None
        ],
    }
