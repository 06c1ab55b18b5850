"""Reader comments on texts, moderators' e-mail choices, the block list, the comment switch."""

import re

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from communique.comments.signals import comments_changed

NAME_MAX_LENGTH = 80
WEBSITE_MAX_LENGTH = 200
# The database refuses anything longer whatever the form allows; the form's limit is a setting.
BODY_HARD_LIMIT = 20000

_NEWLINES = re.compile(r"\r\n?")


def unify_newlines(value: str) -> str:
    """Browsers send line breaks as CRLF; one kind of break keeps duplicates findable."""
    return _NEWLINES.sub("\n", value)


class CommentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Update, and tell the pages of the texts concerned (`.update()` sends no signal)."""
        if set(kwargs) <= QUIET_FIELDS:
            return super().update(**kwargs)
        text_ids = set(self.values_list("text_id", flat=True))
        count = super().update(**kwargs)
        if count:
            transaction.on_commit(
                lambda: comments_changed.send(sender=Comment, text_ids=text_ids), robust=True
            )
        return count


# Columns no page shows: a purge of address hashes leaves the cached pages alone.
QUIET_FIELDS = {"address_hash", "fingerprint"}


class Comment(models.Model):
    """A reader's comment on a text: plain text, shown only once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    text = models.ForeignKey(
        "newsroom.Text", verbose_name=_("text"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # Never shown on a public page; kept so that moderators can answer and readers can be erased.
    email = models.EmailField(_("e-mail"))
    website = models.URLField(_("website"), max_length=WEBSITE_MAX_LENGTH, blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # A salted hash of the sender's network address, for rate limits and duplicate detection;
    # blanked after COMMUNIQUE_COMMENTS_IP_RETENTION_DAYS.
    address_hash = models.CharField(_("address hash"), max_length=64, blank=True, editable=False)
    # A hash of the normalised comment, so that duplicates are found with an index.
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField(
        _("official reply"),
        blank=True,
        help_text=_("Plain text, shown under the comment on behalf of the office."),
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The public list: one text's approved comments, oldest first.
            models.Index(fields=["text", "status", "created_at"], name="comment_public"),
            # The moderation queue: pending comments, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="comment_status_known",
            ),
            # An empty comment or a name-less one is never a comment, whoever writes the row.
            models.CheckConstraint(
                condition=~Q(body="") & ~Q(name="") & ~Q(email=""), name="comment_not_empty"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_HARD_LIMIT),
                name="comment_body_bounded",
            ),
            # A moderated comment says when it was moderated.
            models.CheckConstraint(
                condition=Q(status="pending") | Q(moderated_at__isnull=False),
                name="comment_moderated_has_time",
            ),
        ]

    def __str__(self):
        excerpt = " ".join(self.body.split())
        return f"{self.name}: {excerpt[:60]}{'…' if len(excerpt) > 60 else ''}"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.APPROVED


class ReleaseCommentPolicy(models.Model):
    """Whether readers may comment on a release; a release without a row is open."""

    release = models.OneToOneField(
        "newsroom.Release",
        verbose_name=_("release"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_policy",
    )
    closed = models.BooleanField(
        _("comments closed"),
        default=False,
        help_text=_("Readers can no longer comment; approved comments stay visible."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("comment switch")
        verbose_name_plural = _("comment switches")

    def __str__(self):
        return str(self.release)


class NotificationPreference(models.Model):
    """One person's own choice to hear of new comments on the offices they moderate.

    Who moderates is not stored here: it is their role in an office (editorial's roles).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="comment_notifications",
    )
    notify = models.BooleanField(
        _("e-mail me about new comments"),
        default=True,
        help_text=_(
            "On the offices whose comments you moderate; sent to your account's e-mail "
            "address, at most once every few minutes."
        ),
    )

    class Meta:
        verbose_name = _("comment e-mails")
        verbose_name_plural = _("comment e-mails")

    def __str__(self):
        return str(self.user)


class BlockRule(models.Model):
    """An entry of the block list: comments matching it are refused."""

    class Kind(models.TextChoices):
        PHRASE = "phrase", _("Word or phrase (in the name, comment or website)")
        EMAIL = "email", _("E-mail address")
        DOMAIN = "domain", _("Domain (of e-mail addresses, websites and links)")
        ADDRESS = "address", _("Network address (hashed)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PHRASE)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "Matched without regard to case: a phrase anywhere, a whole e-mail address, "
            "a domain and its subdomains (example.com also blocks mail.example.com)."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("block-list entry")
        verbose_name_plural = _("block list")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blockrule_unique"),
            models.CheckConstraint(condition=~Q(value=""), name="blockrule_not_empty"),
        ]

    def __str__(self):
        if self.kind == self.Kind.ADDRESS:
            return _("network address %(hash)s…") % {"hash": self.value[:12]}
        return self.value

    def save(self, *args, **kwargs):
        # Stored the way it is matched, so that the unique constraint catches “Spam” and “spam”.
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.DOMAIN:
            self.value = self.value.lstrip("@.")
        super().save(*args, **kwargs)


class SpentFormToken(models.Model):
    """A comment form's token that has carried a comment: it never carries another."""

    # The random part of the token; the primary key makes spending it twice impossible.
    nonce = models.CharField(max_length=32, primary_key=True)
    spent_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("spent form token")

    def __str__(self):
        return self.nonce


class RateCounter(models.Model):
    """Posts from one network address in one window: counted in the database, where an
    `UPDATE … SET count = count + 1` is atomic whatever the cache is."""

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")

    def __str__(self):
        return f"{self.key}: {self.count}"
