"""URL converters that only match what the database can hold, so a huge number is a 404."""

from django.urls import register_converter
from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    """A primary key: up to 18 digits (any 64-bit integer key), never an overflow."""

    regex = "[0-9]{1,18}"


class HijriYearConverter(IntConverter):
    regex = "[0-9]{1,4}"


register_converter(IdConverter, "id")
register_converter(HijriYearConverter, "hyear")
