"""What a call carries, read through the newsroom's public gate at the moment it is sent.

A publication or a correction carries the text's ninjs (`distribution.ninjs.text_ninjs`),
as readers could read it now; a withdrawal carries only which text it was and when. A text
that is not public yet (published with a time still ahead) is held until its time; one that
is no longer public, or never was, is not sent at all.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from communique.delivery.webhooks import conf
from communique.delivery.webhooks.models import Delivery, Event
from communique.distribution.ninjs import ninjs_path, text_ninjs
from communique.distribution.selectors import text_for_channel
from communique.newsroom.models import Organisation, Text
from communique.newsroom.selectors import public


class NotYet(Exception):
    """The text's time has not come: send at `until`."""

    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until


class NotPublic(Exception):
    """The text is not public and will not become so: nothing is sent."""


def payload(delivery: Delivery, documents: dict | None = None) -> dict:
    """The JSON document of one delivery; raises NotYet or NotPublic instead of leaking.

    `documents` keeps the ninjs made for earlier deliveries of the same text version (fifty
    endpoints, one document); the gate itself is asked again for every delivery.
    """
    if delivery.event == Event.WITHDRAWN:
        document = _withdrawal(delivery.text_id)
    else:
        version = (
            public(Text.objects.filter(pk=delivery.text_id))
            .values_list("version", flat=True)
            .first()
        )
        key = (delivery.text_id, version)
        if version is not None and documents is not None and key in documents:
            document = documents[key]
        else:
            document = _public_text(delivery.text_id)
            if documents is not None and version is not None:
                documents[key] = document
    found = {
        "event": delivery.event,
        "id": delivery.pk,
        "occurred_at": delivery.occurred_at.isoformat(),
        "text": document,
    }
    if delivery.event == Event.CORRECTED and delivery.correction is not None:
        found["correction"] = {
            "note": delivery.correction.note,
            "made_at": delivery.correction.made_at.isoformat(),
        }
    return found


def _public_text(text_id: int) -> dict:
    text = Text.objects.only("release_id", "language").get(pk=text_id)
    readable = text_for_channel(text.release_id, text.language)  # the public gate
    if readable is None or readable.status != Text.Status.PUBLISHED:
        current = Text.objects.only("status", "published_at").get(pk=text_id)
        if current.status == Text.Status.PUBLISHED and current.published_at > timezone.now():
            raise NotYet(current.published_at)
        raise NotPublic("The text is no longer public.")
    return text_ninjs(readable, base_url=conf.site_url(), organisation=Organisation.current())


def _withdrawal(text_id: int) -> dict:
    # Readers saw it before it was withdrawn; a text withdrawn before its time is never told.
    text = (
        public(Text.objects.filter(pk=text_id), statuses=(Text.Status.WITHDRAWN,))
        .filter(published_at__lte=F("withdrawn_at"))
        .only("release_id", "language", "withdrawn_at")
        .first()
    )
    if text is None:
        raise NotPublic("The text was never public.")
    return {
        "uri": conf.site_url() + ninjs_path(text.release_id, text.language),
        "language": text.language,
        "pubstatus": "canceled",
        "withdrawn_at": text.withdrawn_at.isoformat(),
    }
