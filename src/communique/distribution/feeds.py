"""Feeds of the latest releases, on Django's syndication framework.

One `ReleaseFeed` serves every scope (the site, an office, a category with its subcategories,
a kind) in the reader's language, in the format of its generator: RSS 2.0, Atom or JSON Feed.
Customise by subclassing and overriding `items()` or an `item_*()` method, as with any
Django feed.
"""

import io
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from communique.distribution import selectors
from communique.distribution.facts import TextFacts, text_facts
from communique.distribution.feedgenerators import JsonFeed, ReleaseAtomFeed, ReleaseRssFeed
from communique.newsroom.language_fields import pick
from communique.newsroom.languages import local_name
from communique.newsroom.models import Organisation

#: Feed formats by the extension of their address.
FORMATS = {"rss": ReleaseRssFeed, "atom": ReleaseAtomFeed, "json": JsonFeed}
#: How many entries a feed carries.
FEED_LENGTH = 50


@dataclass
class FeedRequest:
    scope: selectors.Scope
    language: str
    base_url: str
    organisation: Organisation


def site_url(request) -> str:
    """The site's address as the request reached it (`https://example.org`)."""
    return request.build_absolute_uri("/").rstrip("/")


def scope_page(scope: selectors.Scope) -> str:
    """The public page a scope's feed belongs to (the Follow page for a kind)."""
    if scope.office is not None:
        return scope.office.get_absolute_url()
    if scope.category is not None:
        return scope.category.get_absolute_url()
    if scope.kind:
        return reverse("distribution:follow")
    return reverse("newsroom:home")


class ReleaseFeed(Feed):
    """The newest releases of a scope in one language."""

    def __init__(self, feed_type=ReleaseRssFeed):
        self.feed_type = feed_type

    def __call__(self, request, *args, **kwargs):
        # Django's feed writes its XML into the response a few bytes at a time (thousands of
        # writes for 50 entries): here into a buffer, and into the response once.
        obj = self.get_object(request, *args, **kwargs)
        feedgen = self.get_feed(obj, request)
        buffer = io.StringIO()
        feedgen.write(buffer, "utf-8")
        response = HttpResponse(buffer.getvalue(), content_type=feedgen.content_type)
        response.headers["Last-Modified"] = http_date(feedgen.latest_post_date().timestamp())
        return response

    def get_object(self, request, scope="site", slug="", **kwargs) -> FeedRequest:
        organisation = getattr(request, "organisation", None) or Organisation.current()
        return FeedRequest(
            scope=selectors.scope(scope, slug),
            language=get_language(),
            base_url=site_url(request),
            organisation=organisation,
        )

    def items(self, obj: FeedRequest) -> list[TextFacts]:
        texts = selectors.feed_texts(obj.language, obj.scope, limit=FEED_LENGTH)
        languages = obj.organisation.enabled_languages
        return [text_facts(text, base_url=obj.base_url, languages=languages) for text in texts]

    def title(self, obj: FeedRequest) -> str:
        site = pick(obj.organisation.name, obj.language, obj.organisation.default_language)
        return f"{obj.scope.title(obj.language)} · {site}"

    def link(self, obj: FeedRequest) -> str:
        return scope_page(obj.scope)

    def description(self, obj: FeedRequest) -> str:
        return _("Releases of %(scope)s in %(language)s, newest first.") % {
            "scope": obj.scope.title(obj.language),
            "language": local_name(obj.language),
        }

    def author_name(self, obj: FeedRequest) -> str:
        return pick(obj.organisation.name, obj.language, obj.organisation.default_language)

    def author_link(self, obj: FeedRequest) -> str:
        return obj.base_url + reverse("newsroom:home")

    def item_title(self, item: TextFacts) -> str:
        return item.title

    def item_description(self, item: TextFacts) -> str:
        return self.item_content(item, with_dateline=True)

    def item_content(self, item: TextFacts, *, with_dateline: bool = False) -> str:
        parts = []
        if with_dateline:
            parts.append(f'<p class="dateline">{escape(item.dateline)}</p>')
        if item.text.subtitle:
            parts.append(f"<p><strong>{escape(item.text.subtitle)}</strong></p>")
        # body_html is Markdown rendered and cleaned by nh3 on save (newsroom/body.py).
        parts.append(item.text.body_html)
        return "\n".join(parts)

    def item_link(self, item: TextFacts) -> str:
        return item.url

    def item_guid(self, item: TextFacts) -> str:
        # The short address: it stays the same when a corrected title changes the slug.
        return item.url.removesuffix(item.text.get_absolute_url()) + short_url(item.text)

    def item_guid_is_permalink(self, item: TextFacts) -> bool:
        return True

    def item_pubdate(self, item: TextFacts):
        return item.published_at

    def item_updateddate(self, item: TextFacts):
        return item.updated_at

    def item_author_name(self, item: TextFacts) -> str:
        return item.office_name

    def item_author_link(self, item: TextFacts) -> str:
        return item.office_url

    def item_categories(self, item: TextFacts) -> list[str]:
        return [name for name, _url in item.categories]

    def item_extra_kwargs(self, item: TextFacts) -> dict:
        return {
            "language": item.language,
            "content_html": self.item_content(item),
            "number": item.number,
            "hijri": item.hijri,
            "hijri_iso": item.hijri_iso,
            "issue_date": item.issue_date.isoformat(),
            "dateline": item.dateline,
            "office_name": item.office_name,
            "office_url": item.office_url,
            "kind": item.kind,
            "translations": item.translations,
        }


def short_url(text) -> str:
    from django.utils.translation import override

    with override(text.language):
        return reverse("newsroom:release-short", kwargs={"pk": text.release_id})
