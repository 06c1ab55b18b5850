"""Folders of saved pages: every HTML file at any depth, each read on its own."""

from collections.abc import Iterator
from pathlib import Path

from communique.importers.pages import FoundRelease, PageProblem, read_page
from communique.importers.services import Failure

SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


def page_files(folder: Path) -> list[Path]:
    """The HTML files under a folder, at any depth, in a stable order."""
    return sorted(
        path for path in folder.rglob("*") if path.is_file() and path.suffix.lower() in SUFFIXES
    )


def read_folder(folder: Path, files: list[Path]) -> Iterator[FoundRelease | Failure]:
    """Yield each page's release, or a Failure naming the file and the reason."""
    for path in files:
        source = path.relative_to(folder).as_posix()
        try:
            yield read_page(path.read_bytes(), source=source)
        except PageProblem as error:
            yield Failure(source, str(error))
        except OSError as error:
            yield Failure(source, f"cannot read the file: {error.strerror}")
        except Exception as error:  # noqa: BLE001 - one bad page must not stop the others
            yield Failure(source, f"unexpected error: {error!r}")
