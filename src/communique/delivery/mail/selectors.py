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


def matching_ids(subscribers: QuerySet[Subscriber], release: Release) -> list[int]:
    """The ids of those subscribers whose choices match the release, read as plain rows
    (three queries, however many subscribers: 10,000 cost a few megabytes, not objects)."""
    category_ids = set(release.categories.values_list("pk", flat=True))
    rows = list(subscribers.values_list("pk", "kinds"))
    offices: dict[int, set[int]] = {}
    for subscriber_id, office_id in Subscriber.offices.through.objects.filter(
        subscriber_id__in=subscribers.values("pk")
    ).values_list("subscriber_id", "office_id"):
        offices.setdefault(subscriber_id, set()).add(office_id)
    categories: dict[int, set[int]] = {}
    for subscriber_id, category_id in Subscriber.categories.through.objects.filter(
        subscriber_id__in=subscribers.values("pk")
    ).values_list("subscriber_id", "category_id"):
        categories.setdefault(subscriber_id, set()).add(category_id)
    return [
        pk
        for pk, kinds in rows
        if (not kinds or release.kind in kinds)
        and (pk not in offices or release.office_id in offices[pk])
        and (pk not in categories or bool(categories[pk] & category_ids))
    ]


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
