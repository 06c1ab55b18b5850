"""The webhooks' settings, each with its default, read when used so that a site can change them."""

from django.conf import settings

from communique.newsroom.conf import site_url  # noqa: F401  # one address for every app


def _setting(name: str, default):
    return getattr(settings, f"COMMUNIQUE_WEBHOOKS_{name}", default)


def allow_private_addresses() -> bool:
    """Whether an endpoint may be on a private, loopback or link-local address (off: a webhook
    must not become a way into the site's own network)."""
    value = _setting("ALLOW_PRIVATE_ADDRESSES", False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def timeout_seconds() -> float:
    """How long one network step of a call (connecting, sending, each read) may take."""
    return float(_setting("TIMEOUT_SECONDS", 5))


def retry_for_seconds() -> int:
    """How long a delivery that meets timeouts or 5xx answers is retried before it is given up."""
    return int(_setting("RETRY_FOR_SECONDS", 24 * 3600))


def first_retry_seconds() -> float:
    """The wait before the first retry; each later wait doubles, up to `max_retry_seconds()`."""
    return float(_setting("FIRST_RETRY_SECONDS", 30))


def max_retry_seconds() -> float:
    """The longest wait between two attempts."""
    return float(_setting("MAX_RETRY_SECONDS", 3 * 3600))


def batch_size() -> int:
    """The most deliveries one worker round sends."""
    return int(_setting("BATCH_SIZE", 50))
