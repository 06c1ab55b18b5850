"""The publishing app's signal wiring.

- The page cache asks the map what a newsroom save or delete touches (`pages.describe`).
- The editorial signals name the text's pages (also caught by the save itself: the same tags).
- Once a change's pages were dropped from the cache (`page_cache.changed`, after the commit),
  a task renders them again in the worker: into the cache and the published files.
- Every worker round publishes what became public by its time alone (an embargo ending).
"""

import logging

from django.db import DatabaseError
from django.db.models.signals import post_init

from communique.editorial import signals as editorial
from communique.newsroom import page_cache
from communique.newsroom.models import Text
from communique.publishing import conf, pages

logger = logging.getLogger(__name__)


def _text_loaded(sender, instance, **kwargs) -> None:
    # The state the text had when read: a save that makes it a draft still touches its pages.
    instance._page_status = instance.__dict__.get("status", Text.Status.PUBLISHED)


def _text_changed(sender, text, **kwargs) -> None:
    page_cache.pages_changed(pages.page_map().text_tags(text))


def _pages_dropped(sender, tags, **kwargs) -> None:
    from django.conf import settings

    from communique.publishing.tasks import publish_changes

    work = conf.publish_files() or settings.COMMUNIQUE_PAGE_CACHE_SECONDS or conf.purge_backend()
    if not (work or conf.purge_url()):
        return
    try:
        publish_changes.enqueue(sorted(tags) if tags is not None else None)
    except DatabaseError:
        # The database that just committed went away: the pages are rendered on first read,
        # and `communique publish-all` rewrites the files.
        logger.warning("Could not queue the pages of a change for publishing", exc_info=True)


def _round(sender, **kwargs) -> None:
    from communique.publishing.services import due_catch_up

    due_catch_up()


def connect() -> None:
    page_cache.describe = pages.describe
    post_init.connect(_text_loaded, sender=Text, dispatch_uid="publishing:text_loaded")
    for signal in (editorial.text_published, editorial.text_corrected, editorial.text_withdrawn):
        signal.connect(_text_changed, dispatch_uid=f"publishing:{id(signal)}")
    page_cache.changed.connect(_pages_dropped, dispatch_uid="publishing:pages_dropped")
    editorial.worker_round.connect(_round, dispatch_uid="publishing:round")
