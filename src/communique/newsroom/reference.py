"""What every public page shows and staff change rarely, kept by each process.

The organisation, the offices (with their parents and calendars), the categories tree and
the menus are read by almost every page and written a few times a year. Each serving process
keeps one copy (`Reference`) and reads it again only when the reference version has moved:

- A write of one of those models marks this process's copy stale at once (so the writer's
  next page shows it, inside its transaction too), and once the transaction commits raises
  the version (`ReferenceVersion`, one row in the database) and copies it into the cache.
- Each request asks the cache for the version once (`scope()`, opened by the middleware);
  a number other than the copy's means another process wrote: the copy is read again.
- The cache is an accelerator here too. When it does not answer, the version is read from the
  database (one small query per request, never stale). The cache's copy expires after
  `VERSION_SECONDS`, so a version that could not be stored while the cache was away (and that
  a process which never noticed the outage would otherwise trust) is corrected within that.

Objects in the copy are shared by every request of the process: pages read them, nothing
saves them.
"""

import contextvars
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from communique import cache as resilient_cache
from communique.newsroom.page_cache import PageQuerySet

VERSION_KEY = "communique:reference:version"
#: How long the cache's copy of the version is trusted before the database is asked again.
VERSION_SECONDS = 30


@dataclass
class Reference:
    """One consistent reading of the reference data."""

    version: int
    organisation: object
    offices: dict = field(default_factory=dict)  # id -> Office, with parent and calendar
    offices_by_slug: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)  # id -> Category, in the tree's order
    categories_by_slug: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)  # category id (None: roots) -> child ids
    menus: dict = field(default_factory=dict)  # "main" -> [MenuItem, ...]

    def office_list(self) -> list:
        """Every office in its order (position, slug)."""
        return list(self.offices.values())

    def category_descendant_ids(self, category_id: int) -> list[int]:
        """The category and every category below it."""
        found, stack = [], [category_id]
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(self.children.get(pk, []))
        return found


class _Process:
    lock = threading.Lock()
    copy: Reference | None = None
    stale = True  # a write of this process, or nothing read yet
    recoveries_seen = 0


_process = _Process()
#: The copy checked for the current request (see `scope()`), or None outside one.
_checked: contextvars.ContextVar = contextvars.ContextVar("reference_checked", default=None)


def current() -> Reference:
    """The reference data, as fresh as the version says (checked once per request)."""
    checked = _checked.get()
    if checked is not None and checked[0] is not None and not _process.stale:
        return checked[0]
    copy = _fresh()
    if checked is not None:
        checked[0] = copy
    return copy


class scope:
    """Within it, `current()` asks for the version once (the middleware opens one a request)."""

    def __enter__(self):
        self.token = _checked.set([None])
        return self

    def __exit__(self, *exc):
        _checked.reset(self.token)


def _fresh() -> Reference:
    copy = _process.copy
    number = _version()
    if copy is not None and not _process.stale and copy.version == number:
        return copy
    with _process.lock:
        _process.stale = False  # a write from here on marks the new copy stale again
        copy = load(number)
        _process.copy = copy
    return copy


def _version() -> int:
    """The version, from the cache where it answers, else from the database."""
    if _process.recoveries_seen != resilient_cache.health.recovered:
        # The cache was away: a bump made meanwhile may be missing from it.
        _process.recoveries_seen = resilient_cache.health.recovered
        return _sync()
    number = cache.get(VERSION_KEY)
    if number is None:
        return _sync()
    return number


def _sync() -> int:
    number = stored_version()
    cache.set(VERSION_KEY, number, timeout=VERSION_SECONDS)
    return number


def stored_version() -> int:
    """The version as the database has it (0 on a site where nothing was ever changed)."""
    from communique.newsroom.models import ReferenceVersion

    try:
        return ReferenceVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    except DatabaseError:  # before migrations, say: only this process's own writes count
        return -1


def load(version: int) -> Reference:
    """Read the reference data from the database (five queries)."""
    from communique.newsroom.models import Category, MenuItem, Office, Organisation

    offices = list(Office.objects.prefetch_related("month_overrides"))
    by_id = {office.pk: office for office in offices}
    for office in offices:
        # The parent from the same reading: no query, and one object per office.
        Office.parent.field.set_cached_value(office, by_id.get(office.parent_id))
        office.calendar  # noqa: B018 - built now, once, from the prefetched overrides
    categories = list(Category.objects.all())
    category_ids = {category.pk: category for category in categories}
    children: dict = {}
    for category in categories:
        Category.parent.field.set_cached_value(category, category_ids.get(category.parent_id))
        children.setdefault(category.parent_id, []).append(category.pk)
    menus: dict = {menu: [] for menu in MenuItem.Menu.values}
    for item in MenuItem.objects.all():
        MenuItem.office.field.set_cached_value(item, by_id.get(item.office_id))
        MenuItem.category.field.set_cached_value(item, category_ids.get(item.category_id))
        menus[item.menu].append(item)
    return Reference(
        version=version,
        organisation=Organisation.current(),
        offices=by_id,
        offices_by_slug={office.slug: office for office in offices},
        categories=category_ids,
        categories_by_slug={category.slug: category for category in categories},
        children=children,
        menus=menus,
    )


# --- writes --------------------------------------------------------------------------------


def changed(**kwargs) -> None:
    """Reference data changed: this process reads it again now, every process after commit."""
    _process.stale = True
    waiting = (
        getattr(connection, "reference_bump_waiting", False)
        and connection.in_atomic_block
        and any(func is _bump for _savepoints, func, _robust in connection.run_on_commit)
    )
    if waiting:
        return  # one bump per transaction, however many rows it writes
    connection.reference_bump_waiting = True
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    from communique.newsroom.models import ReferenceVersion

    connection.reference_bump_waiting = False
    _process.stale = True
    table = connection.ops.quote_name(ReferenceVersion._meta.db_table)
    now = time.time_ns() // 1000  # only ever grows, across a restored backup too
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, number) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"  # noqa: S608  # nosec B608 - a model's table name
        )
        cursor.execute(
            f"UPDATE {table} SET number = CASE WHEN number + 1 > %s THEN number + 1 ELSE %s END"  # noqa: S608  # nosec B608
            " WHERE id = 1",
            [now, now],
        )
    # Whatever the database holds now, simultaneous bumps included.
    cache.set(VERSION_KEY, stored_version(), timeout=VERSION_SECONDS)


class ReferenceQuerySet(PageQuerySet):
    """A queryset whose bulk writes (which send no signals) also change the reference data."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            changed()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            changed()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            changed()
        return count


def forget() -> None:
    """Drop this process's copy (tests: each starts from its own database)."""
    _process.copy = None
    _process.stale = True
    _process.recoveries_seen = resilient_cache.health.recovered


def connect() -> None:
    """Saves and deletes of the reference models (bulk writes: `ReferenceQuerySet`)."""
    from communique.newsroom.models import (
        Category,
        HijriMonthOverride,
        MenuItem,
        Office,
        Organisation,
    )

    for model in (Organisation, Office, HijriMonthOverride, Category, MenuItem):
        uid = f"reference:{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}:delete")
        for m2m in model._meta.local_many_to_many:
            m2m_changed.connect(changed, sender=m2m.remote_field.through, dispatch_uid=uid)
