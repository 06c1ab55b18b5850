"""Whole public pages kept in the cache for readers, all dropped at once by any newsroom write.

A press office writes a few times a day and is read all day, so a page is rendered once and
served from the cache (Redis in production) until something changes. Every page shares one
version number; a write to a newsroom model (or a `pages_changed()` call, as comments make on
moderation) bumps it, so the next reader gets a fresh render. Staff (who carry a session
cookie) and anything but a plain 200 GET bypass the cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key

VERSION_KEY = "communique:pages:version"
BYPASS_PREFIXES = ("/admin/", "/media/", "/static/")


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def pages_changed(**kwargs) -> None:
    """Drop every cached page (they are only unreachable: their keys name an older version)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _model_changed(**kwargs) -> None:
    # Now, and again once the transaction commits: a reader who rendered the page in between
    # saw the old rows and may have cached them under the new version.
    pages_changed()
    transaction.on_commit(pages_changed, robust=True)


def connect(app_config) -> None:
    """Any save or delete of this app's models changes pages."""
    for model in app_config.get_models():
        uid = f"page_cache:{model._meta.label}"
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_model_changed, sender=through, dispatch_uid=f"{uid}:{field.name}")


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
        prefix = f"pages.{version()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None and (cached := cache.get(key)) is not None:
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            key = learn_cache_key(request, response, seconds, prefix, cache=cache)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda done: cache.set(key, done, seconds))
            else:
                cache.set(key, response, seconds)
        return response
