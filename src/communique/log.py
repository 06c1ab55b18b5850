"""Logging helpers named in settings.LOGGING."""

import logging


class OneLineRefusals(logging.Filter):
    """A refused request (403) is an answer, not a fault: log its one line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


#: The request key by which a render inside the process (`publishing.render`) says that a
#: 404 is its answer, not a fault: the public gate refusing a page that is not public.
QUIET_NOT_FOUND = "communique.log.quiet_not_found"


class QuietInternalNotFound(logging.Filter):
    """Leave out the "Not Found" of a page the worker or the export rendered to learn that it
    is not public (a withdrawn text, a list's page past its end): a reader's 404 is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 404:
            return True
        request = getattr(record, "request", None)
        return not getattr(request, "META", {}).get(QUIET_NOT_FOUND)
