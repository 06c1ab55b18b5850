"""The mail channel's signal wiring, in one place."""


def connect() -> None:
    """Listen to the editorial services and the worker."""
