"""Release numbers: how an office's number format is checked and applied."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The fields a number format may use, with the sample values used to check a format.
NUMBER_FIELDS = {"hyear": 1445, "hyear2": 45, "seq": 3, "gyear": 2023}
DEFAULT_NUMBER_FORMAT = "{hyear} / {seq:02}"


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
    try:
        format_number(value, hyear=1445, seq=3, gyear=2023)
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise ValidationError(
            _("The number format is not valid: %(error)s.") % {"error": error}, code="format"
        ) from error
