"""`communique export-static`: the public site as plain files, for any static host.

Every public page of the map in every enabled language (with feeds and sitemaps) is rendered
through the public gate (a page that is not public is not written), in parallel processes,
and written only when its bytes changed since the last export (`.communique-export.json`
keeps each file's digest); files of pages gone since are removed. Static files and the media
the pages show are copied beside them (never the media of an unpublished release). Forms and
the addresses only a running server can answer (search, comments, the API, PDFs) point to
`live_url`. A page the map does not list but one of its pages links to (an archive year
with nothing in it) is exported as well. Then every internal link of the map's pages (and
every address a sitemap lists) is checked: a link to nothing fails.
"""

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import connections
from django.urls import Resolver404, resolve
from django.utils.translation import override

from communique.newsroom.batch import shared as shared_lists
from communique.publishing import files
from communique.publishing.pages import page_map
from communique.publishing.render import render

logger = logging.getLogger(__name__)

MANIFEST = ".communique-export.json"
#: How long a render process may take over one batch (at most 200 pages) before the export
#: stops waiting for the processes and renders the rest itself.
BATCH_SECONDS = 60
LANGUAGES = {code for code, _name in settings.LANGUAGES}
#: Namespaces and URL names that only a running server answers: pointed at the live server.
LIVE_NAMESPACES = {"search", "comments", "delivery", "accounts", "admin", "api"}
LIVE_NAMES = {"distribution:pdf", "distribution:ninjs", "month-starts", "favicon", "root"}
ATTRIBUTE = re.compile(
    rb"""(?P<name>\s(?:href|src|action|data-[a-z-]*url))=(?P<quote>["'])(?P<value>[^"'<>]*)(?P=quote)""",
    re.I,
)
#: The header's clock, shown as rendered until the page's script sets it: not a change.
CLOCK = re.compile(rb'(<time id="clock"[^>]*>)[^<]*(</time>)')
#: An empty feed says it was built now: not a change either.
BUILT = re.compile(rb"<(lastBuildDate|updated)>[^<]*</\1>")
SRCSET = re.compile(rb"""\ssrcset=(["'])([^"'<>]*)\1""", re.I)
#: The addresses a sitemap (or the index of sitemaps) lists: checked like a page's links.
LOC = re.compile(rb"<loc>([^<]*)</loc>")


@dataclass
class Result:
    """What an export did; `broken` holds (page, link) pairs."""

    pages: int = 0
    written: int = 0
    removed: int = 0
    assets: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)


@functools.lru_cache(maxsize=100_000)
def _live(path: str) -> bool:
    """Whether only a running server answers `path` (remembered: a site's pages link to the
    same menus, offices and releases again and again)."""
    if path.startswith(("/admin/", "/api/")):
        return True
    language = path.split("/")[1]
    try:
        # The language prefix resolves only in its own language.
        with override(language if language in LANGUAGES else None):
            match = resolve(path)
    except Resolver404:
        return False
    return bool(set(match.namespaces) & LIVE_NAMESPACES) or match.view_name in LIVE_NAMES


class _Page:
    """Rewrites one page's addresses and collects the internal links it holds."""

    def __init__(self, live_url: str, site_url: str):
        self.live_url = live_url.rstrip("/")
        self.site = urlsplit(site_url).netloc
        self.links: set[str] = set()

    def internal(self, value: str) -> str | None:
        parts = urlsplit(unescape(value))
        if parts.scheme not in ("", "http", "https") or (
            parts.netloc and parts.netloc != self.site
        ):
            return None
        if not parts.path.startswith("/"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def attribute(self, match: re.Match) -> bytes:
        value = match["value"].decode("utf-8", "replace")
        address = self.internal(value)
        if address is None:
            return match[0]
        path = address.partition("?")[0]
        if _live(path):
            if self.live_url:
                new = f"{self.live_url}{unescape(value) if not urlsplit(value).netloc else path}"
                return b"%s=%s%s%s" % (
                    match["name"],
                    match["quote"],
                    new.replace("&", "&amp;").encode(),
                    match["quote"],
                )
            return match[0]
        self.links.add(address)
        return match[0]

    def sitemap(self, content: bytes) -> None:
        for match in LOC.finditer(content):
            if address := self.internal(match[1].decode("utf-8", "replace")):
                self.links.add(address)

    def rewrite(self, content: bytes) -> bytes:
        content = ATTRIBUTE.sub(self.attribute, content)
        for match in SRCSET.finditer(content):
            for candidate in match[2].decode("utf-8", "replace").split(","):
                if address := self.internal(candidate.strip().split(" ")[0]):
                    self.links.add(address)
        return content


def _render_one(address: str, live_url: str, site_url: str):
    response = render(address, warm=False)
    if response.status_code != 200 or response.streaming:
        return address, None, None, ()
    page = _Page(live_url, site_url)
    content = response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        content = page.rewrite(content)
    elif content_type.startswith("application/xml"):
        page.sitemap(content)
    digest = hashlib.sha256(_stable(content)).hexdigest()
    return address, content, digest, sorted(page.links)


def _stable(content: bytes) -> bytes:
    """The page without what changes on every render of an unchanged page."""
    content = CLOCK.sub(rb"\1\2", content)
    if b"<item>" not in content and b"<entry>" not in content:
        content = BUILT.sub(b"", content)
    return content


def _work(batch, out: str, manifest: dict, live_url: str, site_url: str):
    """In a worker process: render a batch, write what changed; (address, file, digest,
    links, written) for each."""
    folder = Path(out)
    results = []
    # The batch's pages of one list count it once and read on from where the last ended.
    with shared_lists():
        for address in batch:
            address, content, digest, links = _render_one(address, live_url, site_url)
            relative = files.file_for(address)
            written = False
            if content is not None and relative is not None and manifest.get(relative) != digest:
                written = _write_plain(folder, relative, content)
            results.append(
                (address, relative if content is not None else None, digest, links, written)
            )
    return results


def _work_batch(argument: tuple) -> list:
    return _work(*argument)


#: The database connections a render process inherited: kept, never used, never closed here.
_inherited: list = []


def _start_render_process() -> None:
    """In a new render process, before its first page: open connections of its own.

    The export closes its connections before the fork, but only those its own code sees. A
    thread's connections are kept apart for code run while an event loop runs in it (asgiref's
    `Local`), so a connection opened outside a loop outlives a close made inside one, and
    every render process would inherit it open. Two processes on one socket read each other's
    rows. So what is inherited is put aside unclosed (closing it here would end the parent's
    session) and the process opens its own.
    """
    for alias in connections:
        _inherited.append(connections[alias])
        connections[alias] = connections.create_connection(alias)


def _write_plain(folder: Path, relative: str, content: bytes) -> bool:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    temp.write_bytes(content)
    os.replace(temp, target)
    return True


def _static_files() -> dict[str, str]:
    found = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            prefix = getattr(storage, "prefix", None) or ""
            name = f"{prefix}/{path}" if prefix else path
            found.setdefault(name.replace(os.sep, "/"), storage.path(path))
    return found


def export_site(
    out: Path,
    *,
    live_url: str = "",
    jobs: int | None = None,
    check_links: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Write the public site into `out` (see the module's docstring)."""
    from communique.publishing import conf

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _live.cache_clear()  # what the addresses lead to is this export's URL configuration's
    manifest_file = out / MANIFEST
    try:
        manifest = json.loads(manifest_file.read_text())
    except (OSError, ValueError):
        manifest = {}
    site_url = conf.site_url()
    addresses = list(dict.fromkeys(page_map().all_paths()))
    jobs = max(1, jobs or os.cpu_count() or 1)
    result = Result()
    pages: dict[str, list[str]] = {}
    new_manifest: dict[str, str] = {}

    def collect(rows):
        for address, relative, digest, links, written in rows:
            if relative is not None:
                result.pages += 1
                new_manifest[relative] = digest
                pages[address] = links
                result.written += written
        if progress is not None:
            progress(len(rows))

    pool = None
    if jobs > 1 and len(addresses) > jobs:
        # Each render process opens database connections of its own (`_start_render_process`:
        # closing this process's first would not reach them all); the cache's are closed.
        caches.close_all()
        pool = multiprocessing.get_context("fork").Pool(jobs, _start_render_process)
    try:
        seen = set(addresses)
        todo = addresses
        while todo:
            size = max(1, min(200, len(todo) // (jobs * 4) or 1))
            batches = [todo[start : start + size] for start in range(0, len(todo), size)]
            arguments = [(batch, str(out), manifest, live_url, site_url) for batch in batches]
            if pool is not None:
                try:
                    answers = pool.imap(_work_batch, arguments)
                    for _batch in arguments:
                        collect(answers.next(timeout=BATCH_SECONDS))
                except multiprocessing.TimeoutError:
                    # A render process that never answers (one forked while another thread
                    # held a lock, say) must not hang the export: this process does it all.
                    logger.warning("Export processes did not answer; rendering in one process")
                    pool.terminate()
                    pool = None
                    connections.close_all()
                    result, pages, new_manifest = Result(), {}, {}
                    seen, todo = set(addresses), addresses
                    continue
            else:
                for argument in arguments:
                    collect(_work(*argument))
            if todo is not addresses:
                break
            # Pages the map does not list but its pages link to (an archive year with nothing
            # in it, say): exported too, so that every link of the map's pages leads somewhere.
            todo = sorted(
                {
                    target
                    for address in addresses
                    for link in pages.get(address, ())
                    if (target := _page_address(link)) is not None and target not in seen
                }
            )
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    for relative in set(manifest) - set(new_manifest):
        if not relative.startswith(("static/", "media/")):
            result.removed += files.remove(out, relative)
    assets = _copy_assets(out, pages, manifest, new_manifest)
    result.assets = assets
    manifest_file.write_text(json.dumps(new_manifest, sort_keys=True, indent=0))
    if check_links:
        result.broken = _broken_links(
            out, {address: pages.get(address, []) for address in addresses}
        )
    return result


def _page_address(link: str) -> str | None:
    """The page a link leads to, as the export would hold it; None for a file or asset."""
    path, _sep, query = link.partition("?")
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None
    if files.PAGE_QUERY.fullmatch(query):
        return link
    return path


def _copy_assets(out: Path, pages, manifest, new_manifest) -> int:
    """Static files, and the media files the exported pages show (only those)."""
    copied = 0
    wanted: dict[str, Path] = {
        f"static/{name}": Path(path) for name, path in _static_files().items()
    }
    media_url = settings.MEDIA_URL
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for links in pages.values():
        for link in links:
            path = link.partition("?")[0]
            if path.startswith(media_url):
                source = (media_root / path[len(media_url) :]).resolve()
                if source.is_relative_to(media_root) and source.is_file():
                    wanted[f"media/{path[len(media_url) :]}"] = source
    for relative, source in wanted.items():
        stat = source.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        new_manifest[relative] = stamp
        if manifest.get(relative) == stamp and (out / relative).exists():
            continue
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / relative)
        copied += 1
    for relative in set(manifest) - set(new_manifest):
        if relative.startswith(("static/", "media/")):
            (out / relative).unlink(missing_ok=True)
    return copied


def _broken_links(out: Path, pages: dict[str, list[str]]) -> list[tuple[str, str]]:
    broken = []
    # Each link's file looked for once: the pages share their menus, offices and neighbours
    # (tens of links a page, a few distinct ones per page across the site).
    found: dict[str, bool] = {}
    for address, links in sorted(pages.items()):
        for link in links:
            if link not in found:
                path, _sep, query = link.partition("?")
                relative = files.file_for(link) if files.PAGE_QUERY.fullmatch(query) else None
                # Another query string (a language switcher's notice, say): the page it is on.
                relative = relative or files.file_for(path)
                found[link] = relative is not None and (out / relative).is_file()
            if not found[link]:
                broken.append((address, link))
    return broken
