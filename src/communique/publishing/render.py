"""Render a public page inside the process, through the whole middleware stack, as a reader
would get it from `site_url()`: what published files, the cache's warming and the export
write. Rendering is the public gate: a page that is not public answers 404 (or leads
elsewhere) and is then not written, or removed."""

import io
import sys
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils import translation

from communique.log import QUIET_NOT_FOUND
from communique.newsroom import page_cache
from communique.publishing import conf

_handler: WSGIHandler | None = None


def _get_handler() -> WSGIHandler:
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    return _handler


def render(address: str, *, warm: bool = True):
    """The response to an anonymous GET of `address` (a path with its query string).

    `warm`: the page cache stores the fresh page (it never serves an older one to this call);
    otherwise the cache is left alone.
    """
    path, _sep, query = address.partition("?")
    scheme, host = conf.site_host()
    name, _sep, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        # WSGI's PATH_INFO is the decoded path, its bytes as latin-1 (PEP 3333).
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        page_cache.REFRESH if warm else page_cache.BYPASS: True,
        # A page that is not public answers 404 here by design: not logged as a fault.
        QUIET_NOT_FOUND: True,
    }
    language = translation.get_language()
    try:
        return _get_handler().get_response(WSGIRequest(environ))
    finally:
        translation.activate(language) if language else translation.deactivate()
