"""URL converters that only match what the database can hold, so a huge number is a 404."""

from django.urls import register_converter
from django.urls.converters import IntConverter

from communique.newsroom.archives import is_archive_year


class IdConverter(IntConverter):
    """A primary key: up to 18 digits (any 64-bit integer key), never an overflow."""

    regex = "[0-9]{1,18}"


class ArchiveYearConverter(IntConverter):
    """A Hijri year 1343–1500 or a Gregorian year 1924–2077; any other year is no address."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not is_archive_year(year):
            raise ValueError(f"{year} is outside the archives' years")
        return year


register_converter(IdConverter, "id")
register_converter(ArchiveYearConverter, "year")
