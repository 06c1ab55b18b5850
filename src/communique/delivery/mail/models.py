"""Subscribers, and the outbox: a dispatch per published text, a message row per e-mail."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communique.newsroom.models import (
    Category,
    Correction,
    Office,
    Release,
    Text,
    validate_time_zone,
)

__all__ = ["Subscriber", "Dispatch", "Digest", "AccreditedJournalist", "Message"]


def _new_key() -> str:
    return secrets.token_urlsafe(12)


class Subscriber(models.Model):
    """An e-mail address following offices, categories and kinds, in one language."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, on publication")
        DAILY = "daily", _("A daily digest")

    # Normalised (trimmed, lower case) and unique: one row per address, whatever was typed.
    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    # Nothing chosen in a group means everything in it.
    offices = models.ManyToManyField(Office, verbose_name=_("offices"), blank=True)
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), blank=True)
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    # Part of every signed link: a new key makes every earlier link stop working.
    key = models.CharField(max_length=32, default=_new_key, editable=False)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    permanent_failures = models.PositiveSmallIntegerField(_("permanent failures"), default=0)
    bouncing_since = models.DateTimeField(_("bouncing since"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]

    def __str__(self):
        # The address is never shown, in the admin either: a reference instead.
        return _("Subscriber %(id)s") % {"id": self.pk}

    def wants(self, release: Release, category_ids: set[int]) -> bool:
        """Whether this release matches the subscriber's choices (empty: everything)."""
        if self.kinds and release.kind not in self.kinds:
            return False
        offices = {office.pk for office in self.offices.all()}
        if offices and release.office_id not in offices:
            return False
        categories = {category.pk for category in self.categories.all()}
        return not categories or bool(categories & category_ids)


class Dispatch(models.Model):
    """One light row written in the publishing transaction; the worker expands it."""

    class Kind(models.TextChoices):
        RELEASE = "release", _("release")
        CORRECTION = "correction", _("correction")
        WITHDRAWAL = "withdrawal", _("withdrawal")

    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    correction = models.ForeignKey(
        Correction, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expanded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [models.Index(fields=["expanded_at"], name="dispatch_pending")]

    def __str__(self):
        return f"{self.kind} {self.text_id}"


class Digest(models.Model):
    """The daily digest of one day in the organisation's zone: a day's row is made once."""

    day = models.DateField(_("day"), unique=True)  # never two digests for a day
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)


class AccreditedJournalist(models.Model):
    """A journalist an office trusts with advance copies under embargo."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Riyadh", validators=[validate_time_zone]
    )
    active = models.BooleanField(_("receives advance copies"), default=True)

    class Meta:
        verbose_name = _("accredited journalist")
        verbose_name_plural = _("accredited journalists")
        ordering = ["office", "name"]
        constraints = [
            # One entry per address in an office's list.
            models.UniqueConstraint(fields=["office", "email"], name="journalist_once_per_office"),
        ]

    def __str__(self):
        return self.name


class Message(models.Model):
    """One e-mail in the outbox: a row before it is sent, marked sent once it has been."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("confirmation")
        MANAGE = "manage", _("manage link")
        RELEASE = "release", _("release")
        CORRECTION = "correction", _("correction notice")
        WITHDRAWAL = "withdrawal", _("withdrawal notice")
        DIGEST = "digest", _("daily digest")
        ADVANCE = "advance", _("advance copy under embargo")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("not sent")

    # The recipient's reference, never the address; gone when they unsubscribe.
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    journalist = models.ForeignKey(
        AccreditedJournalist,
        verbose_name=_("journalist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    release = models.ForeignKey(
        Release, verbose_name=_("release"), null=True, blank=True, on_delete=models.CASCADE
    )
    text = models.ForeignKey(
        Text, verbose_name=_("text"), null=True, blank=True, on_delete=models.CASCADE
    )
    correction = models.ForeignKey(
        Correction, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.CASCADE)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("outbox")
        ordering = ["-pk"]
        constraints = [
            # A subscriber gets a release once, whichever of its texts went out.
            models.UniqueConstraint(
                fields=["subscriber", "release", "kind"],
                condition=Q(kind__in=["release", "withdrawal"]),
                name="message_once_per_release",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "correction"],
                condition=Q(kind="correction"),
                name="message_once_per_correction",
            ),
            models.UniqueConstraint(
                fields=["journalist", "text"],
                condition=Q(kind="advance"),
                name="message_one_advance_copy",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "digest"],
                condition=Q(kind="digest"),
                name="message_once_per_digest",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def message_id(self, domain: str) -> str:
        """The same Message-ID however many times the row is sent: receivers can deduplicate."""
        return f"<communique.{self.kind}.{self.pk}@{domain}>"
