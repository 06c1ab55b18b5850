"""Old pages' HTML bodies, cleaned by the editor's allow-list, written back as Markdown.

Text bodies are Markdown (the editor's format), so an imported body is first cleaned by
nh3 with `newsroom.body`'s allow-list and then written in the Markdown that
`render_body` turns back into the same elements. Only the allowed tags occur here.
"""

import re

import nh3
from lxml import html

from communique.newsroom.body import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

# Old markup for what the allow-list has under another name.
_RENAMED = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4", "tt": "code"}


def sanitise(fragment: str) -> str:
    """Clean HTML with the editor's allow-list: no scripts, styles, handlers or foreign tags."""
    if fragment.strip():
        wrapper = html.fragment_fromstring(fragment, create_parent="div")
        for element in wrapper.iter(*_RENAMED):
            element.tag = _RENAMED[element.tag]
        fragment = "".join(
            [wrapper.text or ""] + [html.tostring(child, encoding="unicode") for child in wrapper]
        )
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=|])", re.MULTILINE)
_ORDERED_START = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _protect_line_starts(text: str) -> str:
    """Keep a paragraph that begins with "#", "-" or "1." from becoming a heading or list."""
    return _ORDERED_START.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", text))


def _inline(element) -> str:
    parts = [_escape(element.text or "")]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = _inline(child)
        if tag == "br":
            parts.append("\\\n")
        elif tag in ("strong", "b") and inner.strip():
            parts.append(f"**{inner.strip()}**")
        elif tag in ("em", "i") and inner.strip():
            parts.append(f"*{inner.strip()}*")
        elif tag == "code":
            parts.append(f"`{(child.text_content() or '').replace('`', '')}`")
        elif tag == "a" and child.get("href"):
            href = child.get("href").replace(" ", "%20").replace(")", "%29")
            parts.append(f"[{inner}]({href})")
        else:
            parts.append(inner)
        parts.append(_escape(child.tail or ""))
    text = " ".join("".join(parts).replace("\\\n", "\x00").split()).replace("\x00", "\\\n")
    return text.replace(" \\\n", "\\\n").replace("\\\n ", "\\\n")


def _block(element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("h2", "h3", "h4", "h1", "h5", "h6"):
        level = {"h1": 2, "h5": 4, "h6": 4}.get(tag) or int(tag[1])
        out.append("#" * level + " " + _inline(element).replace("\\\n", " "))
    elif tag in ("ul", "ol"):
        items = [child for child in element if getattr(child, "tag", None) == "li"]
        lines = []
        for number, item in enumerate(items, start=1):
            marker = f"{number}." if tag == "ol" else "-"
            lines.append(f"{marker} {_inline(item)}")
        if lines:
            out.append("\n".join(lines))
    elif tag == "blockquote":
        inner: list[str] = []
        _blocks(element, inner)
        out.append(
            "\n".join("> " + line if line else ">" for line in "\n\n".join(inner).split("\n"))
        )
    elif tag == "hr":
        out.append("---")
    elif tag == "pre":
        code = element.text_content().replace("```", "'''")
        out.append("```\n" + code.rstrip("\n") + "\n```")
    elif tag == "table":
        rows = element.xpath(".//tr")
        cells = [[_inline(cell).replace("|", "\\|") for cell in row.xpath("th|td")] for row in rows]
        cells = [row for row in cells if row]
        if cells:
            width = max(len(row) for row in cells)
            cells = [row + [""] * (width - len(row)) for row in cells]
            lines = ["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * width]
            lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
            out.append("\n".join(lines))
    else:
        text = _inline(element).strip()
        if text:
            out.append(_protect_line_starts(text))


def _blocks(parent, out: list[str]) -> None:
    loose = (parent.text or "").strip()
    if loose:
        out.append(_protect_line_starts(_escape(" ".join(loose.split()))))
    for child in parent:
        _block(child, out)
        tail = (child.tail or "").strip()
        if tail:
            out.append(_escape(" ".join(tail.split())))


def html_to_markdown(fragment: str) -> str:
    """Markdown for a sanitised HTML fragment (paragraphs, lists, quotes, links, emphasis)."""
    if not fragment.strip():
        return ""
    wrapper = html.fragment_fromstring(fragment, create_parent="div")
    out: list[str] = []
    _blocks(wrapper, out)
    return "\n\n".join(block for block in out if block.strip())
