"""A fixed-window request count per token (per address for anonymous readers), in the cache.

Counting is exact where the cache increments atomically (Redis, and the local-memory cache of
a single process). The cache is an accelerator, never a dependency: when it cannot be reached
a request is let through, with a warning in the log, rather than refused.
"""

import logging
import threading
import time

from django.core.cache import cache
from ninja.throttling import BaseThrottle

from communique.api import conf

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    header = conf.client_address_header()
    return (request.META.get(header) or request.META.get("REMOTE_ADDR") or "unknown")[:64]


class RateLimit(BaseThrottle):
    """At most `conf.rate_limit()` requests per window for a token, and
    `conf.anonymous_rate_limit()` for an address without one."""

    def __init__(self):
        # django-ninja keeps one instance for all requests and asks wait() after
        # allow_request(): each thread keeps its own answer.
        self._local = threading.local()

    def identity(self, request) -> tuple[str, int]:
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None) is not None:
            return f"token:{token.pk}", conf.rate_limit()
        return f"address:{client_address(request)}", conf.anonymous_rate_limit()

    def allow_request(self, request) -> bool:
        who, limit = self.identity(request)
        window = conf.rate_window()
        now = time.time()
        start = int(now // window) * window
        self._local.wait = start + window - now
        if limit <= 0:
            return True
        key = f"communique:api:rate:{who}:{start}"
        try:
            count = self._count(key, window)
        except Exception as error:  # any cache failure: serve, and say so
            logger.warning("API rate limit not applied, the cache failed: %r", error)
            return True
        request.rate_limit = (limit, max(0, limit - count), int(start + window))
        return count <= limit

    @staticmethod
    def _count(key: str, window: int) -> int:
        # add() creates the window's counter (atomically: only one caller wins); incr() counts.
        if cache.add(key, 1, timeout=window + 1):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 1, timeout=window + 1)
            return 1

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
