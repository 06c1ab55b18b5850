"""Validators of addresses that staff type and readers follow (menus, links)."""

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_menu_address(value: str) -> None:
    """A path on this site (`/en/offices/`) or a full http(s) address with a host.

    Refuses what a browser would take to another site while it looks local: `//evil.example`
    and `/\\evil.example` (browsers read a backslash as a slash), and any space or control
    character (browsers drop tabs and newlines, so `/\\t/evil.example` is `//evil.example`).
    """
    if any(char.isspace() or unicodedata.category(char)[0] == "C" for char in value):
        raise ValidationError(
            _("An address cannot contain spaces or control characters."), code="characters"
        )
    if "\\" in value:
        raise ValidationError(_("An address cannot contain a backslash (\\)."), code="backslash")
    if value.startswith("/"):
        if value.startswith("//"):
            raise ValidationError(
                _("A path on this site starts with a single /, like /en/offices/."),
                code="open_redirect",
            )
        return
    try:
        parts = urlsplit(value)
    except ValueError as error:
        raise ValidationError(_("This address is not valid."), code="invalid") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            _("Use a path starting with / or a full http(s):// address."), code="scheme"
        )
