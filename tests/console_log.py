"""What the console log handler (settings.LOGGING) writes, with its filters applied."""

import contextlib
import io
import logging


@contextlib.contextmanager
def console_log(filter_class):
    """Yield a stream holding what the root handler carrying `filter_class` writes meanwhile."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, filter_class) for f in handler.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)
