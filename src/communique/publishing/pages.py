"""Which public pages a change touches: one map, for the page cache, published files, purges
and export-static.

A page records tags naming what it shows (the newsroom's views call `page_cache.tag()`); a
change names the tags it touches; the map turns tags into the addresses of the pages that
carry them. The tags:

- `release:<id>` — the release's pages in every language (their siblings, pictures, number);
- `text:<id>` — the page of that text and the pages showing it as previous or next;
- `home:<lang>` — the home page (every page of it), the site's feeds, the sitemap index and
  the news sitemap;
- `sitemap:<time>:<lang>` — the language's sitemap from the page listing texts published at
  that time on (texts are listed oldest first: a new release is on the last page, and one
  that leaves shifts the pages after its own);
- `office:<id>:<lang>` — the office's page and its year archives (every page of each, since
  a new release shifts them and changes the years' counts), the office's feeds;
- `category:<id>:<lang>` — a category's pages and feeds (a release is in its category's
  ancestors' lists too);
- `kind:<kind>:<lang>` — the feed of a kind of release;
- `offices` — the list of offices;
- a change no tag can name (an office renamed, a menu, the organisation) is every page.

Subclass `PageMap` and name the subclass in `COMMUNIQUE_PAGE_MAP` to change what a change
touches (a page of your own that lists releases, say). Search is never published: its pages
are a reader's question, not the site's.
"""

import datetime
import math
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import override

from communique.distribution import sitemaps
from communique.newsroom import archives, selectors
from communique.newsroom.models import (
    Category,
    Correction,
    Office,
    Organisation,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    Text,
)
from communique.newsroom.page_cache import (  # the vocabulary, shared with the views
    OFFICES,
    SITEMAP_TIME,
    category_tag,
    home_tag,
    kind_tag,
    office_tag,
    release_tag,
    sitemap_tag,
    text_tag,
)

FEED_FORMATS = ("rss", "atom", "json")


class PageMap:
    """Tags for a change, addresses for tags, and every public address."""

    # --- what a change touches ---------------------------------------------------------------

    def text_tags(self, text: Text) -> set[str]:
        """What a change of this text (published, edited, corrected, withdrawn) touches."""
        release = text.release
        tags = {release_tag(release.pk), text_tag(text.pk), home_tag(text.language)}
        tags.add(office_tag(release.office_id, text.language))
        tags.add(kind_tag(release.kind, text.language))
        # Its sitemap page, and its siblings' (which name it among their alternates).
        siblings = Text.objects.filter(release_id=text.release_id, published_at__isnull=False)
        for language, published_at in [
            (text.language, text.published_at),
            *siblings.exclude(pk=text.pk).values_list("language", "published_at"),
        ]:
            if published_at is not None:
                tags.add(sitemap_tag(published_at, language))
        for category_id in self.categories_above(release.categories.values_list("pk", flat=True)):
            tags.add(category_tag(category_id, text.language))
        if text.published_at is not None:
            # The texts on either side show this one as their previous or next.
            for neighbour in selectors.neighbours(text):
                if neighbour is not None:
                    tags.add(text_tag(neighbour.pk))
        return tags

    def release_tags(self, release: Release) -> set[str]:
        tags = {release_tag(release.pk)}
        # A draft's save touches no public page (a text leaving the public states says so).
        for text in release.texts.filter(status__in=Text.PUBLIC_STATUSES).select_related("release"):
            tags |= self.text_tags(text)
        return tags

    def comment_tags(self, text_ids: Iterable[int]) -> set[str]:
        """Comments show on their text's page only."""
        return {text_tag(pk) for pk in text_ids}

    def categories_above(self, category_ids: Iterable[int]) -> set[int]:
        """The categories and their ancestors (whose lists include their children's)."""
        wanted = set(category_ids)
        if not wanted:
            return set()
        parents = dict(Category.objects.values_list("pk", "parent_id"))
        found = set()
        for pk in wanted:
            while pk is not None and pk not in found:
                found.add(pk)
                pk = parents.get(pk)
        return found

    def instance_tags(self, instance, *, deleted: bool = False, **kwargs) -> set[str] | None:
        """What a save or delete of a newsroom row touches; None for every page."""
        if deleted:
            return None  # its addresses are gone with it: everything, swept
        if "action" in kwargs:
            return self._categories_changed(instance, **kwargs)
        if isinstance(instance, Text):
            was_public = getattr(instance, "_page_status", Text.Status.PUBLISHED)
            if instance.status not in Text.PUBLIC_STATUSES and was_public not in (
                Text.PUBLIC_STATUSES
            ):
                return set()  # a draft saved: no public page shows it
            instance._page_status = instance.status
            return self.text_tags(instance)
        if isinstance(instance, Release):
            return self.release_tags(instance)
        if isinstance(instance, Correction):
            return self.text_tags(instance.text)
        if isinstance(instance, ReleaseImage | ReleaseAttachment):
            return {release_tag(instance.release_id)}
        return None

    def _categories_changed(self, instance, *, action, pk_set=None, reverse=False, **kwargs):
        if action not in ("post_add", "post_remove"):
            return set() if action.startswith("pre_") and action != "pre_clear" else None
        if reverse:  # a category's releases changed
            return None
        tags = self.release_tags(instance)
        for language in self.languages():
            for pk in self.categories_above(pk_set or ()):
                tags.add(category_tag(pk, language))
        return tags

    # --- the addresses of tags ------------------------------------------------------------------

    def languages(self) -> list[str]:
        return Organisation.current().enabled_languages

    def paths(self, tags: Iterable[str] | None) -> list[str]:
        """The addresses of the pages carrying any of `tags` (every page for None), release
        pages first so that the page readers come for is published first."""
        return list(self.iter_paths(tags))

    def iter_paths(self, tags: Iterable[str] | None) -> Iterator[str]:
        """`paths()` one by one: the release pages are known before the lists are counted."""
        if tags is None:
            yield from dict.fromkeys(self.all_paths())
            return
        seen: set[str] = set()
        languages = self.languages()
        tags = sorted(tags)
        for tag in tags:
            kind, _sep, rest = tag.partition(":")
            if kind == "release":
                found = self.release_paths(int(rest), languages)
            elif kind == "text":
                found = self.text_paths(int(rest))
            else:
                continue
            for path in found:
                if path not in seen:
                    seen.add(path)
                    yield path
        then = []
        sitemap_since: dict[str, datetime.datetime] = {}
        for tag in tags:
            kind, _sep, rest = tag.partition(":")
            key, _sep, language = rest.partition(":")
            if language and language not in languages:
                continue
            if kind == "home":
                then.extend(self.home_paths(key))
            elif kind == "office":
                office = Office.objects.filter(pk=int(key)).first()
                if office is not None:
                    then.extend(self.office_paths(office, language))
            elif kind == "category":
                category = Category.objects.filter(pk=int(key)).first()
                if category is not None:
                    then.extend(self.category_paths(category, language))
            elif kind == "kind":
                then.extend(self._feeds("distribution:kind-feed", language, slug=key))
            elif kind == "sitemap":
                since = datetime.datetime.strptime(key, SITEMAP_TIME).replace(tzinfo=datetime.UTC)
                sitemap_since[language] = min(since, sitemap_since.get(language, since))
            elif kind == OFFICES:
                then.extend(self._in(language, "newsroom:offices") for language in languages)
        for language, since in sitemap_since.items():  # one count a language
            then.extend(self.sitemap_pages(language, first=sitemaps.page_at(language, since)))
        # First pages of lists before their deeper pages.
        then.sort(key=lambda path: "?page=" in path)
        for path in then:
            if path not in seen:
                seen.add(path)
                yield path

    def release_paths(self, release_id: int, languages) -> Iterator[str]:
        """Every text of the release, public or not: rendering one that is not removes it."""
        for text in Text.objects.filter(release_id=release_id, language__in=languages).only(
            "pk", "release_id", "language", "slug", "title"
        ):
            yield text.get_absolute_url()

    def text_paths(self, text_id: int) -> Iterator[str]:
        text = Text.objects.select_related("release").filter(pk=text_id).first()
        if text is None:
            return
        yield text.get_absolute_url()
        if text.published_at is not None:
            for neighbour in selectors.neighbours(text):
                if neighbour is not None:
                    yield neighbour.get_absolute_url()

    def home_paths(self, language: str) -> Iterator[str]:
        yield from self._pages(self._in(language, "newsroom:home"), _count_published(language))
        yield from self._feeds("distribution:feed", language)
        yield from self.sitemap_paths(language)

    def sitemap_paths(self, language: str) -> Iterator[str]:
        """The sitemaps every change of the language's texts touches: the index (each
        language's latest change) and the news sitemap."""
        yield reverse("sitemap-index")
        yield reverse("sitemap-news")

    def sitemap_pages(self, language: str, first: int = 1) -> Iterator[str]:
        """The pages of the language's sitemap from `first` on, and one past the last (a
        text that left may have emptied it: rendering it removes its file)."""
        last = sitemaps.page_count(language) + 1
        for page in range(max(1, first), max(first, last) + 1):
            yield sitemaps.page_path(language, page)

    def office_paths(self, office: Office, language: str) -> Iterator[str]:
        texts = selectors.office_texts(office, language)
        yield from self._pages(self._in(language, "newsroom:office", slug=office.slug), texts)
        counts = {row["year"]: row["count"] for row in selectors.office_years(office, language)}
        counts |= {
            row["year"]: row["count"] for row in selectors.office_gregorian_years(office, language)
        }
        # A year's page links the other calendar's years it meets, which may hold nothing.
        hijri_calendar = office.calendar
        for year in list(counts):
            for other in archives.archive_year(year, hijri_calendar).other_years:
                counts.setdefault(other, None)
        for year, count in counts.items():
            if count is None:
                field = "hijri_year" if year in archives.HIJRI_YEARS else "gregorian_year"
                count = selectors.office_texts(office, language, **{field: year})
            address = self._in(language, "newsroom:office-year", slug=office.slug, year=year)
            yield from self._pages(address, count)
        yield from self._feeds("distribution:office-feed", language, slug=office.slug)

    def category_paths(self, category: Category, language: str) -> Iterator[str]:
        texts = selectors.category_texts(category, language)
        yield from self._pages(self._in(language, "newsroom:category", slug=category.slug), texts)
        yield from self._feeds("distribution:category-feed", language, slug=category.slug)

    def all_paths(self) -> Iterator[str]:
        """Every public page in every enabled language (and the language-neutral sitemaps)."""
        languages = self.languages()
        offices = list(selectors.offices())
        categories = list(Category.objects.all())
        for language in languages:
            yield from self.home_paths(language)
            yield from self.sitemap_pages(language)
            yield self._in(language, "newsroom:offices")
            yield self._in(language, "distribution:follow")
            for office in offices:
                yield from self.office_paths(office, language)
            for category in categories:
                yield from self.category_paths(category, language)
            for kind in Release.Kind.values:
                yield from self._feeds("distribution:kind-feed", language, slug=kind)
            texts = selectors.public(
                Text.objects.filter(language=language), statuses=Text.PUBLIC_STATUSES
            )
            for text in texts.only("pk", "release_id", "language", "slug", "title").iterator(
                chunk_size=2000
            ):
                yield text.get_absolute_url()

    # --- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _in(language: str, name: str, **kwargs) -> str:
        with override(language):
            return reverse(name, kwargs=kwargs)

    def _feeds(self, name: str, language: str, **kwargs) -> Iterator[str]:
        for fmt in FEED_FORMATS:
            yield self._in(language, name, fmt=fmt, **kwargs)

    @staticmethod
    def _pages(address: str, items) -> Iterator[str]:
        count = items if isinstance(items, int) else items.count()
        yield address
        for number in range(2, math.ceil(count / settings.COMMUNIQUE_PAGE_SIZE) + 1):
            yield f"{address}?page={number}"


def _count_published(language: str) -> int:
    return selectors.published_texts(language).count()


_map: PageMap | None = None


def page_map() -> PageMap:
    """The site's map (`COMMUNIQUE_PAGE_MAP` names a subclass; `PageMap` by default)."""
    global _map
    name = getattr(settings, "COMMUNIQUE_PAGE_MAP", "") or "communique.publishing.pages.PageMap"
    if _map is None or f"{type(_map).__module__}.{type(_map).__qualname__}" != name:
        _map = import_string(name)()
    return _map


def describe(instance, *, deleted: bool = False, **kwargs) -> set[str] | None:
    """The page cache's question: what this save or delete touches."""
    for name in ("signal", "sender", "created", "update_fields", "raw", "using", "model"):
        kwargs.pop(name, None)
    return page_map().instance_tags(instance, deleted=deleted, **kwargs)
