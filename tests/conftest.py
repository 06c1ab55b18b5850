import copy
import os
import uuid

import pytest


@pytest.fixture(autouse=True)
def _isolated_site(settings):
    """English by default, and a cache of each test's own (Redis is shared between workers).

    The page cache is off unless a test turns it on (tests/newsroom/test_page_cache.py): a
    test that reads a page, writes and reads again inside one transaction would otherwise
    depend on invalidations that wait for a commit.
    """
    settings.LANGUAGE_CODE = "en"
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 0
    # Likewise published files (tests/publishing turns them on): no change queues their task.
    settings.COMMUNIQUE_PUBLISH_FILES = "0"
    caches = copy.deepcopy(settings.CACHES)
    if caches["default"]["BACKEND"].endswith("FileBasedCache"):
        # The embedded default shares files between processes; a test has no other process.
        caches["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    from communique import cache as resilient_cache
    from communique.newsroom import page_cache

    # An outage a test made (tests/newsroom/test_cache_outage.py) is not the next test's.
    _forget_the_cache_health(resilient_cache, page_cache)


@pytest.fixture
def own_redis(tmp_path, settings):
    """A Redis of the test's own as the cache, which the test can stop and start."""
    import shutil

    from communique import cache as resilient_cache
    from communique.newsroom import page_cache
    from tests.redis_server import RedisServer

    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "communique.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    _forget_the_cache_health(resilient_cache, page_cache)
    yield server
    server.kill()
    _forget_the_cache_health(resilient_cache, page_cache)


def _forget_the_cache_health(resilient_cache, page_cache):
    """What this process remembers of earlier outages would leak from one test into the next."""
    from communique.newsroom import reference

    resilient_cache.health.__init__()
    if hasattr(page_cache, "_process"):
        page_cache._process.behind = True
    # Each test has a database of its own: no reference data read in another test is kept.
    reference.forget()


def pytest_collection_modifyitems(config, items):
    """Browser tests skip without Debian's Chromium, except where CI demands them."""
    if os.path.exists("/usr/bin/chromium") or os.environ.get("COMMUNIQUE_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="Debian's Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
