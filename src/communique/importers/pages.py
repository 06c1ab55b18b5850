"""Finding the release in a saved page, by what the page says rather than by its markup.

A saved page wraps one release in a site's chrome (a header with today's date, menus,
category blocks, a comment form). The release is anchored by its date line: a Hijri date
marked as one ("H. 20 Rabi' II 1445", "… 1445 هـ"), with a Gregorian date and usually a
number close by. Around that anchor: the title (the heading the page's <title> names, or
the nearest one), the body (the largest run of paragraphs after it), and the office line,
kind, "(Translated)" mark, signature and category links. Class names and ids are never
read, so a Joomla/K2 page, a WordPress theme and a hand-made archive are read alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from django.conf import settings
from django.utils import translation
from lxml import etree, html

from communique.calendar.names import check_language, name_key
from communique.importers import dates
from communique.importers.emails import recover_emails
from communique.importers.markdown import html_to_markdown, sanitise
from communique.newsroom.models import Release


class PageProblem(Exception):
    """A file that cannot be imported; the message says why, for the report."""


class NoRelease(PageProblem):
    """A readable page that holds no release (an index page, an about page, …)."""


@dataclass
class FoundRelease:
    """One language version of a release as a page or post printed it."""

    source: str
    title: str
    body_html: str
    language: str
    gregorian: date
    written_hijri: dates.WrittenHijri | None = None
    number: str | None = None
    office_name: str = ""
    kind_name: str = ""
    translated: bool = False
    signature: str = ""
    categories: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    lost_emails: int = 0
    # Set by the WordPress reader: the translation group, whether the post is the group's
    # original (None: unknown), its publication time and whether it was published at all.
    group: str = ""
    is_original: bool | None = None
    published_at: datetime | None = None
    published: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def body_markdown(self) -> str:
        return html_to_markdown(self.body_html)


_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button")
_BODY_BLOCKS = {"p", "ul", "ol", "blockquote", "h2", "h3", "h4", "h5", "h6", "table", "pre"}
_HEADINGS = ("h1", "h2", "h3", "h4")
_WINDOW = 25
"""How many elements before and after the Hijri date the other parts of the line may be."""

_OFFICE_WORDS = re.compile(
    r"press[\s-]*office|press[\s-]*service|пресс[\s-]*служба|пресс[\s-]*центр|"
    r"المكتب الإعلامي|المكتب الاعلامي|matbuot xizmati|axborot xizmati",
    re.IGNORECASE,
)
_OFFICE_SEPARATORS = re.compile(r"\s[-–—|/:]\s|[·•|:]")
_SIGNATURE_PLACE = (
    re.compile(r"\bin\s+(?:the\s+)?([^,.]+?)\s*\.?$", re.IGNORECASE),
    re.compile(r"\bв\s+([^,.]+?)\s*\.?$", re.IGNORECASE),
    re.compile(r"في\s+([^،,.]+?)\s*\.?$"),
    re.compile(r"([^\s,]+?)(?:dagi|da)\s+matbuot", re.IGNORECASE),
)
_CATEGORY_LABELS = (
    "categories",
    "site categories",
    "category",
    "tags",
    "topics",
    "filed under",
    "категории",
    "категория",
    "рубрики",
    "рубрика",
    "теги",
    "темы",
    "التصنيفات",
    "التصنيف",
    "الأقسام",
    "الوسوم",
    "turkumlar",
    "turkum",
    "ruknlar",
    "rukn",
    "teglar",
    "kategoriyalar",
)
_CHROME_HEADINGS = {
    name_key(text)
    for text in (
        "Leave a comment",
        "Leave a Reply",
        "Comments",
        "Site Categories",
        "Categories",
        "Links",
        "Related",
        "Share",
        "Menu",
        "Search",
        "Archives",
        "Recent Posts",
        "Оставить комментарий",
        "Комментарии",
        "Категории",
        "Ссылки",
        "اترك تعليقا",
        "اترك تعليقاً",
        "التعليقات",
        "التصنيفات",
        "روابط",
        "Izoh qoldiring",
        "Izohlar",
        "Turkumlar",
        "Havolalar",
    )
}
_TRANSLATED_WORDS = {"translated", "translation", "перевод", "مترجم", "ترجمة", "tarjima"}
_EXTRA_KINDS = {
    "news": ("Новости", "Yangiliklar", "أخبار", "News item"),
    "press-release": ("Пресс релиз", "بيان", "Matbuot bayonoti", "Press statement"),
    "statement": ("بيان رسمي", "Official statement"),
    "announcement": ("Объявления", "E'lon", "إعلانات"),
}


@cache
def _kinds() -> dict[str, str]:
    """Kind names in every language the site speaks, by name_key, to the Kind value."""
    found: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in Release.Kind.choices:
                found.setdefault(name_key(str(label)), value)
    for value, names in _EXTRA_KINDS.items():
        for name in names:
            found.setdefault(name_key(name), value)
    return found


def kind_of(name: str) -> str | None:
    """The release kind a printed kind name ("Press Release", "Новости") means, or None."""
    return _kinds().get(name_key(name))


def language_code(value: str | None) -> str | None:
    """An enabled language for a lang attribute ("en-gb" -> "en"), or None."""
    if not value:
        return None
    try:
        code = check_language(value)
    except ValueError:
        return None
    return code if code in {code for code, _name in settings.LANGUAGES} else None


def _script_language(text: str) -> str | None:
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    return None


class _Page:
    """A parsed page with every element's place and short text, read once."""

    def __init__(self, root: html.HtmlElement):
        self.root = root
        self.elements = [el for el in root.iter() if isinstance(el.tag, str)]
        self.index = {el: i for i, el in enumerate(self.elements)}
        self._texts: dict[int, str] = {}

    def text(self, element) -> str:
        key = self.index[element]
        if key not in self._texts:
            self._texts[key] = dates.clean_text(element.text_content())
        return self._texts[key]

    def last_index(self, element) -> int:
        """The place of the element's last descendant."""
        last = element
        for last in element.iter():  # noqa: B007 - the loop finds the last one
            pass
        while not isinstance(last.tag, str):
            last = last.getprevious() if last.getprevious() is not None else last.getparent()
        return self.index[last]

    def minimal(self, predicate, *, limit: int = 300) -> list:
        """Elements whose short text satisfies predicate while none of their children's does."""
        found = []
        for element in self.elements:
            if element.tag in ("html", "head", "title", "meta"):
                continue
            text = self.text(element)
            if not text or len(text) > limit or not predicate(text):
                continue
            if any(isinstance(child.tag, str) and predicate(self.text(child)) for child in element):
                continue
            found.append(element)
        return found


@dataclass
class _DateLine:
    hijri: dates.WrittenHijri | None
    gregorian: dates.WrittenGregorian
    number: str | None
    parts: list
    first: int
    last: int


def _date_line(page: _Page) -> _DateLine | None:
    """The release's date line: a marked Hijri date with a Gregorian date beside it."""
    anchors = page.minimal(lambda text: dates.find_hijri(text) is not None)
    best: tuple[int, _DateLine] | None = None
    for anchor in anchors:
        hijri = dates.find_hijri(page.text(anchor))
        line = _around(page, anchor, hijri)
        if line is None:
            continue
        score = 2 + (line.number is not None)
        if best is None or score > best[0]:
            best = (score, line)
    if best is not None:
        return best[1]
    # No Hijri date: a Gregorian date marked "M." still makes a (one-calendar) date line.
    for anchor in page.minimal(_marked_gregorian, limit=120):
        line = _around(page, anchor, None)
        if line is not None:
            return line
    return None


def _marked_gregorian(text: str) -> bool:
    return bool(re.match(r"^(?:M|М|م)\.\s", text)) and dates.find_gregorian(text) is not None


def _around(page: _Page, anchor, hijri: dates.WrittenHijri | None) -> _DateLine | None:
    """Collect the Gregorian date and the number nearest to an anchor."""
    at = page.index[anchor]
    window = page.elements[max(0, at - _WINDOW) : at + _WINDOW]
    gregorian = number = None
    gregorian_el = number_el = None
    for distance in sorted(range(len(window)), key=lambda i: abs(page.index[window[i]] - at)):
        element = window[distance]
        text = page.text(element)
        if not text or len(text) > 200 or (element is not anchor and _holds(page, element, anchor)):
            continue  # an element around the anchor would swallow the title and the body
        if gregorian is None and (found := dates.find_gregorian(text)) is not None:
            gregorian, gregorian_el = found, element
        if number is None and (printed := dates.find_number(text)) is not None:
            number, number_el = printed, element
    if gregorian is None:
        return None
    parts = [el for el in (anchor, gregorian_el, number_el) if el is not None]
    parts = [
        el for el in parts if not any(_holds(page, other, el) for other in parts if other is not el)
    ]
    first = min(page.index[el] for el in parts)
    last = max(page.last_index(el) for el in parts)
    return _DateLine(hijri, gregorian, number, parts, first, last)


def _holds(page: _Page, outer, inner) -> bool:
    return outer is inner or any(ancestor is outer for ancestor in inner.iterancestors())


def _title(page: _Page, line: _DateLine):
    """The release's title heading."""
    head_title = page.root.find(".//title")
    page_title = name_key(head_title.text_content()) if head_title is not None else ""
    headings = [
        el
        for el in page.root.iter(*_HEADINGS)
        if page.text(el) and name_key(page.text(el)) not in _CHROME_HEADINGS
    ]
    named = [
        el for el in headings if len(page.text(el)) >= 4 and name_key(page.text(el)) in page_title
    ]
    if named:
        return min(named, key=lambda el: abs(page.index[el] - line.first))
    after = [el for el in headings if page.index[el] > line.last and _followed_by_text(page, el)]
    if after:
        return after[0]
    before = [el for el in headings if page.index[el] < line.first]
    if before:
        return before[-1]
    return None


def _followed_by_text(page: _Page, heading) -> bool:
    start = page.index[heading]
    for element in page.elements[start + 1 : start + 40]:
        if element.tag in _HEADINGS:
            return False
        if element.tag == "p" and len(page.text(element)) >= 20:
            return True
    return False


def _body(page: _Page, after: int, skip: list) -> list:
    """The run of paragraphs that is the body: the first container holding a good share
    of the page's paragraph text after `after`."""
    scored: list[tuple[int, list]] = []
    for element in page.elements:
        blocks = [
            child
            for child in element
            if isinstance(child.tag, str)
            and child.tag in _BODY_BLOCKS
            and page.index[child] > after
            and not any(_holds(page, child, other) for other in skip)
            and page.text(child)
        ]
        if blocks:
            scored.append((sum(len(page.text(block)) for block in blocks), blocks))
    if not scored:
        return []
    best = max(score for score, _blocks in scored)
    for score, blocks in scored:
        if score >= 0.4 * best:
            return blocks
    return []


def _signature(page: _Page, blocks: list) -> str:
    if not blocks:
        return ""
    text = page.text(blocks[-1])
    if len(text) <= 200 and _OFFICE_WORDS.search(text) and blocks[-1].tag == "p":
        blocks.pop()
        return text
    return ""


def _office_line(page: _Page, line: _DateLine, title_at: int) -> str:
    """The office named just before the release ("Press Office · Uzbekistan")."""
    start = min(line.first, title_at)
    for element in reversed(page.elements[max(0, start - _WINDOW) : start]):
        text = page.text(element)
        if not text or len(text) > 100 or not _OFFICE_WORDS.search(text):
            continue
        # "Press Office" alone may be a link inside the line that names the office.
        for candidate in (element, *element.iterancestors()):
            text = page.text(candidate)
            if len(text) > 100 or page.index[candidate] > start:
                break
            pieces = _OFFICE_SEPARATORS.split(_OFFICE_WORDS.sub(" · ", text))
            pieces = [" ".join(piece.split()) for piece in pieces if piece.strip()]
            if pieces:
                return pieces[-1]
        return ""
    return ""


def office_from_signature(signature: str) -> str:
    """The place a signature names: "Press Office of … in Kyrgyzstan" -> "Kyrgyzstan"."""
    for pattern in _SIGNATURE_PLACE:
        if match := pattern.search(signature):
            return match[1].strip(" «»\"'")
    return ""


def _near(page: _Page, line: _DateLine, title_at: int, body_at: int, predicate) -> str:
    """The first short text between the office line and the body that satisfies predicate."""
    start = max(0, min(line.first, title_at) - 8)
    for element in page.elements[start:body_at]:
        text = page.text(element)
        if text and len(text) <= 40 and predicate(text):
            if not any(isinstance(c.tag, str) and predicate(page.text(c)) for c in element):
                return text
    return ""


def is_translated_mark(text: str) -> bool:
    return name_key(text.strip("()[] ")) in _TRANSLATED_WORDS


def _categories(page: _Page, container, body: list) -> list[str]:
    names: list[str] = []
    for link in container.iter("a"):
        if any(_holds(page, block, link) for block in body):
            continue
        rel = (link.get("rel") or "").lower()
        parent = link.getparent()
        label = name_key(page.text(parent)) if parent is not None else ""
        labelled = any(label.startswith(name_key(word)) for word in _CATEGORY_LABELS)
        if ("tag" in rel or "category" in rel or labelled) and page.text(link):
            if page.text(link) not in names:
                names.append(page.text(link))
    return names


def _common_ancestor(elements: list):
    chains = [[el, *el.iterancestors()] for el in elements]
    shared = set(chains[0]).intersection(*map(set, chains[1:]))
    return next(el for el in chains[0] if el in shared)


def parse_html(content: bytes, *, base_url: str | None = None) -> html.HtmlElement:
    """Parse a page; PageProblem if it is empty, binary or cut short."""
    if not content.strip():
        raise PageProblem("the file is empty")
    if b"\x00" in content[:8192]:
        raise PageProblem("not an HTML page (the file holds binary data)")
    head = content[:4096].lower()
    if b"<html" in head and b"</html" not in content[-4096:].lower():
        raise PageProblem("the file is truncated: it ends before </html>")
    # Valid UTF-8 is read as UTF-8 even when the page forgot to say so (lxml would guess
    # Latin-1); anything else is decoded as the page's <meta charset> says (windows-1256…).
    try:
        content.decode("utf-8")
        parser = html.HTMLParser(encoding="utf-8")
    except UnicodeDecodeError:
        parser = None
    try:
        root = html.document_fromstring(content, parser=parser, base_url=base_url)
    except (etree.ParserError, ValueError) as error:
        raise PageProblem(f"not a readable HTML page ({error})") from error
    etree.strip_elements(root, *_DROPPED_TAGS, etree.Comment, with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")  # so that text read across a line break keeps a space
    return root


def read_page(content: bytes, *, source: str) -> FoundRelease:
    """Find the release in a saved page; NoRelease or PageProblem says why there is none."""
    root = parse_html(content)
    return read_release(root, source=source)


def read_release(
    root: html.HtmlElement,
    *,
    source: str,
    title: str | None = None,
    language: str | None = None,
    fallback_date: date | None = None,
) -> FoundRelease:
    """Read the release in a parsed page (or a WordPress post's content).

    `title`, `language` and `fallback_date` come from a post's own fields; a saved page
    must carry its date line and title itself.
    """
    emails, lost = recover_emails(root)
    page = _Page(root)
    line = _date_line(page)
    if line is None and fallback_date is None:
        if any(dates.find_hijri(page.text(el), marked_only=False) for el in page.minimal(bool)):
            raise NoRelease(
                "no release on this page: a Hijri date, but no Gregorian date beside it"
            )
        raise NoRelease("no release on this page: no date line (H. … No: … M. …) was found")

    heading = None
    if line is not None:
        heading = _title(page, line) if title is None else None
        if title is None and heading is None:
            raise NoRelease("no release on this page: a date line, but no title near it")
    title_text = title if title is not None else page.text(heading)
    title_at = page.index[heading] if heading is not None else (line.first if line else 0)
    line_last = line.last if line else -1
    after = max(line_last, page.last_index(heading) if heading is not None else -1)
    skip = (line.parts if line else []) + ([heading] if heading is not None else [])
    body = _body(page, after, skip)
    if not body and line is not None and title is None:
        raise NoRelease("no release on this page: a date line and a title, but no body")

    # A kind or "(Translated)" printed as a paragraph of its own is not part of the body.
    while (
        body
        and len(page.text(body[0])) <= 40
        and (kind_of(page.text(body[0])) or is_translated_mark(page.text(body[0])))
    ):
        body.pop(0)
    signature = _signature(page, body)
    found = FoundRelease(
        source=source,
        title=title_text,
        body_html=sanitise("".join(html.tostring(block, encoding="unicode") for block in body)),
        language="",
        gregorian=line.gregorian.date if line else fallback_date,
        written_hijri=line.hijri if line else None,
        number=line.number if line else None,
        signature=signature,
        emails=emails,
        lost_emails=lost,
    )
    if line is not None:
        body_at = page.index[body[0]] if body else line_last + 1
        found.office_name = _office_line(page, line, title_at)
        found.kind_name = _near(page, line, title_at, body_at, lambda t: kind_of(t) is not None)
        found.translated = bool(_near(page, line, title_at, body_at, is_translated_mark))
        anchors = [*line.parts, *([heading] if heading is not None else []), *body[:1]]
        found.categories = _categories(page, _common_ancestor(anchors), body)
    if not found.office_name:
        found.office_name = office_from_signature(signature)
    found.language = language or _language(page, line, heading, title_text)
    return found


def _language(page: _Page, line: _DateLine | None, heading, title: str) -> str:
    """The page's language: the Gregorian month's, else the nearest lang attribute, else the
    script of the title, else the site's default."""
    enabled = {code for code, _name in settings.LANGUAGES}
    if line is not None and len(line.gregorian.languages & enabled) == 1:
        return next(iter(line.gregorian.languages & enabled))
    element = heading if heading is not None else page.root
    for candidate in (element, *element.iterancestors()):
        if code := language_code(candidate.get("lang")):
            return code
    return _script_language(title) or settings.LANGUAGE_CODE
