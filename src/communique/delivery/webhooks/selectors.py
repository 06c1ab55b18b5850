"""Reads: which endpoints follow an event, what is due, and the counts editors see."""

import datetime

from django.db.models import Count, Q, QuerySet

from communique.delivery.webhooks.models import Delivery, Endpoint
from communique.newsroom.models import Release

Status = Delivery.Status


def active_endpoints() -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(is_active=True).prefetch_related("offices")


def due_deliveries(now: datetime.datetime, *, limit: int) -> list[tuple[int, int]]:
    """(delivery id, endpoint id) of pending deliveries whose time has come, the longest
    waiting first."""
    return list(
        Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "endpoint_id")[:limit]
    )


def deliveries() -> QuerySet[Delivery]:
    """Deliveries with what the admin's list shows."""
    return Delivery.objects.select_related("endpoint", "text__release__office")


def release_counts(release: Release) -> dict[str, int]:
    """How many of a release's webhook deliveries were delivered, are pending, failed or were
    not sent (one query)."""
    return Delivery.objects.filter(text__release=release).aggregate(
        delivered=Count("pk", filter=Q(status=Status.DELIVERED)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
    )


def any_endpoint() -> bool:
    return Endpoint.objects.exists()
