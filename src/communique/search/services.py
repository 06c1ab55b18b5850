"""Writes to the search index: the documents made from texts, kept in step with the newsroom."""

import html
import logging
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from communique.newsroom.body import plain_text
from communique.newsroom.models import Text
from communique.search.backends import Document, get_backend
from communique.search.models import IndexEntry
from communique.search.normalise import index_terms

logger = logging.getLogger(__name__)

BATCH = 500


def plain_body(text: Text) -> str:
    """The body as readers read it, without Markdown or HTML."""
    if text.body_html:
        return plain_text(text.body_html)  # a search page makes twenty snippets
    return html.unescape(strip_tags(text.body))


def document_for(text: Text) -> Document:
    """What the index keeps of a text (its release, office and categories prefetched)."""
    language = text.language
    release = text.release
    names = [*release.office.name.values(), release.office.slug]
    categories = list(release.categories.all())
    for category in categories:
        names.extend(category.name.values())
    meta = index_terms(release.number or "", language) + index_terms(" ".join(names), language)
    return Document(
        text_id=text.pk,
        title=index_terms(text.title, language),
        subtitle=index_terms(text.subtitle, language),
        body=index_terms(plain_body(text), language),
        meta=meta,
        columns={
            "status": text.status,
            "published_at": text.published_at,
            "language": language,
            "office_id": release.office_id,
            "kind": release.kind,
            "hijri_year": release.hijri_year,
            "issue_date": release.issue_date,
            "year": release.issue_date.year if release.issue_date else None,
            "categories": ",".join(["", *(str(category.pk) for category in categories), ""]),
        },
    )


def _texts():
    return Text.objects.select_related("release__office").prefetch_related("release__categories")


def index_texts(text_ids: Iterable[int]) -> int:
    """Bring these texts' index entries up to date (a text that no longer exists leaves)."""
    text_ids = set(text_ids)
    backend = get_backend()
    indexed = 0
    ordered = sorted(text_ids)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        texts = list(_texts().filter(pk__in=chunk))
        indexed += backend.index(document_for(text) for text in texts)
        backend.remove(set(chunk) - {text.pk for text in texts})
    return indexed


def index_changes(*, texts=(), releases=(), offices=(), categories=()) -> int:
    """Re-index the texts that these changed texts, releases, offices or categories touch."""
    condition = Q(pk__in=texts) | Q(release_id__in=releases)
    if offices:
        condition |= Q(release__office_id__in=offices)
    if categories:
        condition |= Q(release__categories__in=categories)
    found = set(Text.objects.filter(condition).values_list("pk", flat=True))
    return index_texts(found | set(texts))


def reindex(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the texts; `progress(done, total)` after each batch.

    In place: every text's entry is written again, a batch at a time, and then the entries
    of texts that no longer exist are removed. Searches find every text while it runs (an
    entry not yet rewritten is the one it replaces), and a rebuild stopped half-way (the
    command killed, the database restarted) leaves every entry there; running it again
    finishes it. Clearing first, as it once did, left searches with a part of the texts
    for the whole run, and for good where it stopped.
    """
    backend = get_backend()
    backend.start_rebuild()
    started = timezone.now()
    try:
        ids = list(Text.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            texts = list(_texts().filter(pk__in=chunk))
            done += backend.index(document_for(text) for text in texts)
            backend.remove(set(chunk) - {text.pk for text in texts})  # deleted meanwhile
            if progress:
                progress(done, len(ids))
        # Entries whose text is gone without the index hearing of it. The entries are read
        # before the texts: a text written meanwhile is in the second list, and stays.
        indexed = set(IndexEntry.objects.values_list("text_id", flat=True))
        gone = sorted(indexed - set(Text.objects.values_list("pk", flat=True)))
        for start in range(0, len(gone), BATCH):
            backend.remove(gone[start : start + BATCH])
        # A text edited while its batch was being written may have had its new entry
        # overwritten by the batch's older reading of it: those are written once more.
        edited = Text.objects.filter(updated_at__gte=started).values_list("pk", flat=True)
        index_texts(edited)
    finally:
        # Also after an error or Ctrl+C: no pending list is left for searches to read.
        backend.optimise()
    return done


def index_changes_safely(**changes) -> None:
    """`index_changes`, never failing the newsroom write it follows: a failure is logged."""
    try:
        index_changes(**changes)
    except Exception:
        logger.exception(
            "Search index not updated for %s; `communique reindex` repairs it.", changes
        )
