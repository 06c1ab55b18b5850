"""WordPress exports (WXR): each post becomes a found release; WPML and Polylang groups
become one release with several texts.

WPML's "Export and Import" writes `_wpml_import_language_code`,
`_wpml_import_source_language_code` and `_wpml_import_translation_group` post meta;
Polylang writes `<category domain="language">` and `<category domain="post_translations">`.
A post's content is read like a saved page (its date line, number, office line and
signature, when the old site typed them into the post); the post's own title, date,
categories and language come first.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree, html

from communique.importers import dates
from communique.importers.pages import (
    FoundRelease,
    PageProblem,
    _script_language,
    language_code,
    read_release,
)
from communique.importers.services import Failure

_POST_TYPES = {"post", "press_release", "release", "news"}
_GONE = {"trash", "auto-draft", "inherit"}
_BLOCK_TAG = re.compile(r"<(?:p|div|ul|ol|h[1-6]|blockquote|table|pre)\b", re.IGNORECASE)


class NotAnExport(ValueError):
    """A file that is not a WordPress export at all."""


def _parser() -> etree.XMLParser:
    # No entities, no network: an export is data, never a way to read other files.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False, load_dtd=False
    )


def _child(item, name: str) -> str:
    found = item.xpath(f"*[local-name()='{name}']")
    return (found[0].text or "").strip() if found else ""


def open_export(path: Path) -> tuple[str, Iterator[FoundRelease | Failure]]:
    """The exported site's address (what keeps re-runs idempotent if the file is renamed)
    and every post, read, or a Failure saying why it could not be; NotAnExport if the file
    is no export at all."""
    try:
        tree = etree.parse(str(path), _parser())  # noqa: S320 - entities and network are off
    except (etree.XMLSyntaxError, OSError) as error:
        raise NotAnExport(f"{path} is not a readable XML file ({error})") from error
    root = tree.getroot()
    channels = root.xpath("//*[local-name()='channel']") if root is not None else []
    if not channels:
        raise NotAnExport(f"{path} is not a WordPress export (no <rss><channel>)")
    site = _child(channels[0], "base_blog_url") or _child(channels[0], "link") or path.name
    return site, _items(path, channels[0])


def _items(path: Path, channel) -> Iterator[FoundRelease | Failure]:
    for item in channel.xpath("*[local-name()='item']"):
        post_type = _child(item, "post_type") or "post"
        status = _child(item, "status") or "publish"
        if post_type not in _POST_TYPES or status in _GONE:
            continue
        source = f"{path.name}#post-{_child(item, 'post_id') or _child(item, 'guid')}"
        try:
            yield read_item(item, source=source)
        except PageProblem as error:
            yield Failure(source, str(error))
        except Exception as error:  # noqa: BLE001 - one broken post must not stop the others
            yield Failure(source, f"unexpected error: {error!r}")


def _meta(item) -> dict[str, str]:
    meta = {}
    for row in item.xpath("*[local-name()='postmeta']"):
        key, value = _child(row, "meta_key"), _child(row, "meta_value")
        if key:
            meta[key] = value
    return meta


def _terms(item, domain: str) -> list[tuple[str, str]]:
    return [
        ((term.get("nicename") or "").strip(), " ".join((term.text or "").split()))
        for term in item.xpath("*[local-name()='category'][@domain=$domain]", domain=domain)
    ]


def _post_date(item) -> tuple[datetime.date | None, datetime.datetime | None]:
    local = _child(item, "post_date")
    gmt = _child(item, "post_date_gmt")
    day = when = None
    try:
        day = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M:%S").date()
    except ValueError:
        pass
    try:
        when = datetime.datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
    except ValueError:
        pass
    if day is not None and day.year < 1900:  # "0000-00-00 00:00:00" for never-published
        day = None
    if when is not None and when.year < 1900:
        when = None
    return day, when


def read_item(item, *, source: str) -> FoundRelease:
    """One post as a found release; PageProblem if it lacks what a release needs."""
    title = " ".join(_child(item, "title").split())
    if not title:
        raise PageProblem("the post has no title")
    meta = _meta(item)
    day, when = _post_date(item)
    content = _child(item, "encoded") or ""
    language = language_code(meta.get("_wpml_import_language_code"))
    polylang = _terms(item, "language")
    if language is None and polylang:
        language = language_code(polylang[0][0])
    if not _BLOCK_TAG.search(content):
        # WordPress keeps paragraphs as blank lines and adds <p> only when it shows a post.
        content = "".join(
            "<p>" + paragraph.strip().replace("\n", "<br>") + "</p>"
            for paragraph in re.split(r"\n\s*\n", content)
            if paragraph.strip()
        )
    wrapper = html.document_fromstring(f"<html><body>{content or '<p></p>'}</body></html>")
    etree.strip_elements(
        wrapper, "script", "style", "iframe", "form", etree.Comment, with_tail=False
    )
    try:
        found = read_release(
            wrapper,
            source=source,
            title=title,
            language=language or _script_language(title),
            fallback_date=day,
        )
    except PageProblem as error:
        raise PageProblem(
            f"the post has no valid date (wp:post_date “{_child(item, 'post_date')}”) "
            "and no date line in its content"
        ) from error
    if day is not None and found.gregorian != day:
        found.notes.append(
            f"the date line says {found.gregorian.isoformat()}, the post date {day.isoformat()}; "
            "the date line is used"
        )
    if found.written_hijri is None:
        for key, value in meta.items():
            if "hijri" in key.lower() and value:
                found.written_hijri = dates.find_hijri(
                    dates.clean_text(value), marked_only=False
                ) or dates.WrittenHijri(value, None, "not a Hijri date")
                break
    if not found.number:
        found.number = next(
            (meta[key] for key in ("release_number", "number", "_release_number") if meta.get(key)),
            None,
        )
    offices = _terms(item, "office")
    if offices:
        found.office_name = offices[0][1]
    elif meta.get("office"):
        found.office_name = meta["office"]
    kinds = _terms(item, "kind")
    if kinds:
        found.kind_name = kinds[0][1]
    found.categories = [
        name for _slug, name in _terms(item, "category") if name
    ] or found.categories
    if group := meta.get("_wpml_import_translation_group"):
        found.group = f"wpml:{group}"
        found.is_original = not meta.get("_wpml_import_source_language_code")
    elif groups := _terms(item, "post_translations"):
        found.group = f"polylang:{groups[0][0] or groups[0][1]}"
    found.published = _child(item, "status") in ("", "publish")
    found.published_at = when
    return found
