"""The pull channels' addresses. Thin: each reads through a distribution selector."""

import datetime
import hashlib
from functools import lru_cache
from types import MappingProxyType

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from communique.addresses import address, now_key
from communique.distribution import selectors
from communique.distribution.feeds import FEED_LENGTH, FORMATS, ReleaseFeed
from communique.newsroom import page_cache
from communique.newsroom.models import Category, Office, Release

_FEEDS = {fmt: ReleaseFeed(generator) for fmt, generator in FORMATS.items()}


def _validators(language: str, scope: selectors.Scope, fmt: str) -> tuple[str, datetime.datetime]:
    """An ETag and a Last-Modified time that change whenever the feed would."""
    fresh = selectors.feed_freshness(language, scope, limit=FEED_LENGTH)
    times = [time for time in (fresh["published"], fresh["updated"]) if time]
    latest = max(times, default=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    # The page generation moves on any newsroom write (an office renamed, a text deleted).
    seed = f"{fmt}:{language}:{scope.name}:{scope.slug}:{fresh['entries']}:{latest.isoformat()}"
    seed += f":{page_cache.stamp()}"
    return f'"{hashlib.blake2b(seed.encode(), digest_size=12).hexdigest()}"', latest


@require_safe
def feed(request, fmt, scope="site", slug=""):
    """A feed; answers a conditional GET from one small query, without rendering."""
    language = get_language()
    feed_scope = selectors.scope(scope, slug)
    etag, latest = _validators(language, feed_scope, fmt)
    last_modified = int(latest.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = _FEEDS[fmt](request, scope=scope, slug=slug)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Feed readers poll: they revalidate every time (a 304 costs one query), so the page
    # cache, which cannot answer a conditional GET, keeps out of the way.
    response["Cache-Control"] = "no-cache"
    return response


def feed_links(scope: str = "site", slug: str = "") -> tuple[dict, ...]:
    """A scope's feed in each format: ({"format", "type", "label", "url"}, ...). Every page
    links its feeds in its head: they are worked out once per scope and language."""
    return _feed_links(now_key(), scope, slug)


@lru_cache(maxsize=1024)
def _feed_links(_addresses: tuple, scope: str, slug: str) -> tuple[dict, ...]:
    names = {"site": "feed", "office": "office-feed", "category": "category-feed"}
    name = names.get(scope, "kind-feed")
    rows = []
    for fmt, generator in FORMATS.items():
        kwargs = {"fmt": fmt} | ({"slug": slug} if scope != "site" else {})
        rows.append(
            MappingProxyType(
                {
                    "format": fmt,
                    "type": generator.content_type.split(";")[0],
                    "label": FORMAT_LABELS[fmt],
                    "url": address(f"distribution:{name}", **kwargs),
                }
            )
        )
    return tuple(rows)


FORMAT_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@require_safe
def follow(request):
    """Every feed in the reader's language: the site's, each office's, category's and kind's."""
    offices = list(Office.objects.select_related("parent"))
    categories = list(Category.objects.all())
    return render(
        request,
        "distribution/follow.html",
        {
            "site_feeds": feed_links(),
            "office_feeds": [(office, feed_links("office", office.slug)) for office in offices],
            "category_feeds": [
                (category, feed_links("category", category.slug)) for category in categories
            ],
            "kind_feeds": [
                (label, feed_links("kind", value)) for value, label in Release.Kind.choices
            ],
        },
    )


def robots_txt(request):
    """Crawlers may read the public site; the sitemaps say what is on it."""
    from django.urls import reverse

    base = request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {base}{reverse('sitemap-index')}",
        f"Sitemap: {base}{reverse('sitemap-news')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def now():
    return timezone.now()


@require_safe
def ninjs(request, pk):
    """A public text as IPTC ninjs; a withdrawn one says `canceled`."""
    from django.http import Http404, JsonResponse

    from communique.distribution.feeds import site_url
    from communique.distribution.ninjs import CONTENT_TYPE, text_ninjs

    text = selectors.text_for_channel(pk, get_language())
    if text is None:
        raise Http404("No such release in this language.")
    document = text_ninjs(
        text, base_url=site_url(request), organisation=getattr(request, "organisation", None)
    )
    return JsonResponse(
        document, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def pdf(request, pk):
    """A public text as a printable PDF; a withdrawn one says so and carries no body."""
    from django.http import Http404

    from communique.distribution.pdf import CONTENT_TYPE, pdf_filename, text_pdf

    text = selectors.text_for_channel(pk, get_language())
    if text is None:
        raise Http404("No such release in this language.")
    document = text_pdf(text, organisation=getattr(request, "organisation", None))
    response = HttpResponse(document, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(text)}"'
    return response
