"""Endpoints that partners registered, and one delivery row per event per endpoint, with
every attempt to deliver it."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communique.newsroom.models import Correction, Office, Text

__all__ = ["Attempt", "Delivery", "Endpoint", "Event"]


class Event(models.TextChoices):
    PUBLISHED = "published", _("published")
    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


def new_secret() -> str:
    """A signing secret: 32 random bytes, prefixed so that one is recognised when pasted."""
    return "whsec_" + secrets.token_urlsafe(32)


def every_event() -> list[str]:
    return list(Event.values)


class Endpoint(models.Model):
    """A partner's address that receives signed calls for the events it chose."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Whose system this is."))
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("Where the calls go: an https:// (or http://) address on the internet."),
    )
    # Kept as given: signing needs the secret itself, so it is not stored as a digest. Only
    # site administrators see it (the endpoint pages are theirs alone).
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    events = models.JSONField(_("events"), default=every_event)
    offices = models.ManyToManyField(
        Office,
        verbose_name=_("offices"),
        blank=True,
        related_name="+",
        help_text=_("Only these offices' releases; none chosen means every office."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Only texts in these languages; none chosen means every language."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive endpoint is sent nothing.")
    )
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(
        _("why it was disabled"), max_length=300, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def wants(self, event: str, text: Text) -> bool:
        """Whether this endpoint follows this event for this text (offices prefetched)."""
        if not self.is_active or event not in (self.events or []):
            return False
        if self.languages and text.language not in self.languages:
            return False
        office_ids = {office.pk for office in self.offices.all()}
        return not office_ids or text.release.office_id in office_ids


class Delivery(models.Model):
    """One event for one endpoint: written with the change itself, sent by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        # Never sent, and never will be: the text is no longer (or never was) public, or the
        # endpoint was disabled.
        CANCELLED = "cancelled", _("not sent")

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=16, choices=Event.choices)
    text = models.ForeignKey(
        Text, verbose_name=_("text"), on_delete=models.CASCADE, related_name="+"
    )
    correction = models.ForeignKey(
        Correction,
        verbose_name=_("correction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Due again at this time; a worker that takes the delivery moves it ahead by a lease, so
    # that no other worker sends it meanwhile (a worker killed mid-send: sent again once).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    retry_until = models.DateTimeField(_("retried until"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # "Delivered" says when: the admin and the counts rely on it.
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="webhook_delivered_has_time",
            ),
            # A correction belongs to a "corrected" event only.
            models.CheckConstraint(
                condition=Q(event="corrected") | Q(correction__isnull=True),
                name="webhook_correction_only_when_corrected",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self):
        return f"#{self.pk} {self.event} → {self.endpoint}"


class Attempt(models.Model):
    """One try at a delivery: what the endpoint answered, or what went wrong."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        RETRY = "retry", _("will be retried")
        GAVE_UP = "gave_up", _("given up")
        DISABLED = "disabled", _("endpoint disabled")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    response_excerpt = models.CharField(_("answer (excerpt)"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"#{self.pk}"
