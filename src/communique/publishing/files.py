"""Published files: each page at the file nginx looks for, written atomically with its
compressed copies beside it.

An address maps to one file: `/en/releases/12/slug/` to `en/releases/12/slug/index.html`,
its `?page=3` to `index.page3.html` (nginx's map in docs/deployment.md does the same), a feed
or sitemap to itself. Any other query string has no file: the application answers it.
"""

import gzip
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote

try:  # installed with WeasyPrint; without it, only .gz copies
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

PAGE_QUERY = re.compile(r"page=([1-9][0-9]{0,5})")
PAGED = re.compile(r"index\.page([0-9]+)\.html")
COMPRESSED = (".gz", ".br")


def file_for(address: str) -> str | None:
    """The file (relative to the folder) that holds the page at `address`; None if none can.

    The path is decoded, as nginx's `$uri` is: a page at `/ar/releases/6/%D8%A8.../` is in
    the folder `ar/releases/6/ب.../`.
    """
    path, _sep, query = address.partition("?")
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not path.startswith("/") or "/." in path or "\\" in path or "\0" in path:
        return None
    if query:
        match = PAGE_QUERY.fullmatch(query)
        if match is None or not path.endswith("/"):
            return None
        return f"{path[1:]}index.page{match[1]}.html"
    return f"{path[1:]}index.html" if path.endswith("/") else path[1:]


def _replace(target: Path, content: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as temp:
        temp.write(content)
    os.chmod(temp.name, 0o644)  # noqa: S103  # nosec B103 - read by the web server
    os.replace(temp.name, target)


def write(folder: Path, relative: str, content: bytes) -> bool:
    """Write one page (and its .gz and .br) unless it holds these bytes already; True if written."""
    target = folder / relative
    try:
        if target.read_bytes() == content:
            return False
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    # The copies first: nginx looks for the page itself, so a reader never gets a copy of
    # an older page than the one it found.
    _replace(target.with_name(target.name + ".gz"), gzip.compress(content, 6, mtime=0))
    if brotli is not None:
        _replace(target.with_name(target.name + ".br"), brotli.compress(content, quality=5))
    _replace(target, content)
    return True


def remove(folder: Path, relative: str) -> bool:
    """Remove a page and its copies; True if there was one."""
    target = folder / relative
    found = target.exists()
    for name in (target.name, *(target.name + ext for ext in COMPRESSED)):
        try:
            (target.parent / name).unlink()
        except FileNotFoundError:
            pass
    return found


def remove_pages_after(folder: Path, directory: str, last: int) -> int:
    """Remove a list's pages numbered above `last` (the list got shorter); how many."""
    removed = 0
    try:
        names = os.listdir(folder / directory)
    except OSError:
        return 0
    for name in names:
        match = PAGED.fullmatch(name)
        if match and int(match[1]) > last:
            removed += remove(folder, f"{directory}{name}")
    return removed


def published(folder: Path):
    """Every page file in the folder (relative paths), without the compressed copies."""
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if name.startswith(".tmp-") or name.endswith(COMPRESSED):
                continue
            yield os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
