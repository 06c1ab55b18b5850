"""Publishing: after a change, the pages it touches are rendered again — into the page
cache (warm before readers arrive) and into the published files — and caches in front of
the site are purged."""

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone

from communique.newsroom import batch
from communique.newsroom.models import Text
from communique.publishing import conf, files
from communique.publishing.models import PublishingMark
from communique.publishing.pages import page_map
from communique.publishing.purge import purger
from communique.publishing.render import render

logger = logging.getLogger(__name__)


@dataclass
class Report:
    """What a round of publishing did."""

    rendered: int = 0
    written: int = 0
    removed: int = 0
    seconds: float = 0.0
    written_paths: list[str] = field(default_factory=list)
    #: The deeper pages of lists left for later (`changes_publish(deep=False)`).
    deep_paths: list[str] = field(default_factory=list)


def is_deep(address: str) -> bool:
    """A page published after a change's own release pages, in batches: a list, a feed or a
    sitemap. What readers come for is the release; the lists follow within seconds, and
    none of them (a home page's hundred pages shift by one item with each new release)
    makes the next change wait."""
    try:
        return resolve(address.partition("?")[0]).url_name not in RELEASE_PAGES
    except Resolver404:
        return True


def _later_order(address: str) -> int:
    """Among the pages published later: lists' first pages and feeds, then the rest (deeper
    list pages, and the sitemaps, for crawlers)."""
    if "?page=" in address:
        return 1
    try:
        return 1 if resolve(address.partition("?")[0]).url_name in SITEMAPS else 0
    except Resolver404:
        return 1


RELEASE_PAGES = frozenset({"release", "release-short"})
SITEMAPS = frozenset({"sitemap-index", "sitemap-language", "sitemap-language-page", "sitemap-news"})


def _release_folder(address: str) -> str | None:
    """`en/releases/12/` for a release page's address (its slug may change: one folder)."""
    try:
        match = resolve(address.partition("?")[0])
    except Resolver404:
        return None
    if match.url_name != "release":
        return None
    return str(PurePosixPath(files.file_for(address)).parent.parent) + "/"


def paths_publish(
    paths: Iterable[str], *, progress: Callable[[int], None] | None = None, trim: bool = True
) -> Report:
    """Render each address again (warming the cache) and write or remove its published file.

    `trim`: a list's pages past the last one rendered lose their files (False when only
    some of a list's pages are rendered: `trim_pages` does it from the whole list).
    """
    started = time.monotonic()
    report = Report()
    folder = conf.published_dir() if conf.publish_files() else None
    last_page: dict[str, int] = {}
    with contextlib.ExitStack() as run:
        for address in paths:
            if report.rendered % SHARED_RUN == 0:
                run.close()
                run.enter_context(batch.shared())
            _publish_one(folder, address, report, last_page)
            if progress is not None:
                progress(report.rendered)
    if folder is not None and trim:
        for directory, last in last_page.items():
            report.removed += files.remove_pages_after(folder, directory, last)
    report.seconds = time.monotonic() - started
    return report


def _publish_one(folder, address: str, report: Report, last_page: dict[str, int]) -> None:
    """Render one address; write its file, or remove it where the page is not public."""
    response = render(address)
    report.rendered += 1
    relative = files.file_for(address)
    if folder is None or relative is None:
        return
    release_folder = _release_folder(address)
    if response.status_code == 200 and not response.streaming:
        if release_folder is not None:  # an older slug's page leads here now
            _sweep_release(folder, release_folder, relative)
        if files.write(folder, relative, response.content):
            report.written += 1
            report.written_paths.append(address)
        _note_list_page(last_page, relative)
    else:
        report.removed += files.remove(folder, relative)
        if release_folder is not None:
            _sweep_release(folder, release_folder, None)


#: How many pages in a row share their lists' counts and page ends (`newsroom.batch`): a
#: site-wide publication takes minutes, and a count is then read again every so often.
SHARED_RUN = 200


def _note_list_page(last_page: dict[str, int], relative: str) -> None:
    """Count a list page's file (`index.html`, `index.pageN.html`) towards its folder's last."""
    directory, _sep, name = relative.rpartition("/")
    if name.startswith("index"):
        number = files.PAGED.fullmatch(name)
        key = f"{directory}/" if directory else ""
        last_page[key] = max(last_page.get(key, 1), int(number[1]) if number else 1)


def trim_pages(paths: Iterable[str]) -> int:
    """Remove the files of list pages past each list's last page among `paths` (a list
    that got shorter); how many files were removed."""
    if not conf.publish_files():
        return 0
    folder = conf.published_dir()
    last_page: dict[str, int] = {}
    for address in paths:
        relative = files.file_for(address)
        if relative is not None:
            _note_list_page(last_page, relative)
    return sum(
        files.remove_pages_after(folder, directory, last) for directory, last in last_page.items()
    )


def _sweep_release(folder, release_folder: str, keep: str | None) -> None:
    base = folder / release_folder
    if not base.is_dir():
        return
    for child in base.iterdir():
        if child.is_dir() and (
            keep is None or not keep.startswith(f"{release_folder}{child.name}/")
        ):
            for name in list(child.iterdir()):
                files.remove(folder, f"{release_folder}{child.name}/{name.name}")
            try:
                child.rmdir()
            except OSError:
                pass


def changes_publish(*, tags: Iterable[str] | None, deep: bool = True) -> Report:
    """Render again the pages carrying `tags` (every page for None) and purge them.

    `deep=False`: only the release pages are rendered; the lists, feeds and sitemaps are
    left (in `Report.deep_paths`) for `later_publish`, a batch at a time, so that the pages
    readers come for are published at once.
    """
    tags = None if tags is None else frozenset(tags)
    if tags is None:
        return site_publish()
    paths: list[str] = []
    later: list[str] = []

    def listed():
        for address in page_map().iter_paths(tags):
            if deep or not is_deep(address):
                paths.append(address)
                yield address
            else:
                later.append(address)

    report = paths_publish(listed(), trim=deep)
    if not deep:
        report.removed += trim_pages(paths + later)
        report.deep_paths = sorted(later, key=_later_order)
    purger().purge(tags, paths)
    return report


def later_paths(tags: Iterable[str]) -> list[str]:
    """The pages carrying `tags` that are published after the release pages (`is_deep`),
    in the order they are: lists' first pages and feeds, then the rest."""
    return sorted(
        (address for address in page_map().iter_paths(frozenset(tags)) if is_deep(address)),
        key=_later_order,
    )


def later_publish(pages: list[str], *, count: int, seconds: float | None = None) -> Report:
    """Up to `count` of `pages`, from the first, and no more once `seconds` have passed (one
    at least); `Report.rendered` says how many."""
    done: list[str] = []

    def in_time():
        deadline = None if seconds is None else time.monotonic() + seconds
        for address in pages[:count]:
            if done and deadline is not None and time.monotonic() >= deadline:
                return
            done.append(address)
            yield address

    report = paths_publish(in_time(), trim=False)
    if done:
        # By address only: the change's purge already named its tags (a proxy that purges
        # by tag dropped these pages then; now that they are rendered, again by address).
        purger().purge((), done)
    return report


def site_publish(*, progress: Callable[[int], None] | None = None) -> Report:
    """Every public page again; files of pages no longer public (or gone) removed."""
    paths = page_map().paths(None)
    report = paths_publish(paths, progress=progress)
    if conf.publish_files():
        folder = conf.published_dir()
        wanted = {files.file_for(address) for address in paths}
        for relative in list(files.published(folder)):
            if relative not in wanted:
                report.removed += files.remove(folder, relative)
    purger().purge(None, paths)
    return report


def due_catch_up(*, now=None) -> set[str]:
    """The tags of texts that became public by their time alone since the last call (an
    embargo that ended: no write marks it), touched in the page cache; the tags returned."""
    from communique.newsroom import page_cache

    now = now or timezone.now()
    mark, _created = PublishingMark.objects.get_or_create(pk=1, defaults={"public_until": now})
    if mark.public_until >= now:
        return set()
    texts = (
        Text.objects.filter(
            status=Text.Status.PUBLISHED,
            published_at__gt=mark.public_until,
            published_at__lte=now,
        )
        # Published by a write at its time: that write named its pages already.
        .exclude(updated_at__gte=F("published_at"))
        .select_related("release")
    )
    tags: set[str] = set()
    for text in texts:
        tags |= page_map().text_tags(text)
    PublishingMark.objects.filter(pk=1).update(public_until=now)
    if tags:
        page_cache.pages_changed(tags)
    return tags
