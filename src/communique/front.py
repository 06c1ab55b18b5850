"""A bare WSGI layer in front of Django that answers readers' page-cache hits.

A cache hit through Django costs its whole middleware stack and URL resolution; this layer
answers the same hit before either. It keeps, for each page the page cache holds, the exact
status, headers and body Django sends for a hit of that page (the outer middleware's
headers included: Content-Security-Policy, X-Frame-Options, Referrer-Policy…), and sends
them again while the page cache would still serve that page:

- Only an anonymous GET or HEAD (no session cookie, no conditional headers) is looked at,
  never the admin, media or static files; the page is the one the page cache would serve
  (`page_cache.cached_page`: host, path, declared query parameters, language, Vary
  headers, and none of the tags it shows changed since its render).
- A page is recorded when Django has just rendered and stored it: the layer then asks Django
  once more (a page cache hit) and keeps that answer, if its body is what the page cache
  holds, filed under the stored page's ETag. It is replayed while the page cache still
  serves a page with that ETag, and until the page's own expiry.
- Between changes the layer answers from its own memory, keyed on the request as it came
  and on `page_cache.front_stamp()` (which moves on any change of any page), read at most
  every `COMMUNIQUE_FRONT_VERSION_SECONDS`; after a change the page cache's precise answer
  decides again.
- Anything else, any doubt, an error, or a cache that is down: Django answers.

`communique.wsgi.application` is this layer around Django's application.
"""

import io
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from communique.newsroom import page_cache

logger = logging.getLogger(__name__)

PREFIX = "front."
#: Entries a process keeps in memory (pages and the page cache's meta entries).
MEMORY_ENTRIES = 1000


class FrontLayer:
    """Answer what the page cache holds from a copy of Django's own answer; else Django."""

    def __init__(self, application):
        self.application = application
        self.pages: dict[str, tuple] = {}  # key -> (deadline, status, headers, body)
        self.fast: dict[tuple, tuple] = {}  # the request as it came -> the same entry
        self.locale = LocaleMiddleware(lambda request: None)
        self.cookie = settings.SESSION_COOKIE_NAME
        self.window = settings.COMMUNIQUE_FRONT_VERSION_SECONDS
        self.version: tuple[tuple | None, float] = (None, 0.0)  # (stamp, read at)

    def __call__(self, environ, start_response):
        if not self._eligible(environ):
            return self.application(environ, start_response)
        try:
            number = self._version()
            fast = self._fast_key(environ, number) if number is not None else None
            entry = self._fresh(self.fast.get(fast)) if fast is not None else None
            request = key = None
            if entry is None:
                request, key = self._key(environ, number)
                entry = self._entry(key) if key else None
                if entry is not None and fast is not None:
                    self._keep(self.fast, fast, entry)
        except Exception:  # any doubt: Django answers, and says what is wrong if anything is
            logger.debug("Front layer passed a request to Django", exc_info=True)
            return self.application(environ, start_response)
        if entry is not None:
            _deadline, status, headers, body = entry
            start_response(status, list(headers))
            return [body]
        if request is not None and environ["REQUEST_METHOD"] == "GET":
            # Not held yet (rendered just now, or warmed by the worker): keep Django's answer.
            return self._render_and_record(request, environ, start_response)
        return self.application(environ, start_response)

    @staticmethod
    def _fast_key(environ, number: tuple) -> tuple:
        """Everything of a request the page cache's key could depend on, as it came: the same
        tuple, the same page (the page cache's own key, found once, decides which)."""
        return (
            number,
            environ.get("wsgi.url_scheme"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            tuple(sorted(item for item in environ.items() if item[0].startswith("HTTP_"))),
        )

    @staticmethod
    def _fresh(entry):
        if entry is None or entry[0] <= time.time():  # the page cache's entry expired too
            return None
        return entry

    @staticmethod
    def _keep(memory: dict, key, value) -> None:
        if len(memory) >= MEMORY_ENTRIES:
            memory.clear()
        memory[key] = value

    def _eligible(self, environ) -> bool:
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and bool(settings.COMMUNIQUE_PAGE_CACHE_SECONDS)
            and self.cookie not in environ.get("HTTP_COOKIE", "")
            and "HTTP_IF_NONE_MATCH" not in environ
            and "HTTP_IF_MODIFIED_SINCE" not in environ
            and not environ.get("PATH_INFO", "/").startswith(page_cache.BYPASS_PREFIXES)
        )

    def _key(self, environ, number: tuple | None):
        """The request as Django would see it, and the key of the layer's copy of the page
        the page cache holds for it (None: no page held)."""
        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return None, None  # Django answers that
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None, None  # Django redirects it
        if number is None:
            return request, None  # Django's middleware brings this process in step
        # The language exactly as LocaleMiddleware chooses it, for this lookup only.
        return request, self._lookup(request, environ)[0]

    def _lookup(self, request, environ):
        """The key of the layer's copy, and the page the page cache holds; (None, None)."""
        # The language exactly as LocaleMiddleware chooses it, for this lookup only.
        with translation.override(translation.get_language()):
            self.locale.process_request(request)
            language = translation.get_language() or ""
        stored = page_cache.cached_page(
            request.get_host(),
            request.path,
            environ.get("QUERY_STRING", ""),
            language,
            meta=environ,
        )
        if stored is None or not stored.has_header("ETag"):
            return None, None
        return page_cache.copy_key(request.get_host(), request.path, stored["ETag"]), stored

    def _version(self) -> tuple | None:
        """The page cache's stamp: read from the cache on every request, or at most every
        `COMMUNIQUE_FRONT_VERSION_SECONDS` where the operator allows that much delay."""
        number, read_at = self.version
        now = time.monotonic()
        if number is None or now - read_at >= self.window:
            number = page_cache.front_stamp()
            self.version = (number, now)
        return number

    def _entry(self, key: str):
        entry = self.pages.get(key)
        if entry is None:
            entry = cache.get(PREFIX + key)
            if entry is None:
                return None
            self._keep(self.pages, key, entry)
        return self._fresh(entry)

    def _render_and_record(self, request, environ, start_response):
        response = self.application(environ, start_response)
        try:
            self._record(request, environ, response)
        except Exception:
            logger.debug("Front layer did not record a page", exc_info=True)
        return response

    def _record(self, request, environ, response) -> None:
        """Keep the page cache's own answer for a page Django has just rendered and stored.

        The copy is Django's answer to the same request once more, now a page cache hit,
        with all its middleware: what a reader gets from Django on a hit (a hit lacks, say,
        the `Vary: Cookie` a render's session access adds), not what the render sent.
        """
        if not isinstance(response, HttpResponse) or response.status_code != 200:
            return
        key, stored = self._lookup(request, environ)
        if key is None or getattr(stored, "content", None) != response.content:
            return  # not a page the page cache keeps
        deadline = time.time() + settings.COMMUNIQUE_PAGE_CACHE_SECONDS
        sent = {}

        def remember(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, tuple(headers)

        again = dict(environ, **{"wsgi.input": io.BytesIO(b"")})
        result = self.application(again, remember)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = sent.get("headers", ())
        if (
            not sent.get("status", "").startswith("200 ")
            or body != stored.content
            or any(name.lower() == "set-cookie" for name, _value in headers)
        ):
            return
        entry = (deadline, sent["status"], headers, body)
        cache.set(PREFIX + key, entry, settings.COMMUNIQUE_PAGE_CACHE_SECONDS)
        self._keep(self.pages, key, entry)
