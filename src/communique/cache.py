"""Cache backends that treat an unavailable cache as a miss: the cache accelerates, never decides.

Django's Redis and file backends raise when Redis is stopped or the disk refuses a write, and
the page cache, the comment checks and every signal handler that touches the cache would pass
that on (500 for readers, rolled-back writes for the newsroom). These subclasses answer as
if the key were absent instead: a read gets its default, a write stores nothing, `incr`
raises ValueError as for a missing key. One warning is logged when the cache goes away and
one when it is back; in between, calls skip it for `RETRY_SECONDS` at a time, so a cache that
hangs costs one timeout, not one per call.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0


class _Health:
    """Whether the cache answered lately; shared by every thread of the process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.recovered = 0  # counts recoveries, so the page cache can resync after each

    def skip(self) -> bool:
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception, name: str) -> None:
        with self.lock:
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning("Cache unavailable (%s: %s); serving without it", name, error)
            self.retry_at = time.monotonic() + RETRY_SECONDS

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.warning(
                    "Cache available again after %.0f s", time.monotonic() - self.down_since
                )
                self.down_since = None
                self.recovered += 1


health = _Health()


def available() -> bool:
    """False while the cache is failing (a write made now was not stored)."""
    return health.down_since is None


def _miss(errors, on_error):
    """Wrap a cache method: on `errors`, note the outage and answer `on_error(*args)`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if health.skip():
                return on_error(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except errors as error:
                health.failed(error, type(self).__name__)
                return on_error(*args, **kwargs)
            health.answered()
            return result

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unavailable)")


def resilient(base, errors):
    """A subclass of the cache backend `base` whose `errors` are treated as misses."""
    guarded = {
        "get": _default,
        "get_many": _empty,
        "has_key": _false,
        "add": _false,
        "set": _nothing,
        "set_many": _all_failed,
        "touch": _false,
        "delete": _false,
        "delete_many": _nothing,
        "incr": _missing,
        "clear": _nothing,
    }
    namespace = {
        name: _miss(errors, on_error)(getattr(base, name)) for name, on_error in guarded.items()
    }
    namespace["__doc__"] = f"{base.__name__} that treats {errors} as a miss."
    namespace["__module__"] = __name__
    return type(f"Resilient{base.__name__}", (base,), namespace)


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _KeptClient(RedisCacheClient):
    """Django's Redis client makes a new `redis.Redis` (with its table of response callbacks)
    on every call, most of a cache hit's cost; one per connection pool serves every thread."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(resilient(RedisCache, _redis_errors())):
    """Django's Redis cache that treats an unavailable Redis as a miss (and keeps its client)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient


class ResilientFileBasedCache(resilient(FileBasedCache, (OSError, EOFError))):
    """The file cache, for a full or read-only disk or a folder removed under the server."""

    def _createdir(self):
        try:
            super()._createdir()
        except OSError as error:  # at start-up too: the first write will try again
            health.failed(error, type(self).__name__)
