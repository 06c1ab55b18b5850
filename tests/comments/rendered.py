"""Reading pages back as a browser would: which elements exist, and what text readers see."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
SAFE_URL_STARTS = ("/", "#", "http://", "https://", "mailto:", "tel:")
#: Script types browsers never run: data for the header's clock, JSON-LD for crawlers.
DATA_BLOCKS = ("application/json", "application/ld+json")


@dataclass
class RenderedComment:
    name: str = ""
    website: str | None = None
    body: str = ""
    reply: str = ""


@dataclass
class Page(HTMLParser):
    """The elements of a page and the comments, inputs and text areas it shows."""

    elements: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    inputs: dict = field(default_factory=dict)
    textareas: dict = field(default_factory=dict)
    script_text: str = ""

    def __post_init__(self):
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, str | None]] = []

    @classmethod
    def of(cls, response) -> "Page":
        page = cls()
        page.feed(response.content.decode())
        page.close()
        return page

    @property
    def _role(self) -> str | None:
        return next((role for _tag, role in reversed(self._stack) if role), None)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        classes = (attributes.get("class") or "").split()
        role = None
        if tag == "li" and "comment" in classes:
            self.comments.append(RenderedComment())
            role = "comment"
        elif "comment__name" in classes:
            role = "name"
        elif "comment__reply" in classes:
            role = "reply-box"
        elif "comment__body" in classes:
            role = "reply" if self._role == "reply-box" else "body"
        elif tag == "textarea":
            role = f"textarea:{attributes.get('name')}"
            self.textareas[attributes.get("name")] = ""
        elif tag == "script":
            role = "script"
        current = role or self._role
        if tag == "input":
            self.inputs[attributes.get("name")] = attributes.get("value") or ""
        if tag == "a" and current == "name":
            self.comments[-1].website = attributes.get("href")
        if tag == "p" and current in ("body", "reply"):
            self._append(current, "\n\n" if getattr(self.comments[-1], current) else "")
            role = f"{current}-p"
        if tag == "br" and current and current.endswith("-p"):
            self._append(current[:-2], "\n")
        if tag not in VOID:
            self._stack.append((tag, role))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data):
        role = self._role
        if role == "name":
            self.comments[-1].name += data
        elif role in ("body-p", "reply-p"):
            self._append(role[:-2], data)
        elif role and role.startswith("textarea:"):
            self.textareas[role[9:]] += data
        elif role == "script":
            self.script_text += data

    def _append(self, part: str, data: str) -> None:
        comment = self.comments[-1]
        setattr(comment, part, getattr(comment, part) + data)

    def textarea(self, name: str) -> str:
        # A browser drops the one line break that follows <textarea>.
        value = self.textareas[name]
        return value[1:] if value.startswith("\n") else value

    def tags(self) -> set[str]:
        return {tag for tag, _attributes in self.elements}

    def count(self, tag: str) -> int:
        return sum(1 for name, _attributes in self.elements if name == tag)


def assert_inert(page: Page, baseline: Page, *, allowed_tags: set[str] = frozenset()) -> None:
    """Nothing on the page can run script or load anything the site did not put there.

    `baseline` is the same kind of page with ordinary content.
    """
    allowed = baseline.tags() | allowed_tags
    assert page.tags() <= allowed, page.tags() - allowed
    for tag in ("script", "form", "link", "meta", "iframe", "style", "base", "svg", "img"):
        assert page.count(tag) == baseline.count(tag), tag
    assert page.script_text.strip() == baseline.script_text.strip()
    for tag, attributes in page.elements:
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name not in ("style", "srcdoc", "http-equiv"), (tag, name, value)
            if name in URL_ATTRIBUTES and value:
                assert value.strip().lower().startswith(SAFE_URL_STARTS), (tag, name, value)
        if tag == "script" and attributes.get("type") not in DATA_BLOCKS:
            # Executable scripts come from our static files; a JSON data block never runs,
            # and its text is checked against the baseline above.
            assert attributes.get("src", "").startswith("/static/"), attributes
