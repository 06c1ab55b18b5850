"""A page's related lists as columns of its one row: fewer queries, whatever their length.

`JSONRows(queryset, "pk", "title")` is a correlated subquery that returns the queryset's rows
as one JSON array (SQLite's `json_group_array`, PostgreSQL's `json_agg`); `instances()` turns
that column back into model instances, as `.only()` would have given them. A release page
thereby reads its translations, categories, corrections, pictures, documents and neighbours
in the same query as its text.

Only the model's own columns, and no order: the caller sorts (Django drops a subquery's
ordering unless it is sliced).
"""

import datetime
import json
from functools import lru_cache, partial

from django.db import models
from django.db.models import Subquery
from django.utils import timezone


def _field(model, name: str):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


class JSONRows(Subquery):
    """The rows of a correlated queryset, `fields` of each, as one JSON array (text)."""

    def __init__(self, queryset, *fields: str):
        self.fields = fields
        self.columns = [(name, _field(queryset.model, name)) for name in fields]
        super().__init__(queryset.values(*fields), output_field=models.TextField())

    def as_sql(self, compiler, connection, template=None, **extra_context):
        # Names and columns are the model's own (never input), so they are written in.
        quote = connection.ops.quote_name
        postgres = connection.vendor == "postgresql"
        pairs = []
        for name, field in self.columns:
            column = f"_rows.{quote(name)}"  # values() names each column after its field
            if not postgres and isinstance(field, models.JSONField):
                column = f"json({column})"  # JSON is text to SQLite: embed it, not its string
            pairs.append(f"'{name}', {column}")
        if postgres:
            rows = "COALESCE(json_agg(json_build_object({})), '[]')::text"
        else:
            rows = "json_group_array(json_object({}))"
        template = "(SELECT " + rows.format(", ".join(pairs)) + " FROM (%(subquery)s) _rows)"  # noqa: S608  # nosec B608
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _moment(field, value) -> datetime.datetime:
    moment = field.to_python(value)
    if timezone.is_naive(moment):  # SQLite keeps UTC without its zone
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def _converter(field):
    """What turns a field's JSON value into the model's (None stays None)."""
    if isinstance(field, models.DateTimeField):
        return partial(_moment, field)
    if isinstance(field, models.JSONField):
        return None
    return field.to_python


@lru_cache(maxsize=128)
def _reading(model, fields: tuple[str, ...]) -> tuple[list[str], list[tuple[str, object]]]:
    """The attribute names `from_db()` takes (in the model's order of fields), and for each
    the JSON key and converter of its value: worked out once per model and fields."""
    named = {_field(model, name).attname: (name, _field(model, name)) for name in fields}
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in named]
    return attnames, [(named[a][0], _converter(named[a][1])) for a in attnames]


def instances(model, column, fields: tuple[str, ...]) -> list:
    """The instances a `JSONRows(…, *fields)` column holds."""
    rows = json.loads(column) if isinstance(column, str) else (column or [])
    attnames, reading = _reading(model, tuple(fields))
    return [
        model.from_db(
            "default",
            attnames,
            [
                value if convert is None or value is None else convert(value)
                for key, convert in reading
                for value in (row[key],)
            ],
        )
        for row in rows
    ]


def prefetched(instance, relation: str, objects: list) -> None:
    """Hand `objects` to `instance.<relation>.all()`, as prefetch_related would."""
    queryset = getattr(instance, relation).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    cache_name = instance._meta.get_field(relation).cache_name
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset
