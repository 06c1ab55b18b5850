"""Reads of the mail channel: who a signed link names, who follows a release, counts."""

from django.core import signing
from django.db.models import Count, Q, QuerySet

from communique.delivery.mail.models import Message, Subscriber
from communique.newsroom.models import Release, Text
from communique.newsroom.selectors import public

CONFIRM_SALT = "communique.delivery.mail.confirm"
MANAGE_SALT = "communique.delivery.mail.manage"


def token_for(subscriber: Subscriber, *, salt: str) -> str:
    """A signed reference to a subscriber (their id and key), never their address."""
    return signing.dumps([subscriber.pk, subscriber.key], salt=salt)


def subscriber_for(token: str, *, salt: str, max_age: int | None = None) -> Subscriber | None:
    """The subscriber a signed link names, or None for a forged, expired or outdated link."""
    try:
        pk, key = signing.loads(str(token)[:200], salt=salt, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return Subscriber.objects.filter(pk=pk, key=key).first()


def immediate_subscribers() -> QuerySet[Subscriber]:
    """Confirmed, not bouncing, wanting each release at once."""
    return receiving().filter(frequency=Subscriber.Frequency.IMMEDIATE)


def receiving() -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(
        confirmed_at__isnull=False, bouncing_since__isnull=True
    ).prefetch_related("offices", "categories")


def public_text(text_id: int, *, statuses=(Text.Status.PUBLISHED,)) -> Text | None:
    """The text through the newsroom's public gate, with what a message shows."""
    return (
        public(Text.objects.filter(pk=text_id), statuses=statuses)
        .select_related("release__office")
        .prefetch_related("release__office__month_overrides", "release__categories")
        .first()
    )


def public_languages(release: Release) -> set[str]:
    return set(public(release.texts.all()).values_list("language", flat=True))


def release_counts(release: Release) -> dict[str, int]:
    """How many subscribers a release's messages went to, are waiting for, or failed for."""
    counts = Message.objects.filter(release=release, kind=Message.Kind.RELEASE).aggregate(
        sent=Count("pk", filter=Q(status=Message.Status.SENT)),
        waiting=Count("pk", filter=Q(status__in=[Message.Status.QUEUED, Message.Status.SENDING])),
        failed=Count("pk", filter=Q(status=Message.Status.FAILED)),
    )
    return counts
