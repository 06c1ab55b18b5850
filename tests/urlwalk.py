"""Every URL pattern of the site, walked from the URL configuration, as addresses to request.

A test fills each pattern's parameters with values of its choice (ids of another office's
drafts, traversal strings, ...), so that a pattern added later is tried without anyone
remembering to list it.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern, its pieces from the root: literal text and named parameters."""

    pieces: tuple[tuple[str, str], ...]  # ("text", "admin/") or ("parameter", "object_id")
    name: str  # "admin:newsroom_text_change", or the view's dotted path when unnamed
    alternatives: dict  # parameter -> the values a regex alternation allows, if it is one

    @property
    def parameters(self) -> list[str]:
        return [value for kind, value in self.pieces if kind == "parameter"]

    def address(self, values: dict[str, str], default: str = "1") -> str:
        return "/" + "".join(
            value if kind == "text" else values.get(value, default) for kind, value in self.pieces
        )

    def __str__(self):
        return self.address({name: f"<{name}>" for name in self.parameters})


def _pieces_of(pattern, language: str) -> tuple[list[tuple[str, str]], dict]:
    if isinstance(pattern, LocalePrefixPattern):
        return [("text", f"{language}/")], {}
    if isinstance(pattern, RoutePattern):
        route, pieces, position = str(pattern), [], 0
        for match in _ROUTE_PARAMETER.finditer(route):
            pieces.append(("text", route[position : match.start()]))
            pieces.append(("parameter", match["name"]))
            position = match.end()
        pieces.append(("text", route[position:]))
        return pieces, {}
    assert isinstance(pattern, RegexPattern), pattern
    return _regex_pieces(str(pattern))


def _regex_pieces(regex: str) -> tuple[list[tuple[str, str]], dict]:
    """`^(?P<app_label>newsroom|editorial)/$` -> text and parameter pieces (simple regexes)."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    pieces, alternatives, position = [], {}, 0
    while (start := regex.find("(?P<", position)) != -1:
        pieces.append(("text", regex[position:start]))
        name_end = regex.index(">", start)
        name, depth, end = regex[start + 4 : name_end], 1, name_end + 1
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[end], 0)
            end += 1
        body = regex[name_end + 1 : end - 1]
        if re.fullmatch(r"[\w|-]+", body):
            alternatives[name] = body.split("|")
        pieces.append(("parameter", name))
        position = end
    pieces.append(("text", regex[position:]))
    return [(kind, value.replace("\\", "")) for kind, value in pieces], alternatives


def routes(language: str = "en") -> list[Route]:
    """Every URL pattern of the site (those under /<lang>/ with `language`)."""
    found: list[Route] = []

    def walk(patterns, prefix, alternatives, namespace):
        for entry in patterns:
            pieces, more = _pieces_of(entry.pattern, language)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + pieces, alternatives | more, inner)
            else:
                assert isinstance(entry, URLPattern)
                name = f"{namespace}{entry.name}" if entry.name else entry.lookup_str
                found.append(Route(tuple(prefix + pieces), name, alternatives | more))

    walk(get_resolver().url_patterns, [], {}, "")
    return found
