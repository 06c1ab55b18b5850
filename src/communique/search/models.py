"""The search index: one row per text, with the backend's own columns or table beside it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communique.newsroom.models import Text


class IndexEntry(models.Model):
    """That a text is in the index, with what the gate and the facets read.

    The terms live where the backend wants them: on PostgreSQL in this table's `document`
    and `heading` tsvector columns (added by the migration, with a GIN index), on SQLite in
    the FTS5 table `search_fts`, whose rowid is the text's id.

    The text's status and publication time, and its release's office, kind, dates and
    categories, are copied here whenever any of them changes (the signal handlers), so a
    search reads one narrow row per match and joins nothing. The public gate is still the
    newsroom's rule (`newsroom.selectors.is_public()`), applied to these columns at the
    moment of the query: a copied publication time in the future keeps the text hidden until
    it comes.
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
    # Copies, kept in step by the signal handlers (the names match Text's and Release's, so
    # the newsroom's gate applies to them unchanged).
    status = models.CharField(_("status"), max_length=16, default="")
    published_at = models.DateTimeField(_("published at"), null=True)
    language = models.CharField(_("language"), max_length=16, default="")
    office_id = models.IntegerField(_("office"), null=True)
    kind = models.CharField(_("kind"), max_length=32, default="")
    hijri_year = models.IntegerField(_("Hijri year"), null=True)
    issue_date = models.DateField(_("issue date"), null=True)
    year = models.IntegerField(_("Gregorian year"), null=True)
    #: The release's category ids as ",3,7," (a filter is `LIKE '%,3,%'`).
    categories = models.CharField(_("categories"), max_length=1000, default=",")

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            # What counting leaves out (texts readers may not see) and sorting by date.
            models.Index(fields=["status"], name="search_entry_status"),
            models.Index(fields=["published_at"], name="search_entry_published"),
        ]

    def __str__(self):
        return f"text {self.text_id}"
