"""The webhooks channel's signal wiring, in one place."""

from django.utils import timezone

from communique.delivery.webhooks.models import Event


def on_published(sender, *, text, **kwargs) -> None:
    from communique.delivery.webhooks.services import deliveries_create

    deliveries_create(event=Event.PUBLISHED, text=text, occurred_at=text.published_at)


def on_corrected(sender, *, text, correction, **kwargs) -> None:
    from communique.delivery.webhooks.services import deliveries_create

    deliveries_create(
        event=Event.CORRECTED, text=text, correction=correction, occurred_at=correction.made_at
    )


def on_withdrawn(sender, *, text, **kwargs) -> None:
    from communique.delivery.webhooks.services import deliveries_create

    deliveries_create(
        event=Event.WITHDRAWN, text=text, occurred_at=text.withdrawn_at or timezone.now()
    )


def on_worker_round(sender, **kwargs) -> None:
    """Retries that are due, texts whose time came, and what a lost task left unsent."""
    from communique.delivery.webhooks.services import send_due

    send_due()


def on_demo_loaded(sender, *, progress, **kwargs) -> None:
    from communique.delivery.webhooks.demo import load_demo_endpoint

    load_demo_endpoint(progress=progress)


def connect() -> None:
    """Listen to the editorial services and the worker; add the release page's panel."""
    from communique.delivery.webhooks.panels import WebhookDeliveriesPanel
    from communique.editorial import signals
    from communique.editorial.admin import panels
    from communique.newsroom.extensions import demo_loaded

    signals.text_published.connect(on_published, dispatch_uid="webhooks:published")
    signals.text_corrected.connect(on_corrected, dispatch_uid="webhooks:corrected")
    signals.text_withdrawn.connect(on_withdrawn, dispatch_uid="webhooks:withdrawn")
    signals.worker_round.connect(on_worker_round, dispatch_uid="webhooks:worker-round")
    demo_loaded.connect(on_demo_loaded, dispatch_uid="webhooks:demo")
    panels.register(WebhookDeliveriesPanel())
