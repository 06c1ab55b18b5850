"""Where an imported text came from, and the Hijri date its page was written with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communique.newsroom.models import Release, Text


class ImportedText(models.Model):
    """One page or post brought in by `communique import`: the key that makes re-runs
    idempotent, and the hand-typed Hijri date kept for editors after the audit."""

    source = models.CharField(_("source"), max_length=500, unique=True)
    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="imports"
    )
    # One source makes one text; deleting the text forgets the import, so a re-run brings it back.
    text = models.OneToOneField(
        Text, verbose_name=_("text"), on_delete=models.CASCADE, related_name="imported_from"
    )
    written_hijri = models.CharField(
        _("Hijri date as written"),
        max_length=100,
        blank=True,
        help_text=_("The date line's Hijri part as the old page printed it."),
    )
    written_hijri_iso = models.CharField(
        _("written Hijri date"), max_length=10, blank=True, help_text=_("YYYY-MM-DD.")
    )
    computed_hijri_iso = models.CharField(
        _("computed Hijri date"),
        max_length=10,
        blank=True,
        help_text=_("From the Gregorian date through the office's calendar; this one is used."),
    )
    days_off = models.IntegerField(
        _("days off"),
        null=True,
        blank=True,
        help_text=_("The written Hijri date minus the computed one, in days."),
    )
    checksum = models.CharField(max_length=64, editable=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("imported text")
        verbose_name_plural = _("imported texts")
        ordering = ["-imported_at", "pk"]
        constraints = [
            # A written date is only worth keeping with what it was checked against.
            models.CheckConstraint(
                condition=Q(written_hijri_iso="") | ~Q(computed_hijri_iso=""),
                name="imported_written_hijri_audited",
            ),
        ]

    def __str__(self):
        return self.source

    @property
    def date_mismatch(self) -> bool:
        return bool(self.days_off)
