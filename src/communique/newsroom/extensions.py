"""The one way another app adds to the public pages and to the demo.

Newsroom's templates name *slots*, never another app's templates::

    {{ page_sections("release_end", text=text) }}

An app that adds a part to a page subclasses `PageSection`, sets `slot` and
`template_name`, overrides `get_context()` and registers an instance in its
`AppConfig.ready()` with `register()`, the way a Django `Feed` is customised by overriding
methods; `communique/comments/sections.py` is the example to copy.

The section's template sees the page's whole context plus what `get_context()` returned.
Sections render in the order they were registered (the order of INSTALLED_APPS).

A section that needs data of its own on a release page asks for it in the page's one query
rather than in queries of its own: `register_release_column(name, build)` in `ready()`,
where `build()` returns an expression over the text's row (`OuterRef("pk")` is the text,
`OuterRef("release_id")` its release; `newsroom.json_rows.JSONRows` makes a list one
column). The release page's text then carries it as an attribute; the comments app's
approved comments and whether its comments are closed come this way.

An app that adds demo content connects to `demo_loaded`, which `communique demo` sends
after the newsroom's own content is in place.
"""

from typing import Any

import django.dispatch
from jinja2 import pass_context
from jinja2.runtime import Context, Undefined
from markupsafe import Markup

#: Where a section may go, and what each slot's page passes to `get_context()`.
SLOTS: dict[str, str] = {
    "head": "inside every page's <head> (request; text on release pages, office, category)",
    "header": "in every page's header, after the language switcher (request)",
    "release_tools": "under a release's date line, for links to its other forms (text)",
    "release_end": "after a release's article: comments and the like (text)",
    "list_end": "after the list of the home, office, category or archive page (office, category)",
}


class PageSection:
    """A part an app adds to one slot of the public pages."""

    slot: str = ""
    template_name: str = ""
    #: Query parameters the section reads: the page cache keys the page on them too.
    query_parameters: tuple[str, ...] = ()

    def get_context(self, request, **page) -> dict[str, Any] | None:
        """What the template needs on this page, or None to add nothing here."""
        return {}

    def render(self, context: Context, request, page: dict[str, Any]) -> Markup:
        extra = self.get_context(request, **page)
        if extra is None:
            return Markup("")
        template = context.environment.get_template(self.template_name)
        # As an {% include %} renders: in the page's context (its globals are in it already),
        # autoescaped like every public template; an error is reported by the page's render.
        variables = {**context.get_all(), **page, **extra}
        rendered = "".join(template.root_render_func(template.new_context(variables, shared=True)))
        return Markup(rendered)  # noqa: S704  # nosec B704  # autoescaped above


_sections: dict[str, list[PageSection]] = {slot: [] for slot in SLOTS}


def register(section: PageSection) -> PageSection:
    """Add a section to its slot; registering the same class twice keeps one."""
    if section.slot not in SLOTS:
        raise ValueError(f"Unknown page slot {section.slot!r}; the slots are {', '.join(SLOTS)}.")
    slot = _sections[section.slot]
    slot[:] = [existing for existing in slot if type(existing) is not type(section)]
    slot.append(section)
    return section


def unregister(section_class: type[PageSection]) -> None:
    """Take a section out of its slot (a site that does not want what an app adds)."""
    slot = _sections[section_class.slot]
    slot[:] = [existing for existing in slot if type(existing) is not section_class]


def sections(slot: str) -> list[PageSection]:
    return list(_sections[slot])


def query_parameters() -> frozenset[str]:
    """Every query parameter a registered section reads."""
    return frozenset(
        name for slot in _sections.values() for section in slot for name in section.query_parameters
    )


@pass_context
def page_sections(context: Context, slot: str, **page) -> Markup:
    """Render every section registered for `slot` (a Jinja global of the public templates)."""
    request = context.get("request")
    # A page passes what it has; names a page does not define arrive as Undefined.
    page = {name: value for name, value in page.items() if not isinstance(value, Undefined)}
    return Markup("").join(section.render(context, request, page) for section in _sections[slot])


#: Columns other apps add to the release page's one query (`register_release_column`).
RELEASE_COLUMNS: dict[str, Any] = {}


def register_release_column(name: str, build) -> None:
    """Add a column to the release page's query: the page's text has it as `name`.

    In `AppConfig.ready()`: the query is compiled once per connection (compiled before, it
    is compiled again).
    """
    from communique.newsroom import selectors

    if name in RELEASE_COLUMNS and RELEASE_COLUMNS[name] is not build:
        raise ValueError(f"A release page column {name!r} is registered already.")
    RELEASE_COLUMNS[name] = build
    selectors.PAGE_TEXT.forget()


def unregister_release_column(name: str) -> None:
    """Take a column out of the release page's query again (for tests)."""
    from communique.newsroom import selectors

    RELEASE_COLUMNS.pop(name, None)
    selectors.PAGE_TEXT.forget()


#: Sent by `communique demo` once the newsroom's demo content exists; receivers add their own.
#: Arguments: `progress`, a function that prints one line of progress; the sender is None.
demo_loaded = django.dispatch.Signal()
