"""The mail channel's settings, each with its default, read when used."""

import datetime

from django.conf import settings

from communique.newsroom.conf import site_url  # noqa: F401  # one address for every app


def _setting(name: str, default):
    return getattr(settings, f"COMMUNIQUE_MAIL_{name}", default)


def digest_time() -> datetime.time:
    """When the daily digest goes out, in the organisation's zone (HH:MM, default 08:00)."""
    value = _setting("DIGEST_TIME", "08:00")
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(str(value))


def batch_size() -> int:
    """Messages claimed and sent over one connection at a time."""
    return int(_setting("BATCH_SIZE", 100))


def confirm_max_age_seconds() -> int:
    """How long a confirmation link works."""
    return int(_setting("CONFIRM_MAX_AGE_SECONDS", 3 * 24 * 3600))


def min_fill_seconds() -> float:
    """A subscribe form sent sooner than this after it was shown was sent by a machine."""
    return float(_setting("MIN_FILL_SECONDS", 2))


def form_max_age_seconds() -> int:
    return int(_setting("FORM_MAX_AGE_SECONDS", 3 * 3600))


def rate_limits() -> list[tuple[int, int]]:
    """(forms, seconds): at most so many subscribe forms from one network address per window."""
    return [(int(n), int(s)) for n, s in _setting("RATE_LIMITS", [(5, 600), (20, 86400)])]


def resend_interval_seconds() -> int:
    """An address gets at most one confirmation (or manage) e-mail per interval."""
    return int(_setting("RESEND_INTERVAL_SECONDS", 600))


def max_attempts() -> int:
    """Temporary failures tolerated before a message is given up."""
    return int(_setting("MAX_ATTEMPTS", 8))


def bounce_after() -> int:
    """Permanent failures after which an address is marked bouncing and gets no more mail."""
    return int(_setting("BOUNCE_AFTER", 3))


def stale_claim_seconds() -> int:
    """A message claimed this long ago by a worker on another machine is taken as lost."""
    return int(_setting("STALE_CLAIM_SECONDS", 900))


def client_address_header() -> str:
    return str(_setting("CLIENT_ADDRESS_HEADER", "REMOTE_ADDR"))
