"""The publishing app's settings, each with its default, read when used."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from communique.newsroom.conf import site_url  # noqa: F401  # one address for every app


def _setting(name: str, default):
    return getattr(settings, f"COMMUNIQUE_{name}", default)


def _flag(value) -> bool:
    return str(value).strip().lower() not in ("", "0", "false", "no", "off")


def published_dir() -> Path:
    """The folder of published files, which nginx serves (`<data dir>/published` by default)."""
    return Path(_setting("PUBLISHED_DIR", "") or settings.DATA_DIR / "published")


def publish_files() -> bool:
    """Whether the worker writes published files after each change (on by default)."""
    return _flag(_setting("PUBLISH_FILES", "1"))


def site_host() -> tuple[str, str]:
    """(scheme, host with port) of `site_url()`."""
    parts = urlsplit(site_url())
    return parts.scheme or "http", parts.netloc


def purge_backend() -> str:
    """The dotted path of the purge backend (`purge.HttpPurge` for a caching proxy), or ""."""
    return str(_setting("PURGE_BACKEND", ""))


def purge_url() -> str:
    """The caching proxy's address for `HttpPurge` (http://127.0.0.1:6081, say)."""
    return str(_setting("PURGE_URL", "")).rstrip("/")
