"""Publishing: after a change, the pages it touches are rendered again — into the page
cache (warm before readers arrive) and into the published files — and caches in front of
the site are purged."""

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone

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


def _release_folder(address: str) -> str | None:
    """`en/releases/12/` for a release page's address (its slug may change: one folder)."""
    try:
        match = resolve(address.partition("?")[0])
    except Resolver404:
        return None
    if match.url_name != "release":
        return None
    return str(PurePosixPath(files.file_for(address)).parent.parent) + "/"


def paths_publish(paths: Iterable[str], *, progress: Callable[[int], None] | None = None) -> Report:
    """Render each address again (warming the cache) and write or remove its published file."""
    started = time.monotonic()
    report = Report()
    folder = conf.published_dir() if conf.publish_files() else None
    last_page: dict[str, int] = {}
    for address in paths:
        response = render(address)
        report.rendered += 1
        relative = files.file_for(address)
        if folder is not None and relative is not None:
            public = response.status_code == 200 and not response.streaming
            release_folder = _release_folder(address)
            if public:
                if release_folder is not None:  # an older slug's page leads here now
                    _sweep_release(folder, release_folder, relative)
                if files.write(folder, relative, response.content):
                    report.written += 1
                    report.written_paths.append(address)
                directory, _sep, name = relative.rpartition("/")
                if name.startswith("index"):
                    number = files.PAGED.fullmatch(name)
                    key = f"{directory}/" if directory else ""
                    last_page[key] = max(last_page.get(key, 1), int(number[1]) if number else 1)
            else:
                report.removed += files.remove(folder, relative)
                if release_folder is not None:
                    _sweep_release(folder, release_folder, None)
        if progress is not None:
            progress(report.rendered)
    if folder is not None:
        for directory, last in last_page.items():
            report.removed += files.remove_pages_after(folder, directory, last)
    report.seconds = time.monotonic() - started
    return report


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


def changes_publish(*, tags: Iterable[str] | None) -> Report:
    """Render again the pages carrying `tags` (every page for None) and purge them."""
    tags = None if tags is None else frozenset(tags)
    if tags is None:
        return site_publish()
    paths: list[str] = []

    def listed():
        for address in page_map().iter_paths(tags):
            paths.append(address)
            yield address

    report = paths_publish(listed())
    purger().purge(tags, paths)
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
