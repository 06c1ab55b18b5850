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
    caches = copy.deepcopy(settings.CACHES)
    if caches["default"]["BACKEND"].endswith("FileBasedCache"):
        # The embedded default shares files between processes; a test has no other process.
        caches["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


def pytest_collection_modifyitems(config, items):
    """Browser tests skip without Debian's Chromium, except where CI demands them."""
    if os.path.exists("/usr/bin/chromium") or os.environ.get("COMMUNIQUE_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="Debian's Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
