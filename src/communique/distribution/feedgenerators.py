"""RSS 2.0, Atom and JSON Feed 1.1 writers carrying a release's number and both dates.

Django's generators, extended: each entry also carries the release's facts in the
`release:` namespace (RSS and Atom) or the `_release` extension object (JSON Feed), the other
language versions as `hreflang` alternate links, and its full body.
"""

import json

from django.utils import feedgenerator
from django.utils.feedgenerator import rfc3339_date
from django.utils.html import escape

#: The namespace of the release facts in RSS and Atom entries (documented in docs/distribution.md).
RELEASE_NS = "urn:x-communique:release:1"
DC_NS = "http://purl.org/dc/elements/1.1/"


def _release_elements(handler, item) -> None:
    handler.addQuickElement("release:number", item["number"])
    handler.addQuickElement("release:hijriDate", item["hijri"])
    handler.addQuickElement("release:hijriDateISO", item["hijri_iso"])
    handler.addQuickElement("release:gregorianDate", item["issue_date"])
    handler.addQuickElement("release:dateline", item["dateline"])
    handler.addQuickElement("release:office", item["office_name"])
    handler.addQuickElement("release:officeURL", item["office_url"])
    handler.addQuickElement("release:kind", item["kind"])


def _translation_links(handler, item, element: str) -> None:
    for sibling in item["translations"]:
        handler.addQuickElement(
            element,
            "",
            {
                "rel": "alternate",
                "hreflang": sibling.language,
                "href": sibling.url,
                "title": sibling.title,
                "type": "text/html",
            },
        )


class ReleaseRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:release": RELEASE_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        # Before <link>: readers that take the last alternate link as the entry's find its own.
        _translation_links(handler, item, "atom:link")
        super().add_item_elements(handler, item)
        handler.addQuickElement("dc:language", item["language"])
        handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        _release_elements(handler, item)


class ReleaseAtomFeed(feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:release": RELEASE_NS}

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        _translation_links(handler, item, "link")  # first, as in RSS
        # The summary is the date line; the content is the whole release.
        super().add_item_elements(handler, {**item, "description": escape(item["dateline"])})
        handler.addQuickElement("content", item["content_html"], {"type": "html"})
        _release_elements(handler, item)


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the same items."""

    content_type = "application/feed+json; charset=utf-8"

    def document(self) -> dict:
        feed = self.feed
        return {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"], "url": feed["author_link"]}],
            "items": [self.item(item) for item in self.items],
        }

    def item(self, item) -> dict:
        return {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["dateline"],
            "content_html": item["content_html"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "authors": [{"name": item["author_name"], "url": item["author_link"]}],
            "tags": list(item["categories"]),
            "language": item["language"],
            # Extensions start with an underscore (JSON Feed 1.1, "Extensions").
            "_release": {
                "number": item["number"],
                "issue_date": item["issue_date"],
                "hijri_date": item["hijri_iso"],
                "hijri_date_text": item["hijri"],
                "dateline": item["dateline"],
                "kind": item["kind"],
                "office": {"name": item["office_name"], "url": item["office_url"]},
                "translations": [
                    {"language": sibling.language, "url": sibling.url, "title": sibling.title}
                    for sibling in item["translations"]
                ],
            },
        }

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False, indent=1))
