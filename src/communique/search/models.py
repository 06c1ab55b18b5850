"""The search index: one row per text, with the backend's own columns or table beside it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communique.newsroom.models import Text


class IndexEntry(models.Model):
    """That a text is in the index, and since when.

    The terms live where the backend wants them: on PostgreSQL in this table's `document`
    and `heading` tsvector columns (added by the migration, with a GIN index), on SQLite in
    the FTS5 table `search_fts`, whose rowid is the text's id.
    """

    text = models.OneToOneField(
        Text,
        verbose_name=_("text"),
        primary_key=True,
        # A deleted text leaves the index with it (the FTS5 row is removed by a signal).
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return f"text {self.text_id}"
