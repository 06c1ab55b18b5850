"""The API's settings, each with its default, read when used (docs/api.md lists them)."""

from django.conf import settings


def _setting(name: str, default):
    return getattr(settings, f"COMMUNIQUE_API_{name}", default)


def cors_origins() -> list[str]:
    """Origins that may read the API from a browser ("*": any); none by default."""
    value = _setting("CORS_ORIGINS", [])
    if isinstance(value, str):  # from the environment: comma-separated
        value = value.split(",")
    return [origin.strip().rstrip("/") for origin in value if origin.strip()]


def rate_limit() -> int:
    """Requests per window for one token (reads and writes together); 0: no limit."""
    return int(_setting("RATE_LIMIT", 600))


def anonymous_rate_limit() -> int:
    """Requests per window for one address without a token; 0: no limit."""
    return int(_setting("ANONYMOUS_RATE_LIMIT", 120))


def rate_window() -> int:
    """The length of a rate-limit window, in seconds."""
    return max(1, int(_setting("RATE_WINDOW", 60)))


def client_address_header() -> str:
    """The request.META key that holds the caller's address (HTTP_X_REAL_IP behind nginx)."""
    return str(_setting("CLIENT_ADDRESS_HEADER", "REMOTE_ADDR"))


def page_size() -> int:
    """Items per page of a list when the caller does not say (at most 100)."""
    return min(100, max(1, int(_setting("PAGE_SIZE", 20))))
