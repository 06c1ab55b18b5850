import copy
import os
import uuid

import pytest


@pytest.fixture(autouse=True)
def _isolated_site(settings):
    """English by default, and a cache of each test's own (Redis is shared between workers)."""
    settings.LANGUAGE_CODE = "en"
    caches = copy.deepcopy(settings.CACHES)
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
