"""Reads for the pull channels, all through the newsroom's public gate.

Every channel lists what `newsroom.selectors.published_texts()` lets through (published and
past its time); nothing here widens that gate. A scope is what a feed follows: the whole
site, an office, a category with its subcategories, or a kind of release.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from communique.newsroom.language_fields import pick
from communique.newsroom.models import Category, Correction, Office, Release, Text
from communique.newsroom.selectors import (
    category_by_slug,
    category_descendant_ids,
    office_by_slug,
    public,
    published_texts,
    text_for_page,
    unpack_siblings,
    with_siblings,
)


@dataclass
class Scope:
    """What a feed follows: "site", "office", "category" or "kind" (slug = the kind's value)."""

    name: str = "site"
    slug: str = ""
    office: Office | None = None
    category: Category | None = None
    kind: str = ""
    category_ids: list[int] = field(default_factory=list)

    def narrow(self, texts: QuerySet[Text]) -> QuerySet[Text]:
        if self.office is not None:
            return texts.filter(release__office=self.office)
        if self.category is not None:
            # EXISTS rather than a join and DISTINCT: a release in a category and its
            # subcategory is listed once, and the listing index serves the order.
            filed = Release.categories.through.objects.filter(
                release=OuterRef("release_id"), category_id__in=self.category_ids
            )
            return texts.filter(Exists(filed))
        if self.kind:
            return texts.filter(release__kind=self.kind)
        return texts

    def title(self, language: str) -> str:
        if self.office is not None:
            return pick(self.office.name, language)
        if self.category is not None:
            return pick(self.category.name, language)
        if self.kind:
            return str(Release.Kind(self.kind).label)
        return _("Latest releases")


def scope(name: str = "site", slug: str = "") -> Scope:
    """The scope a feed address names; a 404 for an office, category or kind that is not."""
    # Offices and categories are the reference data's: no query.
    if name == "office":
        if (office := office_by_slug(slug)) is None:
            raise Http404("No such office.")
        return Scope(name, slug, office=office)
    if name == "category":
        if (category := category_by_slug(slug)) is None:
            raise Http404("No such category.")
        return Scope(name, slug, category=category, category_ids=category_descendant_ids(category))
    if name == "kind":
        if slug not in Release.Kind.values:
            raise Http404("No such kind of release.")
        return Scope(name, slug, kind=slug)
    return Scope()


def feed_texts(language: str, scope: Scope, *, limit: int = 50) -> list[Text]:
    """The newest published texts of a scope, with all an entry shows, in one query: the
    siblings and categories are JSON columns of each text's row (`with_siblings`)."""
    last_correction = Correction.objects.filter(text=OuterRef("pk")).order_by("-made_at")
    texts = with_siblings(scope.narrow(published_texts(language))).annotate(
        last_corrected_at=Subquery(last_correction.values("made_at")[:1])
    )
    found = list(texts[:limit])
    for text in found:
        unpack_siblings(text)
    return found


def feed_freshness(language: str, scope: Scope, *, limit: int = 50) -> dict:
    """What changes whenever a scope's feed would, for conditional GETs: its entries.

    One query of `limit` rows in the listing index's order (an aggregate over the whole
    scope read every text of it: thousands of rows for each poll). A text whose time comes,
    or one withdrawn, changes the entries; an edit changes their `updated_at`; anything else
    a feed shows (an office renamed) moves the page generation, which the ETag includes.
    """
    rows = list(
        scope.narrow(public(Text.objects.filter(language=language)))
        .order_by("-published_at", "-pk")
        .values_list("pk", "published_at", "updated_at")[:limit]
    )
    return {
        "published": max((row[1] for row in rows), default=None),
        "updated": max((row[2] for row in rows), default=None),
        "entries": ",".join(str(row[0]) for row in rows),
    }


def text_for_channel(release_id: int, language: str) -> Text | None:
    """A public text with everything a document made from it needs (ninjs, PDF, cards)."""
    return text_for_page(release_id, language)


def sitemap_rows(language: str) -> QuerySet:
    """Published texts of one language for the sitemap, oldest first (so that a new release
    joins the last page): (release id, slug, published at, updated at) rows. Their siblings
    come from `public_sibling_rows()`, a page at a time."""
    return (
        public(Text.objects.filter(language=language))
        .order_by("published_at", "pk")
        .values_list("release_id", "slug", "published_at", "updated_at")
    )


def siblings_chunk() -> int:
    """Release ids per sibling query: below the database's limit of variables a statement
    (999 for SQLite as Django counts it), with room for the gate's and the languages' own."""
    return (connection.features.max_query_params or 10_050) - 50


def public_sibling_rows(release_ids, languages: list[str]) -> dict[int, list[tuple]]:
    """The public texts in `languages` of these releases, by release id, original first, as
    (release id, language, slug, is original) rows.

    One query per `siblings_chunk()` releases, each a plain `IN` list, so neither the number
    of queries nor the size of a statement grows with anything but the ids asked for (a
    sitemap page's, however large the archive).
    """
    found: dict[int, list[tuple]] = {}
    ids, chunk = sorted(set(release_ids)), siblings_chunk()
    for start in range(0, len(ids), chunk):
        rows = (
            public(Text.objects.filter(release_id__in=ids[start : start + chunk]))
            .filter(language__in=languages)
            .order_by("release_id", "-is_original", "language")
            .values_list("release_id", "language", "slug", "is_original")
        )
        for row in rows:
            found.setdefault(row[0], []).append(row)
    return found


def news_sitemap_texts(since, languages: list[str]) -> QuerySet[Text]:
    """Texts published since `since` in the enabled `languages`, newest first (Google News)."""
    return (
        public(Text.objects.filter(published_at__gte=since, language__in=languages))
        .only("pk", "release_id", "language", "title", "slug", "published_at")
        .order_by("-published_at", "-pk")
    )
