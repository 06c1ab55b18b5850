"""Whole public pages kept in the cache for readers, all dropped at once by any newsroom write.

A press office writes a few times a day and is read all day, so a page is rendered once and
served from the cache (Redis in production) until something changes. Pages are filed under
the site's page generation, a number kept in the database (`PageGeneration`) and copied into
the cache, so that neither an eviction nor a cache that was down can bring an older page
back: a write bumps the database's number once its transaction commits, and the cache's copy
is brought in step then, or — if the cache was unavailable — as soon as it answers again (by
the process that noticed, and by the worker's every round). A write never waits on the cache
inside its transaction, and a cache that is down only means pages are rendered each time.

A page is keyed on its address and only the query parameters its view declares with
`@page_cache.query_parameters("page")`, so `?utm_source=...` or a random query string shares
the page's entry instead of costing a render. A view that declares nothing is keyed on its
whole (sorted) query string. Staff (who carry a session cookie) and anything but a plain 200
GET bypass the cache.
"""

import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import cc_delim_re, has_vary_header
from django.utils.translation import get_language

from communique import cache as resilient_cache
from communique.newsroom import extensions

logger = logging.getLogger(__name__)

VERSION_KEY = "communique:pages:version"
BYPASS_PREFIXES = ("/admin/", "/media/", "/static/")


class _Process:
    """What this process knows about the cache's copy of the generation."""

    behind = True  # sync at first use: the cache may hold a copy older than the database's
    recoveries_seen = 0


_process = _Process()


# --- the generation -----------------------------------------------------------------------


def generation() -> int:
    """The site's page generation as the database has it (0 on a site that never changed)."""
    from communique.newsroom.models import PageGeneration

    return PageGeneration.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _generation_bump() -> int:
    """Raise the database's generation, at least to the current time in microseconds.

    Time-based, so the number only grows even across a restored backup or a flushed table.
    """
    from communique.newsroom.models import PageGeneration

    table = connection.ops.quote_name(PageGeneration._meta.db_table)
    now = time.time_ns() // 1000
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, number) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"  # noqa: S608  # nosec B608 - a model's table name
        )
        cursor.execute(
            f"UPDATE {table} SET number = CASE WHEN number + 1 > %s THEN number + 1 ELSE %s END"  # noqa: S608  # nosec B608
            " WHERE id = 1 RETURNING number",
            [now, now],
        )
        return cursor.fetchone()[0]


def sync() -> int | None:
    """Bring the cache's copy of the generation in step with the database; None if unavailable."""
    current = generation()
    cached = cache.get(VERSION_KEY)
    if cached is None or cached < current:
        cache.set(VERSION_KEY, current, timeout=None)
    _process.recoveries_seen = resilient_cache.health.recovered
    _process.behind = not resilient_cache.available()
    return None if _process.behind else max(current, cached or 0)


def version() -> int | None:
    """The generation pages are filed under now, or None when the cache cannot be used."""
    if _process.behind or _process.recoveries_seen != resilient_cache.health.recovered:
        return sync()
    number = cache.get(VERSION_KEY)
    if number is None:
        # Evicted, expired or never set, or the cache is down: the database knows.
        return sync()
    return number


def stamp() -> int:
    """A number that moves on every change of what pages show (for ETags), cache or no cache."""
    number = version()
    return generation() if number is None else number


def _bump() -> None:
    connection.pages_bump_waiting = False
    number = _generation_bump()
    cache.set(VERSION_KEY, number, timeout=None)
    if not resilient_cache.available():
        _process.behind = True  # set again once the cache answers
        return
    # A simultaneous bump may have stored its smaller number after ours.
    if (latest := generation()) > number:
        cache.set(VERSION_KEY, latest, timeout=None)


def pages_changed(**kwargs) -> None:
    """Drop every cached page once the current transaction commits (at once outside one)."""
    waiting = (
        getattr(connection, "pages_bump_waiting", False)
        and connection.in_atomic_block
        and any(func is _bump for _savepoints, func, _robust in connection.run_on_commit)
    )
    if waiting:
        return  # one bump per transaction, however many rows it writes
    connection.pages_bump_waiting = True
    transaction.on_commit(_bump, robust=True)


def _model_changed(**kwargs) -> None:
    pages_changed()


def connect(app_config) -> None:
    """Any save or delete of this app's models changes pages."""
    for model in app_config.get_models():
        if getattr(model, "changes_pages", True) is False:
            continue
        uid = f"page_cache:{model._meta.label}"
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_model_changed, sender=through, dispatch_uid=f"{uid}:{field.name}")


class PageQuerySet(models.QuerySet):
    """A queryset whose bulk writes (which send no signals) also drop the cached pages."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            pages_changed()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            pages_changed()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            pages_changed()
        return count


# --- the middleware -------------------------------------------------------------------------


def query_parameters(*names: str):
    """Declare the query parameters a public view reads; every other one shares its page."""

    def decorate(view):
        view.page_cache_query = frozenset(names)
        return view

    return decorate


def _declared(request) -> frozenset | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    func = match.func
    names = getattr(func, "page_cache_query", None)
    if names is None:
        names = getattr(getattr(func, "view_class", None), "page_cache_query", None)
    # A section another app adds to the page may read parameters of its own.
    return None if names is None else names | extensions.query_parameters()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _address(request) -> str:
    return f"{request.get_host()}{request.path}"


def _meta_key(number: int, request) -> str:
    return f"pages.{number}.meta.{_digest(_address(request))}"


def _page_key(number: int, request, names, headers) -> str:
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if names is None or name in names
        for value in values
    )
    varying = [request.META.get(header, "") for header in headers]
    query = urlencode(pairs)
    digest = _digest(_address(request), query, get_language() or "", *varying)
    return f"pages.{number}.page.{digest}"


def _vary_headers(response) -> list[str] | None:
    if not response.has_header("Vary"):
        return []
    headers = []
    for header in cc_delim_re.split(response["Vary"]):
        header = header.strip().upper().replace("-", "_")
        if header == "*":
            return None
        headers.append(f"HTTP_{header}")
    return sorted(set(headers))


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(BYPASS_PREFIXES)
    )


def _cacheable_response(response) -> bool:
    # A page that read the session or set a cookie (a CSRF token, say) is someone's own.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Serve readers' GETs from the cache; store what is safe to share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.COMMUNIQUE_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        try:
            number = version()
        except DatabaseError:  # the view will say what is wrong
            logger.warning("Page cache skipped: the page generation could not be read")
            number = None
        if number is None:
            return self.get_response(request)
        meta = cache.get(_meta_key(number, request))
        if meta is not None:
            cached = cache.get(_page_key(number, request, *meta))
            if cached is not None:
                return cached
        response = self.get_response(request)
        if _cacheable_response(response) and (headers := _vary_headers(response)) is not None:
            names = _declared(request)
            cache.set(_meta_key(number, request), (names, headers), seconds)
            key = _page_key(number, request, names, headers)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda done: cache.set(key, done, seconds))
            else:
                cache.set(key, response, seconds)
        return response


# --- the front layer's lookup (communique/front.py) ------------------------------------------


def cached_version() -> int | None:
    """The generation pages are filed under, asking the cache alone; None where only the
    database could say (this process is behind the cache, or the cache is down)."""
    if _process.behind or _process.recoveries_seen != resilient_cache.health.recovered:
        return None
    return cache.get(VERSION_KEY)


def cached_key(request, memo: dict | None = None, number: int | None = None) -> str | None:
    """The key under which the cache holds this request's page, asking the cache alone.

    None when no page is held, or when only the database could say: Django's middleware
    then answers. `number` is the generation if the caller has just read it
    (`cached_version`); `memo` keeps the pages' meta entries by their key (keys carry the
    generation, so they never go stale). For the front layer (communique/front.py).
    """
    if not settings.COMMUNIQUE_PAGE_CACHE_SECONDS or not _cacheable_request(request):
        return None
    if number is None and (number := cached_version()) is None:
        return None
    meta_key = _meta_key(number, request)
    meta = memo.get(meta_key) if memo is not None else None
    if meta is None:
        meta = cache.get(meta_key)
        if meta is None:
            return None
        if memo is not None:
            memo[meta_key] = meta
    return _page_key(number, request, *meta)


def cached_page(key: str):
    """The page the cache holds under `key` (from `cached_key`), or None."""
    return cache.get(key)
