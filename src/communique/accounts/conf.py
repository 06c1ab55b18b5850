"""The staff accounts' settings, each with its default, read when used."""

from django.conf import settings


def client_address_header() -> str:
    """The request.META key that holds the client's address (HTTP_X_REAL_IP behind nginx)."""
    return str(
        getattr(
            settings,
            "COMMUNIQUE_CLIENT_ADDRESS_HEADER",
            getattr(settings, "COMMUNIQUE_COMMENTS_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR"),
        )
    )


def recovery_code_count() -> int:
    """How many single-use recovery codes a person gets with two-factor sign-in."""
    return int(getattr(settings, "COMMUNIQUE_RECOVERY_CODES", 10))
