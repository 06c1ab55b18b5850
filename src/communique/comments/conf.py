"""The comments' settings, each with its default, read when used so that a site can change them."""

from django.conf import settings


def _setting(name: str, default):
    return getattr(settings, f"COMMUNIQUE_COMMENTS_{name}", default)


def close_after_days() -> int:
    """Days after a release is first published when its comments close; 0 keeps them open."""
    return int(_setting("CLOSE_AFTER_DAYS", 0))


def ip_retention_days() -> int:
    """Days a comment keeps the hash of its sender's address; 0 keeps none."""
    return int(_setting("IP_RETENTION_DAYS", 30))


def min_fill_seconds() -> float:
    """A form sent sooner than this after it was shown was sent by a machine."""
    return float(_setting("MIN_FILL_SECONDS", 3))


def form_max_age_seconds() -> int:
    """A form older than this is refused as expired (the reader sends it again)."""
    return int(_setting("FORM_MAX_AGE_SECONDS", 3 * 3600))


def max_length() -> int:
    """The longest comment a reader may send, in characters."""
    return int(_setting("MAX_LENGTH", 3000))


def max_links() -> int:
    """The most web addresses a comment may contain."""
    return int(_setting("MAX_LINKS", 2))


def rate_limits() -> list[tuple[int, int]]:
    """(posts, seconds) pairs: at most so many posts from one network address per window."""
    return [(int(n), int(s)) for n, s in _setting("RATE_LIMITS", [(5, 600), (20, 86400)])]


def notify_interval_seconds() -> int:
    """Moderators of an office get at most one e-mail about new comments per interval."""
    return int(_setting("NOTIFY_INTERVAL_SECONDS", 300))


def client_address_header() -> str:
    """The request.META key that holds the reader's address (X-Real-IP behind a proxy)."""
    return str(_setting("CLIENT_ADDRESS_HEADER", "REMOTE_ADDR"))
