"""Telling caches in front of the site (a caching proxy, a CDN) that pages changed.

Each change calls the site's purger with the tags it touched (the names pages carry in their
`Cache-Tag` and `Surrogate-Key` headers) and the addresses of the pages the map found. A CDN
with an API is a subclass: purge by tag where the CDN offers it, by address otherwise::

    class CdnPurge(Purge):
        def purge(self, tags, paths):
            ...  # POST the tags to the CDN's purge endpoint (see docs/deployment.md)

and `COMMUNIQUE_PURGE_BACKEND = "mysite.purge.CdnPurge"`. A purge that fails is logged and
forgotten: the pages' `max-age` bounds how long a cache keeps them.
"""

import logging
import urllib.request
from collections.abc import Iterable
from urllib.parse import quote

from django.utils.module_loading import import_string

from communique.publishing import conf

logger = logging.getLogger(__name__)


class Purge:
    """The base: purges nothing (no cache in front of the site)."""

    def purge(self, tags: Iterable[str] | None, paths: Iterable[str]) -> None:
        """Drop the pages carrying `tags` (every page for None) and those at `paths`."""


class HttpPurge(Purge):
    """`PURGE <address>` to a caching proxy (Varnish, nginx's cache_purge, Squid) for each
    page, with the tags in `Surrogate-Key` and `Cache-Tag` for proxies that purge by tag."""

    timeout = 2.0

    def __init__(self, url: str | None = None):
        self.url = (url or conf.purge_url()).rstrip("/")

    def purge(self, tags, paths) -> None:
        if not self.url:
            return
        _scheme, host = conf.site_host()
        names = " ".join(sorted(tags)) if tags else ""
        for path in paths:
            self.send(f"{self.url}{quote(path, safe='/?=&')}", host, names)

    def send(self, url: str, host: str, names: str) -> None:
        headers = {"Host": host}
        if names:
            headers |= {"Surrogate-Key": names, "Cache-Tag": names.replace(" ", ",")}
        request = urllib.request.Request(url, method="PURGE", headers=headers)  # noqa: S310
        try:
            # The address is the operator's setting, http(s) only (checked by urllib's opener).
            with urllib.request.urlopen(request, timeout=self.timeout):  # noqa: S310  # nosec B310
                pass
        except OSError as error:  # refused, timed out, an HTTP error status
            logger.warning("Purge of %s failed: %s", url, error)


def purger() -> Purge:
    """The site's purger (`COMMUNIQUE_PURGE_BACKEND`; HttpPurge when only a URL is set)."""
    name = conf.purge_backend()
    if not name:
        return HttpPurge() if conf.purge_url() else Purge()
    return import_string(name)()
