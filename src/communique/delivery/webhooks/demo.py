"""`communique demo`: one partner endpoint, inactive (the demo calls nobody), with a few
logged deliveries so that the admin has something to show."""

import datetime

from django.db import transaction
from django.utils import timezone

from communique.delivery.webhooks.models import Attempt, Delivery, Endpoint, Event
from communique.newsroom.models import Text
from communique.newsroom.selectors import public

DEMO_URL = "https://partner.example.org/hooks/communique"


@transaction.atomic
def load_demo_endpoint(*, progress=lambda message: None) -> Endpoint:
    """The demo endpoint and its deliveries; safe to repeat."""
    endpoint, created = Endpoint.objects.get_or_create(
        url=DEMO_URL,
        defaults={
            "name": "Partner newsroom (example)",
            "is_active": False,
            "events": list(Event.values),
            "languages": ["en", "ar"],
        },
    )
    if created:
        _log_deliveries(endpoint)
    progress(f"Webhook endpoint: {endpoint.name} (inactive: the demo sends nothing).")
    return endpoint


def _log_deliveries(endpoint: Endpoint) -> None:
    texts = list(
        public(Text.objects.filter(language__in=endpoint.languages)).order_by("-published_at")[:3]
    )
    # What a partner that was down for a while and came back looks like in the log.
    stories = [
        [
            (503, "Service Unavailable", Attempt.Outcome.RETRY),
            (200, "ok", Attempt.Outcome.DELIVERED),
        ],
        [(200, '{"received": true}', Attempt.Outcome.DELIVERED)],
        [(404, "Not Found", Attempt.Outcome.GAVE_UP)],
    ]
    for text, story in zip(texts, stories, strict=False):
        at = text.published_at or timezone.now()
        delivered = story[-1][2] == Attempt.Outcome.DELIVERED
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event=Event.PUBLISHED,
            text=text,
            occurred_at=at,
            status=Delivery.Status.DELIVERED if delivered else Delivery.Status.FAILED,
            attempts=len(story),
            next_attempt_at=at,
            retry_until=at + datetime.timedelta(days=1),
            delivered_at=at + datetime.timedelta(seconds=31 * (len(story) - 1) + 1)
            if delivered
            else None,
            last_error="" if delivered else f"Answered {story[-1][0]}: the endpoint refused it.",
        )
        for number, (status, answer, outcome) in enumerate(story):
            Attempt.objects.create(
                delivery=delivery,
                started_at=at + datetime.timedelta(seconds=31 * number),
                duration_ms=120 + 40 * number,
                status_code=status,
                response_excerpt=answer,
                error="" if status < 300 else f"Answered {status}.",
                outcome=outcome,
            )
