"""Release numbers: how an office's number format is checked and applied."""

import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The fields a number format may use, with the sample values used to check a format.
NUMBER_FIELDS = {"hyear": 1445, "hyear2": 45, "seq": 3, "gyear": 2023}
DEFAULT_NUMBER_FORMAT = "{hyear} / {seq:02}"
#: The longest number a release can carry (the column's length).
NUMBER_MAX_LENGTH = 64
#: The widest values a number can be made of: the calendar ends in 1500 AH (four digits), and
#: an office gives fewer than 100,000 numbers a year.
WIDEST_FIELDS = {"hyear": 9999, "hyear2": 99, "seq": 99999, "gyear": 9999}
_WIDTH = re.compile(r"\d+")


def format_number(number_format: str, *, hyear: int, seq: int, gyear: int) -> str:
    """`{hyear} / {seq:02}` with hyear=1445, seq=3 -> `1445 / 03`."""
    return number_format.format(hyear=hyear, hyear2=hyear % 100, seq=seq, gyear=gyear)


def validate_number_format(value: str) -> None:
    """Refuse a format that cannot tell two releases apart or will not format."""
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError as error:
        raise ValidationError(
            _("The number format is not valid: %(error)s.") % {"error": error}, code="syntax"
        ) from error
    fields = {name for _text, name, _spec, _conv in parsed if name is not None}
    unknown = fields - NUMBER_FIELDS.keys()
    if unknown:
        raise ValidationError(
            _(
                "Unknown field %(fields)s in the number format; "
                "use {hyear}, {hyear2}, {seq} or {gyear}."
            )
            % {"fields": ", ".join(f"{{{name}}}" for name in sorted(unknown))},
            code="unknown_field",
        )
    if "seq" not in fields:
        raise ValidationError(
            _(
                "The number format must contain {seq}, the release's place in the year, "
                "for example “{hyear} / {seq:02}”."
            ),
            code="no_seq",
        )
    # A width such as {seq:0999999999} would build a huge string before its length is known.
    if any(
        int(width) > NUMBER_MAX_LENGTH
        for _text, _name, spec, _conv in parsed
        for width in _WIDTH.findall(spec or "")
    ):
        raise ValidationError(_too_long(NUMBER_MAX_LENGTH + 1), code="too_long")
    try:
        format_number(value, hyear=1445, seq=3, gyear=2023)
        widest = value.format(**WIDEST_FIELDS)
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise ValidationError(
            _("The number format is not valid: %(error)s.") % {"error": error}, code="format"
        ) from error
    if len(widest) > NUMBER_MAX_LENGTH:
        raise ValidationError(_too_long(len(widest)), code="too_long")


def _too_long(length: int) -> str:
    return _(
        "With the largest numbers this format gives %(length)d characters; a number has at "
        "most %(max)d. Shorten it."
    ) % {"length": length, "max": NUMBER_MAX_LENGTH}
