"""Whole public pages kept in the cache for readers, each dropped only by the changes it shows.

A press office writes a few times a day and is read all day, so a page is rendered once and
served from the cache (Redis in production) until something it shows changes. A page records
*tags* naming what it showed (`release:12`, `text:40`, `list:home:en`; views call `tag()`),
and a change names the tags it touches (`pages_changed(tags)`: the publishing app's map says
which). Each tag has a version in the cache: the shared clock's value when it last changed.
A page is stored with the clock's value from before its render and served only while no tag
it carries has moved past that, so a change that commits while a page renders never
leaves that page behind. A page that names no tag carries `untagged`, which every change
touches: a new view is safe before anyone thinks of its tags.

What no tag can say — an organisation's or a menu's change shows on every page, a bulk
`.update()` names no rows — drops every page at once: pages, tags and the clock are filed
under the site's page generation, a number kept in the database (`PageGeneration`) and copied
into the cache. So neither an eviction nor a cache that was down can bring an older page back:
a tag whose version is missing counts as changed now, and a change made while the cache did
not answer moves the generation in the database, which the cache's copy is brought in step
with once it answers (by the process that noticed, and by the worker's every round). A write
never waits on the cache inside its transaction; a cache that is down only means pages are
rendered each time.

A page is keyed on its address and only the query parameters its view declares with
`@page_cache.query_parameters("page")`, so `?utm_source=...` or a random query string shares
the page's entry instead of costing a render. A view that declares nothing is keyed on its
whole (sorted) query string. Staff (who carry a session cookie) and anything but a plain 200
GET bypass the cache. A shared page carries `ETag` and `Last-Modified` (a conditional GET gets
a 304), `Cache-Control` for a CDN (`COMMUNIQUE_CACHE_CONTROL`) and its tags in `Cache-Tag`
and `Surrogate-Key`, so a CDN can be purged by the same names.
"""

import datetime
import hashlib
import logging
import time
from urllib.parse import parse_qsl, urlencode

import django.dispatch
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import cc_delim_re, get_conditional_response, has_vary_header
from django.utils.http import http_date
from django.utils.translation import get_language

from communique import cache as resilient_cache
from communique.newsroom import extensions

logger = logging.getLogger(__name__)

VERSION_KEY = "communique:pages:version"
BYPASS_PREFIXES = ("/admin/", "/media/", "/static/")
#: Carried by a page whose view named no tags; touched by every change.
UNTAGGED = "untagged"
#: The environ key by which an internal render (warming, published files) asks for a fresh page.
REFRESH = "communique.page_cache.refresh"
#: ... and by which one (the export) leaves the cache alone.
BYPASS = "communique.page_cache.bypass"
DEFAULT_CACHE_CONTROL = "public, max-age=0, s-maxage=300"

#: Sent once a change has committed and its pages were dropped from the cache, with `tags`
#: (a frozenset) or None for every page. The publishing app renders the pages again.
changed = django.dispatch.Signal()


class _Process:
    """What this process knows about the cache's copy of the generation."""

    behind = True  # sync at first use: the cache may hold a copy older than the database's
    recoveries_seen = 0


_process = _Process()

#: Set by the publishing app: `describe(instance, deleted=bool)` -> the tags a saved or
#: deleted model instance touches, or None for every page (the default without that app).
describe = None


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


def _in_step() -> bool:
    return not _process.behind and _process.recoveries_seen == resilient_cache.health.recovered


def version() -> int | None:
    """The generation pages are filed under now, or None when the cache cannot be used."""
    if not _in_step():
        return sync()
    number = cache.get(VERSION_KEY)
    if number is None:
        # Evicted, expired or never set, or the cache is down: the database knows.
        return sync()
    return number


def front_stamp() -> tuple[int, int] | None:
    """For a server layer in front of Django: a value that moves on every change of any page
    (the generation and the shared clock), read from the cache alone; None when only the
    database could say or the cache cannot be used (Django's own middleware then answers and
    brings this process in step)."""
    if not _in_step():
        return None
    number = cache.get(VERSION_KEY)
    if number is None:
        return None
    clock = cache.get(_clock_key(number))
    return None if clock is None else (number, clock)


def stamp() -> int:
    """A number that moves on every site-wide change (for ETags), cache or no cache."""
    number = version()
    return generation() if number is None else number


def _bump() -> None:
    number = _generation_bump()
    cache.set(VERSION_KEY, number, timeout=None)
    if not resilient_cache.available():
        _process.behind = True  # set again once the cache answers
        return
    # A simultaneous bump may have stored its smaller number after ours.
    if (latest := generation()) > number:
        cache.set(VERSION_KEY, latest, timeout=None)


# --- tags and the clock ---------------------------------------------------------------------


def _clock_key(number: int) -> str:
    return f"pages.{number}.clock"


def _tag_key(number: int, tag: str) -> str:
    return f"pages.{number}.tag.{_digest(tag)[:32]}"


def _clock(number: int) -> int | None:
    """The shared clock's value now (it moves on every change); None when the cache is down."""
    key = _clock_key(number)
    value = cache.get(key)
    if value is None:  # expired, evicted or never set: start again from the time
        cache.add(key, time.time_ns() // 1000, timeout=None)
        value = cache.get(key)
    return value


def _tick(number: int) -> int | None:
    """The shared clock, moved on; None when the cache does not answer."""
    key = _clock_key(number)
    for _attempt in range(2):
        try:
            return cache.incr(key)
        except ValueError:
            cache.add(key, time.time_ns() // 1000, timeout=None)
    return None


def _touch(number: int, tags) -> bool:
    """Give `tags` a version newer than any page rendered before now; False if not stored."""
    value = _tick(number)
    if value is None:
        return False
    keys = {_tag_key(number, tag): value for tag in tags}
    cache.set_many(keys, timeout=None)
    # A simultaneous change may have stored its older clock value after ours: store ours again.
    older = [key for key, got in cache.get_many(list(keys)).items() if got < value]
    if older:
        cache.set_many(dict.fromkeys(older, value), timeout=None)
    return resilient_cache.available() and len(cache.get_many(list(keys))) == len(keys)


def _apply() -> None:
    tags = connection.pages_changed_tags
    connection.pages_changed_tags = None
    if tags is None:
        return
    if tags is ALL:
        _bump()
        changed.send(sender=None, tags=None)
        return
    tags = frozenset(tags) | {UNTAGGED}
    number = version()
    if number is None or not _touch(number, tags):
        # The cache missed the change: move the generation the database keeps instead.
        _bump()
    changed.send(sender=None, tags=tags)


class _All:
    def __repr__(self):
        return "ALL"


#: Every page (a change no tag can name).
ALL = _All()


def pages_changed(tags=None, **kwargs) -> None:
    """Drop the pages that carry any of `tags` (every page for None) once the current
    transaction commits, at once outside one; one drop per transaction, however many rows."""
    pending = getattr(connection, "pages_changed_tags", None)
    waiting = (
        pending is not None
        and connection.in_atomic_block
        and any(func is _apply for _savepoints, func, _robust in connection.run_on_commit)
    )
    if not waiting:
        pending = set()
    if tags is None or pending is ALL:
        pending = ALL
    else:
        pending |= set(tags)
    connection.pages_changed_tags = pending
    if not waiting:
        transaction.on_commit(_apply, robust=True)


def _model_changed(sender, instance=None, **kwargs) -> None:
    deleted = kwargs.get("signal") is post_delete
    if kwargs.get("raw"):
        return pages_changed()  # loaddata (a restore): every page
    try:
        tags = describe(instance, deleted=deleted, **kwargs) if describe else None
    except DatabaseError:
        raise
    except Exception:  # a map that cannot say: every page rather than a stale one
        logger.exception("Could not tell the pages %r changes; dropping every page", instance)
        tags = None
    if tags is not None and not tags:
        return  # a draft saved: no public page shows it
    pages_changed(tags)


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


# --- what a page shows -----------------------------------------------------------------------


# The names of what pages show (the publishing app's map, publishing/pages.py, says which
# pages carry each and which changes touch it).


def release_tag(release_id: int) -> str:
    return f"release:{release_id}"


def text_tag(text_id: int) -> str:
    return f"text:{text_id}"


def home_tag(language: str) -> str:
    return f"home:{language}"


def office_tag(office_id: int, language: str) -> str:
    return f"office:{office_id}:{language}"


def category_tag(category_id: int, language: str) -> str:
    return f"category:{category_id}:{language}"


def kind_tag(kind: str, language: str) -> str:
    return f"kind:{kind}:{language}"


def sitemap_tag(published_at, language: str) -> str:
    """The language's sitemap from the page listing texts published at `published_at` on
    (the pages after a text's shift when it leaves). Only the publishing app's map reads it:
    the cache drops sitemaps with every change."""
    return f"sitemap:{published_at.astimezone(datetime.UTC):{SITEMAP_TIME}}:{language}"


#: A time in a tag, without the colons that separate a tag's parts.
SITEMAP_TIME = "%Y%m%dT%H%M%S.%fZ"


OFFICES = "offices"


def tag(request, *tags: str) -> None:
    """Record on the request that its page shows what `tags` name."""
    found = getattr(request, "page_tags", None)
    if found is None:
        found = request.page_tags = set()
    found.update(tags)


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


def _meta_key(address: str) -> str:
    # Not under the generation: which parameters and headers a view reads outlives a change.
    return f"pages.meta.{_digest(address)}"


def _page_key(number: int, address: str, pairs, language: str, names, headers, meta) -> str:
    query = urlencode(
        sorted((name, value) for name, value in pairs if names is None or name in names)
    )
    varying = [meta.get(header, "") for header in headers]
    return f"pages.{number}.page.{_digest(address, query, language, *varying)}"


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
        and not request.META.get(BYPASS)
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


def _valid(number: int, entry) -> bool:
    """Whether a stored page is newer than every change of what it shows."""
    rendered, tags = entry[0], entry[1]
    keys = [_tag_key(number, tag) for tag in tags]
    versions = cache.get_many(keys)
    return len(versions) == len(keys) and all(got <= rendered for got in versions.values())


def cached_page(host: str, path: str, query_string: str, language: str, meta=None):
    """The cached response for a reader's GET of `host` + `path` + `query_string` in
    `language` (the address's prefix), or None: a miss, a stale page, or no usable cache.

    `meta` is the request's environ (for the headers a page varies on). For a server layer
    in front of Django; the caller checks first that the request carries no session cookie.
    """
    if not settings.COMMUNIQUE_PAGE_CACHE_SECONDS:
        return None
    try:
        number = version()
    except DatabaseError:
        logger.warning("Page cache skipped: the page generation could not be read")
        return None
    if number is None:
        return None
    address = f"{host}{path}"
    found = cache.get(_meta_key(address))
    if found is None:
        return None
    names, headers, _tags = found
    pairs = parse_qsl(query_string, keep_blank_values=True)
    entry = cache.get(_page_key(number, address, pairs, language, names, headers, meta or {}))
    if entry is None or not _valid(number, entry):
        return None
    return entry[2]


def copy_key(host: str, path: str, etag: str) -> str:
    """A name for a server layer's own copy of the page at `host` + `path` with this ETag."""
    return _digest(host, path, etag)


def _prepare(response, tags) -> None:
    """The headers a shared page carries: validators, CDN caching, the tags it shows."""
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = getattr(
            settings, "COMMUNIQUE_CACHE_CONTROL", DEFAULT_CACHE_CONTROL
        )
    names = sorted(tags)
    response["Cache-Tag"] = ",".join(names)
    response["Surrogate-Key"] = " ".join(names)


def _conditional(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=None,
        response=response,
    )


class PageCacheMiddleware:
    """Serve readers' GETs from the cache; store what is safe to share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.COMMUNIQUE_PAGE_CACHE_SECONDS
        if not _cacheable_request(request):
            return self.get_response(request)
        if not seconds:
            response = self.get_response(request)
            if _cacheable_response(response) and getattr(response, "is_rendered", True):
                _prepare(response, getattr(request, "page_tags", None) or {UNTAGGED})
            return _conditional(request, response)
        try:
            number = version()
        except DatabaseError:  # the view will say what is wrong
            logger.warning("Page cache skipped: the page generation could not be read")
            number = None
        if number is None:
            return self.get_response(request)
        address = f"{request.get_host()}{request.path}"
        language = get_language() or ""
        pairs = [(name, value) for name, values in request.GET.lists() for value in values]
        found = cache.get(_meta_key(address))
        if found is not None and not request.META.get(REFRESH):
            names, headers, _tags = found
            entry = cache.get(
                _page_key(number, address, pairs, language, names, headers, request.META)
            )
            if entry is not None and _valid(number, entry):
                return _conditional(request, entry[2])
        rendered = _clock(number)  # before the render: a change committing meanwhile is newer
        response = self.get_response(request)
        if not _cacheable_response(response) or (headers := _vary_headers(response)) is None:
            return response
        tags = frozenset(getattr(request, "page_tags", None) or {UNTAGGED})
        names = _declared(request)
        cache.set(_meta_key(address), (names, headers, tags), seconds)
        key = _page_key(number, address, pairs, language, names, headers, request.META)

        def finish(done):
            _prepare(done, tags)
            self._store(number, key, rendered, tags, done, seconds)

        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.add_post_render_callback(finish)
            return response
        finish(response)
        return _conditional(request, response)

    @staticmethod
    def _store(number: int, key: str, rendered, tags, response, seconds) -> None:
        if rendered is None:
            return
        keys = [_tag_key(number, tag) for tag in tags]
        missing = set(keys) - set(cache.get_many(keys))
        if missing:
            # Never changed, or a change's mark was evicted. Unless the clock stood still while
            # the page rendered (no change at all meanwhile), this page cannot be trusted.
            if _clock(number) != rendered:
                value = _tick(number)
                for key_ in missing:
                    cache.add(key_, value, timeout=None)
                return
            for key_ in missing:
                cache.add(key_, rendered, timeout=None)
        cache.set(key, (rendered, tags, response), seconds)
