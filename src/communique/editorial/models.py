"""Who may do what in which office, what each save of a text looked like, and who did what."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communique.newsroom.models import LANGUAGE_CHOICES, Office, Text


class Role(models.TextChoices):
    """Roles within one office. A site administrator is a Django superuser: every office."""

    OFFICE_ADMIN = "office_admin", _("Office administrator")
    EDITOR = "editor", _("Editor")
    AUTHOR = "author", _("Author")
    TRANSLATOR = "translator", _("Translator")


class Membership(models.Model):
    """A person's role in one office; a translator also has the languages they translate into."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_('For translators: the languages they may work in, for example ["ar"].'),
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role in an office")
        verbose_name_plural = _("roles in offices")
        ordering = ["office", "role", "user"]
        constraints = [
            # One role per person per office, so "what may she do here" has one answer.
            models.UniqueConstraint(
                fields=["user", "office"], name="membership_one_role_per_office"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in Role]),
                name="membership_known_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.office}"

    def clean(self):
        known = {code for code, _name in LANGUAGE_CHOICES}
        languages = self.languages or []
        if not isinstance(languages, list) or not set(languages) <= known:
            raise ValidationError(
                {"languages": _("Choose among: %(codes)s.") % {"codes": ", ".join(sorted(known))}}
            )
        if self.role == Role.TRANSLATOR and not languages:
            raise ValidationError({"languages": _("A translator needs at least one language.")})


class Revision(models.Model):
    """The content of a text as one save left it. Never changed; restoring makes a new one."""

    text = models.ForeignKey(
        Text, verbose_name=_("text"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["text", "version"], name="revision_once_per_version"),
        ]

    def __str__(self):
        return f"{self.text_id} v{self.version}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is never edited.")

    def delete(self):
        raise PermissionError("The audit log is never edited.")


class AuditEntry(models.Model):
    """One thing someone did: written once, never edited, shown to site administrators."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned to draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        WITHDREW = "withdrew", _("withdrew")
        CORRECTED = "corrected", _("corrected")
        RESTORED = "restored", _("restored a revision")
        DELETED = "deleted", _("deleted")
        ROLE_GRANTED = "role_granted", _("granted a role")
        ROLE_CHANGED = "role_changed", _("changed a role")
        ROLE_REVOKED = "role_revoked", _("revoked a role")
        SIGNED_IN = "signed_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("failed to sign in")
        LOCKED_OUT = "locked_out", _("was locked out")
        TWO_FACTOR_ON = "two_factor_on", _("set up two-factor sign-in")
        ADVANCE_COPIES = "advance_copies", _("sent advance copies under embargo")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        # The entry outlives the account; actor_name keeps who it was.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_type = models.CharField(_("on"), max_length=32)
    subject_id = models.PositiveBigIntegerField(_("id"), null=True)
    subject = models.CharField(_("subject"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject")]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.subject}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is never edited.")
