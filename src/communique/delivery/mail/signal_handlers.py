"""The mail channel's signal wiring, in one place (and its page section and admin panel)."""

import logging

from communique.delivery.mail.models import Dispatch

logger = logging.getLogger("communique.delivery.mail")

#: Seconds of sending per worker round: the round's other work is not held up for long.
ROUND_BUDGET = 5.0


def on_published(sender, text, **kwargs):
    from communique.delivery.mail.services import dispatch_create

    dispatch_create(text=text, kind=Dispatch.Kind.RELEASE)


def on_corrected(sender, text, correction=None, **kwargs):
    from communique.delivery.mail.services import dispatch_create

    dispatch_create(text=text, kind=Dispatch.Kind.CORRECTION, correction=correction)


def on_withdrawn(sender, text, **kwargs):
    from communique.delivery.mail.services import dispatch_create

    dispatch_create(text=text, kind=Dispatch.Kind.WITHDRAWAL)


def on_worker_round(sender, **kwargs):
    """Catch up on what a lost task left undone: due digests, dispatches, retries."""
    from communique.delivery.mail.services import deliver

    deliver(budget=ROUND_BUDGET)


def add_demo_subscribers(sender, *, progress, **kwargs):
    from communique.delivery.mail.demo import load_demo_subscribers

    load_demo_subscribers(progress=progress)


def connect() -> None:
    """Listen to the editorial services and the worker."""
    from communique.delivery.mail.panels import AdvanceCopies, DeliveryCounts
    from communique.delivery.mail.sections import SubscribeLink
    from communique.editorial import signals
    from communique.editorial.admin import panels
    from communique.newsroom import extensions

    signals.text_published.connect(on_published, dispatch_uid="delivery.mail.published")
    signals.text_corrected.connect(on_corrected, dispatch_uid="delivery.mail.corrected")
    signals.text_withdrawn.connect(on_withdrawn, dispatch_uid="delivery.mail.withdrawn")
    signals.worker_round.connect(on_worker_round, dispatch_uid="delivery.mail.round")
    extensions.demo_loaded.connect(add_demo_subscribers, dispatch_uid="delivery.mail.demo")
    extensions.register(SubscribeLink())
    panels.register(DeliveryCounts())
    panels.register(AdvanceCopies())
