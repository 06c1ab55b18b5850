"""Querysets built and compiled once per connection, then run with each call's values.

Building a queryset and compiling it to SQL is most of what a page's one query costs in
Django: a release page's query (its text, with its translations, categories, corrections,
pictures, documents and neighbours as JSON columns) took about 5 ms to build and compile,
and well under one to run. A `Prepared` query is built once with a `Slot` wherever a call's
value goes (the release, the language, the time now), compiled once per database connection,
and then only run: the slots' values are adapted by their fields, as the ORM would have done,
and the rows become model instances as the queryset would have made them (its
`select_related` and annotations included). On PostgreSQL the statement is prepared on the
server as well, so that it is planned once per connection (`_cursor`).

    page_text = Prepared(
        lambda release, language: Text.objects.filter(release_id=release, language=language),
        release=models.IntegerField(),
        language=models.CharField(),
    )
    texts = page_text(release=7, language="en")

Only what the ORM compiles the same whatever the value may be a slot: a value compared or
assigned, not a list for `__in` (its length is in the SQL) nor None (`IS NULL`).
"""

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import connections, router
from django.db.models import Expression, Field, Model, QuerySet
from django.db.models.query import get_related_populators


class Slot(Expression):
    """A placeholder for one call's value of a prepared query (one SQL parameter)."""

    def __init__(self, name: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        # The slot itself stands in the parameters; `Prepared` puts the call's value there.
        return "%s", [self]


@dataclass(frozen=True)
class _Compiled:
    compiler: object
    sql: str
    params: tuple
    init_list: list[str]
    fields: slice
    populators: list
    annotations: dict[str, int]
    converters: dict
    composite: list | None


def _cursor(connection):
    """A cursor for a prepared query. On PostgreSQL (psycopg 3) one that binds its values on
    the server, so that psycopg prepares a statement run again and again on a connection
    (after its first `prepare_threshold` runs, 5 here) and PostgreSQL plans it once: a
    release page's query took 1.5 ms to plan and 0.6 ms to run. Django's own cursors bind
    on the client, where nothing is prepared. Through Django's cursor wrapper all the same,
    so that its query log, its wrappers and its error translation see the query."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        try:
            import psycopg
        except ImportError:  # psycopg2: Django's own cursor
            return connection.cursor()
        if isinstance(connection.connection, psycopg.Connection):
            cursor = psycopg.Cursor(connection.connection)
            if _utc_session(connection):
                cursor.adapters.register_loader("timestamptz", _timestamptz_loader())
            return connection._prepare_cursor(cursor)
    return connection.cursor()


def _utc_session(connection) -> bool:
    return settings.USE_TZ and connection.timezone_name == "UTC"


def _timestamptz_loader():
    """psycopg's own loader of `timestamp with time zone`, compiled, where Django's is Python
    (it parses each value, then sets the connection's zone): a sixth of the page's query. In a
    UTC session, which is Django's with USE_TZ and no database TIME_ZONE, both give the same
    datetimes, in `datetime.UTC`."""
    from psycopg.types.datetime import TimestamptzLoader

    return TimestamptzLoader


class Prepared:
    """A queryset `build(**slots)`, compiled once per connection and run with each call's values."""

    def __init__(self, build: Callable[..., QuerySet], **slots: Field):
        self.build = build
        self.slots = slots
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def forget(self) -> None:
        """Compile again at the next call (what the build reads has changed)."""
        self._compiled = weakref.WeakKeyDictionary()

    def queryset(self) -> QuerySet:
        """The queryset with its slots (for tests and for reading its SQL)."""
        return self.build(**{name: Slot(name, field) for name, field in self.slots.items()})

    def _compile(self, connection) -> _Compiled:
        queryset = self.queryset()
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        # As ModelIterable reads a compiled query's columns.
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(
            compiler=compiler,
            sql=sql,
            params=tuple(params),
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            fields=slice(start, end),
            populators=get_related_populators(klass_info, compiler.select, connection.alias),
            annotations=dict(compiler.annotation_col_map),
            # What results_iter() would work out again at every run.
            converters=compiler.get_converters(columns),
            composite=columns if compiler.has_composite_fields(columns) else None,
        )

    def __call__(self, **values) -> list[Model]:
        if values.keys() != self.slots.keys():
            raise TypeError(f"a prepared query takes {sorted(self.slots)}, not {sorted(values)}")
        model = self.queryset_model
        connection = connections[router.db_for_read(model)]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(connection)
        params = [
            param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Slot)
            else param
            for param in compiled.params
        ]
        with _cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        if compiled.composite is not None:
            rows = compiled.compiler.composite_fields_to_tuples(rows, compiled.composite)
        found = []
        for row in rows:
            instance = model.from_db(connection.alias, compiled.init_list, row[compiled.fields])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    @cached_property
    def queryset_model(self) -> type[Model]:
        return self.queryset().model
