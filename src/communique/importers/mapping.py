"""The mapping file (`--map FILE`): which office, category and kind an old site's names mean.

TOML, every section optional (see docs/importing.md):

    default_office = "central"        # for pages that name no office

    [offices]                         # name as the old site printed it = office slug
    "Uzbekistan" = "uzbekistan"
    "Центральный офис" = "central"

    [categories]                      # name as printed = category slug
    "Water" = "water"

    [kinds]                           # kind as printed = press-release, statement, news, …
    "Новости" = "news"

Names are matched without regard to case, accents or apostrophes. A slug that does not
exist yet is created, with the name the page printed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from communique.calendar.names import name_key
from communique.newsroom.models import Release

SECTIONS = ("default_office", "offices", "categories", "kinds")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the entry."""


@dataclass
class Mapping:
    default_office: str = ""
    offices: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def office(self, name: str) -> str | None:
        return self.offices.get(name_key(name))

    def category(self, name: str) -> str | None:
        return self.categories.get(name_key(name))

    def kind(self, name: str) -> str | None:
        return self.kinds.get(name_key(name))


def load_mapping(path: Path | None) -> Mapping:
    """Read a mapping file; MappingError with the reason if it is not one."""
    if path is None:
        return Mapping()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"cannot read the mapping file {path}: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MappingError(f"the mapping file {path} is not valid TOML: {error}") from error
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise MappingError(
            f"the mapping file {path} has unknown entries {', '.join(sorted(unknown))}; "
            f"expected {', '.join(SECTIONS)}"
        )
    mapping = Mapping(default_office=str(data.get("default_office", "")))
    kinds = set(Release.Kind.values)
    for section in ("offices", "categories", "kinds"):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise MappingError(f'[{section}] in {path} must be a table of "name" = "slug"')
        for name, value in table.items():
            if not isinstance(value, str) or not value:
                raise MappingError(f"[{section}] {name!r} in {path}: the value must be a text")
            if section == "kinds" and value not in kinds:
                raise MappingError(
                    f"[kinds] {name!r} in {path}: unknown kind {value!r}; "
                    f"expected one of {', '.join(sorted(kinds))}"
                )
            if section != "kinds" and slugify(value) != value:
                raise MappingError(
                    f"[{section}] {name!r} in {path}: {value!r} is not a slug "
                    f"(lower-case letters, digits and hyphens, e.g. {slugify(value)!r})"
                )
            getattr(mapping, section)[name_key(name)] = value
    if mapping.default_office and slugify(mapping.default_office) != mapping.default_office:
        raise MappingError(f"default_office in {path}: {mapping.default_office!r} is not a slug")
    return mapping
