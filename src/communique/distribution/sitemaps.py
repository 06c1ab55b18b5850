"""Sitemaps on Django's framework: one per enabled language, each page with its `hreflang`
alternates (the same release in the other languages), and a Google News sitemap.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from communique.distribution import selectors
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, Text
from communique.newsroom.selectors import published_texts

#: Google News reads only the last two days, at most 1,000 addresses a sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class TextSitemap(Sitemap):
    """The published texts of one language."""

    limit = 10_000

    def __init__(self, language: str, languages: list[str]):
        self.language = language
        self.languages = languages
        self._paths: dict[tuple[int, str], str] = {}

    def items(self):
        return selectors.sitemap_texts(self.language)

    def location(self, item: Text) -> str:
        return self.path_of(item)

    def path_of(self, text: Text) -> str:
        """A text's address, made once a render: a text is its own alternate and often the
        x-default too, and `reverse()` in the text's language is most of a page's time."""
        key = (text.release_id, text.language)
        if key not in self._paths:
            self._paths[key] = text.get_absolute_url()
        return self._paths[key]

    def lastmod(self, item: Text) -> datetime.datetime:
        return max(item.published_at, item.updated_at)

    def get_latest_lastmod(self):
        latest = (
            published_texts(self.language)
            .order_by()
            .aggregate(published=Max("published_at"), updated=Max("updated_at"))
        )
        return max(filter(None, latest.values()), default=None)

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        siblings = selectors.public_siblings(
            [url["item"].release_id for url in urls], self.languages
        )
        base = f"{protocol}://{domain}"
        for url in urls:
            url["alternates"] = self.alternates_of(siblings.get(url["item"].release_id, []), base)
            # The day in the current zone, as Django's own template writes it.
            url["day"] = timezone.localtime(url["lastmod"]).date().isoformat()
        return urls

    def alternates_of(self, siblings: list[Text], base: str) -> list[dict]:
        """The release in every enabled language it is public in (itself included) and the
        original as x-default; none for a text without public translations."""
        if len(siblings) < 2:
            return []
        found = [
            {"location": base + self.path_of(sibling), "lang_code": sibling.language}
            for sibling in siblings
        ]
        original = next((sibling for sibling in siblings if sibling.is_original), None)
        if original is not None:
            found.append({"location": base + self.path_of(original), "lang_code": "x-default"})
        return found


def _sitemaps(request) -> dict[str, TextSitemap]:
    organisation = getattr(request, "organisation", None) or Organisation.current()
    languages = organisation.enabled_languages
    return {language: TextSitemap(language, languages) for language in languages}


@require_safe
def index(request):
    """`sitemap.xml`: the index of the per-language sitemaps."""
    return sitemap_views.index(request, _sitemaps(request), sitemap_url_name="sitemap-language")


@require_safe
def language_sitemap(request, section):
    sitemaps = _sitemaps(request)
    if section not in sitemaps:
        raise Http404("No sitemap for that language.")
    # Jinja2: Django's own template takes longer than the rest of a 10,000-address page.
    return sitemap_views.sitemap(
        request, sitemaps, section=section, template_name="distribution/sitemap.xml"
    )


@require_safe
def news(request):
    """The Google News sitemap: releases published in the last two days, in every enabled
    language (a disabled language's address only redirects)."""
    from django.shortcuts import render

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
        content_type="application/xml; charset=utf-8",
    )
