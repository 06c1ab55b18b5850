"""Opaque, signed cursors for keyset pagination: a page starts after the last row seen, so
rows published meanwhile never shift a page, and a forged cursor is refused, not obeyed."""

import datetime

from django.core import signing
from django.utils.translation import gettext as _

SALT = "communique.api.cursor"


class BadCursor(ValueError):
    pass


def encode(listing: str, key: list) -> str:
    return signing.dumps([listing, *key], salt=SALT, compress=True)


def decode(listing: str, cursor: str) -> list:
    """The position a cursor stands for, or BadCursor."""
    try:
        value = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor(_("This cursor was not given out by this API.")) from error
    if not isinstance(value, list) or len(value) != 3 or value[0] != listing:
        raise BadCursor(_("This cursor belongs to another list."))
    return value[1:]


def parse_datetime(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


def parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
