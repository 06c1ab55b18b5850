"""Sitemaps: an index, one sitemap per enabled language in pages of `TextSitemap.limit`
addresses, each address with its `hreflang` alternates (the same release in the other
languages), and a Google News sitemap.

A language's texts are listed oldest first, so a page keeps what it holds: a new release
joins the last page, and an edit changes its own page's `lastmod` (a text leaving shifts
the pages after it). Each page has an address of its own (`/sitemaps/en.xml`, then
`/sitemaps/en-2.xml`, ...), so that a static host and nginx serve every page as a file, and
the publishing app renders again only the pages from a changed text's on
(`page_at()`). A page costs a few queries and no model instance: rows are read as tuples.
"""

import datetime
import math
import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from communique.distribution import selectors
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, release_path
from communique.newsroom.selectors import published_texts

#: Google News reads only the last two days, at most 1,000 addresses a sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000
#: What Django's sitemap views send: a sitemap is for crawlers, not a page to index.
ROBOTS = "noindex, noodp, noarchive"
CONTENT_TYPE = "application/xml; charset=utf-8"
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


class TextSitemap:
    """The published texts of one language, oldest first, `limit` addresses a page."""

    #: The protocol allows 50,000 addresses and 50 MB a page; a page this size renders in a
    #: fraction of a second, so the worker publishing it never holds up the next change.
    limit = 2_000

    def __init__(self, language: str, languages: list[str]):
        self.language = language
        self.languages = languages
        self.paginator = Paginator(
            selectors.sitemap_rows(language), self.limit, allow_empty_first_page=True
        )

    def path(self, page: int = 1) -> str:
        return page_path(self.language, page)

    def latest_lastmod(self) -> datetime.datetime | None:
        latest = (
            published_texts(self.language)
            .order_by()
            .aggregate(published=Max("published_at"), updated=Max("updated_at"))
        )
        return max(filter(None, latest.values()), default=None)

    def urls(self, page, base: str) -> list[tuple]:
        """The addresses of one page as (address, its day, its lastmod, its alternates) with
        alternates as (language, address) pairs; a 404 for a page that is not a number or
        is past the last."""
        try:
            rows = self.paginator.page(page).object_list
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(f"No sitemap page {page!r}.") from error
        siblings = selectors.public_sibling_rows([row[0] for row in rows], self.languages)
        paths: dict[tuple[int, str], str] = {}

        def location(release_id: int, slug: str, language: str) -> str:
            # Made once a page: a text is its own alternate and often the x-default too.
            key = (release_id, language)
            if key not in paths:
                paths[key] = base + release_path(release_id, slug, language)
            return paths[key]

        urls = []
        for release_id, slug, published_at, updated_at in rows:
            lastmod = max(published_at, updated_at)
            alternates = []
            found = siblings.get(release_id, ())
            if len(found) > 1:  # a text without public translations has none
                alternates = [
                    (language, location(sibling_release, sibling_slug, language))
                    for sibling_release, language, sibling_slug, _original in found
                ]
                # The original as x-default (the siblings come original first).
                if found[0][3]:
                    alternates.append(("x-default", alternates[0][1]))
            urls.append(
                (
                    location(release_id, slug, self.language),
                    # The day in the current zone, as Django's own template writes it.
                    timezone.localtime(lastmod).date().isoformat(),
                    lastmod,
                    alternates,
                )
            )
        return urls


def page_path(language: str, page: int = 1) -> str:
    """A language sitemap's page: `/sitemaps/en.xml`, then `/sitemaps/en-2.xml`, ..."""
    if page == 1:
        return reverse("sitemap-language", kwargs={"section": language})
    return reverse("sitemap-language-page", kwargs={"section": language, "page": page})


def page_count(language: str) -> int:
    """How many pages the language's sitemap has (one, empty, when it lists nothing)."""
    count = selectors.sitemap_rows(language).count()
    return max(1, math.ceil(count / TextSitemap.limit))


def page_at(language: str, published_at: datetime.datetime) -> int:
    """The first page of the language's sitemap that lists (or listed, or will list) a text
    published at `published_at`: texts are listed oldest first, so the texts published
    before it fill the pages before."""
    before = selectors.sitemap_rows(language).filter(published_at__lt=published_at).count()
    return before // TextSitemap.limit + 1


def _sitemaps(request) -> dict[str, TextSitemap]:
    organisation = getattr(request, "organisation", None) or Organisation.current()
    languages = organisation.enabled_languages
    return {language: TextSitemap(language, languages) for language in languages}


def _xml(request, template: str, context: dict, lastmod=None):
    response = render(request, template, context, content_type=CONTENT_TYPE)
    response["X-Robots-Tag"] = ROBOTS
    if lastmod is not None:
        # As Django's sitemap views send it: when what the sitemap lists last changed.
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


@require_safe
def index(request):
    """`sitemap.xml`: every page of every language's sitemap, with its language's latest
    change."""
    base = request.build_absolute_uri("/").rstrip("/")
    entries = []
    latest = []
    for sitemap in _sitemaps(request).values():
        lastmod = sitemap.latest_lastmod()
        latest.append(lastmod)
        for page in sitemap.paginator.page_range:
            entries.append(
                {
                    "location": base + sitemap.path(page),
                    "lastmod": lastmod
                    and timezone.localtime(lastmod).isoformat(timespec="seconds"),
                }
            )
    known = [lastmod for lastmod in latest if lastmod is not None]
    return _xml(
        request,
        "distribution/sitemap_index.xml",
        {"sitemaps": entries},
        lastmod=max(known) if known and len(known) == len(latest) else None,
    )


@require_safe
def language_sitemap(request, section, page=1):
    sitemaps = _sitemaps(request)
    if section not in sitemaps:
        raise Http404("No sitemap for that language.")
    sitemap = sitemaps[section]
    if page == 1 and "page" in request.resolver_match.kwargs:
        raise Http404("The first page is the sitemap's own address.")
    if "p" in request.GET and "page" not in request.resolver_match.kwargs:
        # The address Django's sitemaps gave the pages (`en.xml?p=2`): the page's own now.
        number = request.GET["p"]
        if not PAGE_NUMBER.fullmatch(number) or int(number) > sitemap.paginator.num_pages:
            raise Http404("No such sitemap page.")
        return redirect(sitemap.path(int(number)), permanent=True)
    urls = sitemap.urls(page, request.build_absolute_uri("/").rstrip("/"))
    lastmod = max((url[2] for url in urls), default=None)
    return _xml(request, "distribution/sitemap.xml", {"urlset": urls}, lastmod=lastmod)


@require_safe
def news(request):
    """The Google News sitemap: releases published in the last two days, in every enabled
    language (a disabled language's address only redirects)."""
    organisation = getattr(request, "organisation", None) or Organisation.current()
    base = request.build_absolute_uri("/").rstrip("/")
    texts = selectors.news_sitemap_texts(
        timezone.now() - NEWS_WINDOW, organisation.enabled_languages
    )[:NEWS_LIMIT]
    entries = [
        {
            "location": base + text.get_absolute_url(),
            "name": pick(organisation.name, text.language, organisation.default_language),
            "language": text.language,
            "published": text.published_at.isoformat(timespec="seconds"),
            "title": text.title,
        }
        for text in texts
    ]
    return render(
        request,
        "distribution/news_sitemap.xml",
        {"entries": entries},
        content_type=CONTENT_TYPE,
    )
