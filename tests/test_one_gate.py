"""One gate for readers: every public URL pattern, asked about an embargoed text, shows nothing.

The patterns are read from the URL configuration, so a pattern added later cannot be
forgotten: it fails `test_every_public_url_pattern_has_a_way_to_be_exercised` until it has a
row in ADDRESSES. To add one, map the pattern's name (`namespace:name`, or its route when it
has no name) to a function that takes the `Embargo` below and returns the addresses to ask;
each address is asked with and without the embargoed texts' languages and must show none of
their titles or slugs.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from communique.newsroom import services
from communique.newsroom.models import Release, Text
from tests.factories import make_category, make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db

#: URL prefixes that are not the readers' site (the API is: it is public).
NOT_PUBLIC = ("admin/", "media/", "static/")


@dataclass
class Embargo:
    """A public release beside three texts readers must not see yet."""

    office_slug: str
    category_slug: str
    public: Release  # public in English; its Russian translation is embargoed
    ahead: Release  # published with a publication time still ahead
    scheduled: Release  # scheduled for tomorrow
    hidden: list[Text]

    def releases(self):
        return (self.public, self.ahead, self.scheduled)

    def all_texts(self):
        return Text.objects.filter(release__in=self.releases())


def _in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _releases(name: str) -> Callable[[Embargo], list[str]]:
    def addresses(embargo: Embargo) -> list[str]:
        return [
            _in(language, name, pk=release.pk)
            for release in embargo.releases()
            for language in ("en", "ru")
        ]

    return addresses


def _feeds(name: str, **kwargs) -> list[str]:
    return [
        _in(language, name, fmt=fmt, **kwargs)
        for language in ("en", "ru")
        for fmt in ("rss", "atom", "json")
    ]


def _release_with_slug(embargo: Embargo) -> list[str]:
    return [
        _in(text.language, "newsroom:release", pk=text.release_id, slug=text.slug or "-")
        for text in embargo.hidden
    ] + [_in("en", "newsroom:release", pk=embargo.public.pk, slug="-")]


#: How to build the addresses of each public URL pattern for the embargo below.
ADDRESSES: dict[str, Callable[[Embargo], list[str]]] = {
    "root": lambda embargo: ["/"],
    "favicon": lambda embargo: ["/favicon.ico"],
    "month-starts": lambda embargo: [reverse("month-starts")],
    "newsroom:home": lambda embargo: [_in("en", "newsroom:home"), _in("ru", "newsroom:home")],
    "newsroom:offices": lambda embargo: [_in("en", "newsroom:offices")],
    "newsroom:office": lambda embargo: [
        _in(language, "newsroom:office", slug=embargo.office_slug) for language in ("en", "ru")
    ],
    "newsroom:office-year": lambda embargo: [
        _in(language, "newsroom:office-year", slug=embargo.office_slug, year=year)
        for language in ("en", "ru")
        for year in (embargo.ahead.hijri_year, embargo.ahead.issue_date.year)
    ],
    "newsroom:category": lambda embargo: [
        _in(language, "newsroom:category", slug=embargo.category_slug) for language in ("en", "ru")
    ],
    "newsroom:release-short": _releases("newsroom:release-short"),
    "newsroom:release": _release_with_slug,
    "comments:post": _releases("comments:post"),
    "comments:token": _releases("comments:token"),
    # search
    "search:search": lambda embargo: [
        f"{_in(language, 'search:search')}?q={words}"
        for language in ("en", "ru")
        for words in ("Embargoed", "Scheduled", "clinic", "kits", "translation")
    ],
    # distribution
    "robots": lambda embargo: ["/robots.txt"],
    "sitemap-index": lambda embargo: [reverse("sitemap-index")],
    "sitemap-news": lambda embargo: [reverse("sitemap-news")],
    "sitemap-language": lambda embargo: [
        reverse("sitemap-language", kwargs={"section": language}) for language in ("en", "ru")
    ],
    # A page a text (the test sets one address a page): past the public ones, the embargoed.
    "sitemap-language-page": lambda embargo: [
        reverse("sitemap-language-page", kwargs={"section": language, "page": page})
        for language in ("en", "ru")
        for page in range(2, 12)
    ],
    "distribution:follow": lambda embargo: [_in("en", "distribution:follow")],
    "distribution:feed": lambda embargo: _feeds("distribution:feed"),
    "distribution:office-feed": lambda embargo: _feeds(
        "distribution:office-feed", slug=embargo.office_slug
    ),
    "distribution:category-feed": lambda embargo: _feeds(
        "distribution:category-feed", slug=embargo.category_slug
    ),
    "distribution:kind-feed": lambda embargo: _feeds(
        "distribution:kind-feed", slug="press-release"
    ),
    "distribution:ninjs": _releases("distribution:ninjs"),
    "distribution:pdf": _releases("distribution:pdf"),
    # delivery: the subscription pages show no text; a link's token is checked first
    "delivery:subscribe": lambda embargo: [
        _in(language, "delivery:subscribe") + query
        for language in ("en", "ru")
        for query in ("", f"?office={embargo.public.office_id}")
    ],
    "delivery:sent": lambda embargo: [_in("en", "delivery:sent")],
    "delivery:confirm": lambda embargo: [_in("en", "delivery:confirm", token="forged")],
    "delivery:manage": lambda embargo: [_in("en", "delivery:manage", token="forged")],
    "delivery:unsubscribe": lambda embargo: [_in("en", "delivery:unsubscribe", token="forged")],
    # api (a GET of a write endpoint is refused: it must show nothing either)
    "api:api-root": lambda embargo: ["/api/v1/"],
    "api:openapi-json": lambda embargo: ["/api/v1/openapi.json"],
    "api:openapi-view": lambda embargo: ["/api/v1/docs"],
    "api:offices": lambda embargo: ["/api/v1/offices"],
    "api:office": lambda embargo: [f"/api/v1/offices/{embargo.office_slug}"],
    "api:categories": lambda embargo: ["/api/v1/categories"],
    "api:releases": lambda embargo: [
        "/api/v1/releases",
        f"/api/v1/releases?office={embargo.office_slug}",
        "/api/v1/releases?language=ru",
    ],
    "api:release-create": lambda embargo: ["/api/v1/releases"],
    "api:release": lambda embargo: [
        f"/api/v1/releases/{release.pk}{query}"
        for release in embargo.releases()
        for query in ("", "?language=ru")
    ],
    "api:texts": lambda embargo: ["/api/v1/texts", "/api/v1/texts?language=ru"],
    "api:text": lambda embargo: [f"/api/v1/texts/{text.pk}" for text in embargo.all_texts()],
    "api:text-edit": lambda embargo: [f"/api/v1/texts/{text.pk}" for text in embargo.hidden],
    "api:text-ninjs": lambda embargo: [
        f"/api/v1/texts/{text.pk}/ninjs" for text in embargo.all_texts()
    ],
    "api:text-create": lambda embargo: [
        f"/api/v1/releases/{release.pk}/texts" for release in embargo.releases()
    ],
    "api:text-submit": lambda embargo: [f"/api/v1/texts/{t.pk}/submit" for t in embargo.hidden],
    "api:text-publish": lambda embargo: [f"/api/v1/texts/{t.pk}/publish" for t in embargo.hidden],
    "api/v1/^.*$": lambda embargo: ["/api/v1/nothing-here"],
}


def public_patterns() -> list[str]:
    """Every public URL pattern's key in ADDRESSES: `namespace:name`, or its route."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                walk(entry.url_patterns, route if str(entry.pattern) else prefix, inner)
                continue
            assert isinstance(entry, URLPattern)
            bare = route.lstrip("^").removeprefix("en/")
            if bare.startswith(NOT_PUBLIC):
                continue
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            found.append(name or route)

    with translation.override("en"):
        walk(get_resolver().url_patterns, "", None)
    return found


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


@pytest.fixture
def embargo() -> Embargo:
    make_organisation()
    office = make_office("uzbekistan")
    water = make_category("water")
    day = datetime.date(2026, 11, 20)
    public = make_release(office, issue_date=day, title="Public well opens", categories=[water])
    services.release_publish(public)
    ahead_translation = make_text(public, "ru", title="Embargoed translation arrives")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    services.text_publish(ahead_translation, at=tomorrow)

    ahead = make_release(office, issue_date=day, title="Embargoed clinic opens", categories=[water])
    services.text_publish(ahead.texts.get(), at=tomorrow)
    ahead_ru = make_text(ahead, "ru", title="Embargoed clinic in Russian")
    services.text_publish(ahead_ru, at=tomorrow)

    scheduled = make_release(
        office, issue_date=day, title="Scheduled kits arrive", categories=[water]
    )
    scheduled.texts.update(status=Text.Status.SCHEDULED, scheduled_for=tomorrow)
    hidden = [ahead_translation, *ahead.texts.all(), *scheduled.texts.all()]
    return Embargo("uzbekistan", "water", public, ahead, scheduled, hidden)


def test_every_public_url_pattern_has_a_way_to_be_exercised():
    missing = [pattern for pattern in public_patterns() if pattern not in ADDRESSES]
    assert not missing, (
        f"Public URL patterns without a row in ADDRESSES ({__file__}): {missing}. "
        "Add one for each: a function building the addresses to ask for the embargoed texts, "
        "so that the one-gate test covers the new page."
    )


def test_the_table_names_no_pattern_that_is_gone():
    assert set(ADDRESSES) <= set(public_patterns())


@pytest.mark.parametrize("pattern", sorted(ADDRESSES))
def test_no_public_address_shows_an_embargoed_text(client, embargo, pattern, monkeypatch):
    from communique.distribution.sitemaps import TextSitemap

    monkeypatch.setattr(TextSitemap, "limit", 1)  # every sitemap page, one text each
    assert pattern in public_patterns()
    for address in ADDRESSES[pattern](embargo):
        response = client.get(address)
        # Shown, moved, or refused (missing, not signed in, not allowed, wrong method).
        assert response.status_code in (200, 301, 302, 401, 403, 404, 405), (
            address,
            response.status_code,
        )
        body = _body(response)
        if response.status_code in (301, 302):
            target = client.get(response["Location"])
            assert target.status_code in (200, 302, 404), (address, response["Location"])
            body = response["Location"] + _body(target)
        for text in embargo.hidden:
            assert text.title not in body, (address, text.title)
            assert f"/{text.slug}/" not in body, (address, text.slug)


@pytest.mark.parametrize("status", ["ahead", "scheduled"])
def test_an_embargoed_text_has_no_release_page_and_no_comments_page(client, embargo, status):
    release = getattr(embargo, status)
    text = release.texts.get(language="en")
    assert client.get(text.get_absolute_url()).status_code == 404
    comments = client.get(_in("en", "comments:post", pk=release.pk))
    assert comments.status_code == 404
    assert text.title not in comments.content.decode()
