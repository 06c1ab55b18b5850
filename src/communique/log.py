"""Logging helpers named in settings.LOGGING."""

import logging


class OneLineRefusals(logging.Filter):
    """A refused request (403) is an answer, not a fault: log its one line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
