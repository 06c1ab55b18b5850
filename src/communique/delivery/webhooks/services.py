"""Writes: a delivery row per endpoint with each change, and sending them.

A delivery is written inside the change's transaction (the editorial signals are sent
there), so a publication that commits has its deliveries and one that rolls back has none.
Sending happens after the commit, by the worker: a task enqueued on commit, and every worker
round whatever is due (retries, and what a lost task left). A worker takes a delivery by
moving its next attempt ahead by a lease, in one conditional UPDATE, so two workers never
send it at once; a worker killed mid-send leaves it to be sent again when the lease runs
out, which is the one case where a receiver sees a delivery twice (the `Communique-Delivery`
header lets it notice).
"""

import datetime
import http.client
import json
import logging
import time

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communique.delivery.webhooks import conf, payloads, selectors, signing, transport
from communique.delivery.webhooks.models import Attempt, Delivery, Endpoint, Event
from communique.newsroom.models import Correction, Text

logger = logging.getLogger(__name__)

Status = Delivery.Status
Outcome = Attempt.Outcome
#: The 4xx answers worth trying again (besides every 5xx): a timeout, too many requests.
RETRY_STATUSES = frozenset({408, 429})
_EXCERPT_CHARS = 500


def _lease() -> datetime.timedelta:
    # Longer than any call can take (transport.post gives up after three timeouts).
    return datetime.timedelta(seconds=3 * conf.timeout_seconds() + 30)


# --- writing deliveries -------------------------------------------------------------------


def deliveries_create(
    *, event: str, text: Text, occurred_at: datetime.datetime, correction: Correction | None = None
) -> list[Delivery]:
    """One pending delivery per active endpoint that follows this event for this text; they
    are sent once the surrounding transaction commits."""
    now = timezone.now()
    retry_until = max(now, text.published_at or now) + datetime.timedelta(
        seconds=conf.retry_for_seconds()
    )
    rows = [
        Delivery(
            endpoint=endpoint,
            event=event,
            text=text,
            correction=correction if event == Event.CORRECTED else None,
            occurred_at=occurred_at,
            next_attempt_at=now,
            retry_until=retry_until,
        )
        for endpoint in selectors.active_endpoints()
        if endpoint.wants(event, text)
    ]
    if not rows:
        return []
    created = Delivery.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    transaction.on_commit(lambda: enqueue(ids))
    return created


def enqueue(delivery_ids: list[int]) -> None:
    """Ask the worker to send these now; if the queue is unavailable, its rounds still will."""
    from communique.delivery.webhooks.tasks import send_webhooks

    try:
        send_webhooks.enqueue(delivery_ids)
    except Exception:
        logger.exception("Could not enqueue webhook deliveries %s", delivery_ids)


@transaction.atomic
def send_again(deliveries) -> tuple[int, int]:
    """Queue deliveries again, whatever became of them (the same delivery id: a receiver that
    took it once may ignore it). Returns (queued, refused because the endpoint is inactive)."""
    now = timezone.now()
    queued, refused = [], 0
    chosen = Delivery.objects.filter(pk__in=deliveries.values("pk")).select_related("endpoint")
    for delivery in chosen.select_for_update(of=("self",)):
        if not delivery.endpoint.is_active:
            refused += 1
            continue
        delivery.status = Status.PENDING
        delivery.next_attempt_at = now
        delivery.retry_until = now + datetime.timedelta(seconds=conf.retry_for_seconds())
        delivery.last_error = ""
        delivery.save(update_fields=["status", "next_attempt_at", "retry_until", "last_error"])
        queued.append(delivery.pk)
    if queued:
        transaction.on_commit(lambda: enqueue(queued))
    return len(queued), refused


@transaction.atomic
def endpoint_rotate_secret(endpoint: Endpoint) -> Endpoint:
    """A new signing secret; calls are signed with it from now on."""
    from communique.delivery.webhooks.models import new_secret

    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


@transaction.atomic
def endpoint_disable(endpoint: Endpoint, *, reason: str) -> Endpoint:
    """Stop calling an endpoint, saying why; what it was still owed is not sent."""
    Endpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason[:300]
    )
    endpoint.deliveries.filter(status=Status.PENDING).update(
        status=Status.CANCELLED, last_error=reason[:500]
    )
    endpoint.refresh_from_db()
    return endpoint


# --- sending ------------------------------------------------------------------------------


def _claim(delivery_id: int, now: datetime.datetime) -> Delivery | None:
    """Take a due delivery for this worker, or None if it is not due or another has it."""
    taken = Delivery.objects.filter(
        pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + _lease())
    if not taken:
        return None
    return Delivery.objects.select_related("endpoint", "correction").get(pk=delivery_id)


def delivery_send(delivery_id: int, *, documents: dict | None = None) -> Delivery | None:
    """Send one due delivery (no transaction is held during the call); None if not due.
    `documents` is shared by the deliveries of one round (see `payloads.payload`)."""
    delivery = _claim(delivery_id, timezone.now())
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return _close(delivery, Status.CANCELLED, _("The endpoint is inactive."))
    started_at, clock = timezone.now(), time.monotonic()
    try:
        document = payloads.payload(delivery, documents)
    except payloads.NotYet as wait:
        return _hold(delivery, until=wait.until)
    except payloads.NotPublic:
        return _close(delivery, Status.CANCELLED, _("Not sent: the text is not public."))
    except DatabaseError:
        raise  # the worker backs off and the lease brings the delivery back
    except Exception as failure:  # a bug of ours must not stop the worker: retried, logged
        logger.exception("Could not build webhook delivery %s", delivery.pk)
        return _record(
            delivery,
            started_at=started_at,
            duration_ms=0,
            answer=None,
            error=_("Could not build the call: %(error)s") % {"error": _describe(failure)},
            permanent=False,
        )
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    headers = signing.headers(
        secret=endpoint.secret,
        timestamp=int(time.time()),
        body=body,
        event=delivery.event,
        delivery_id=delivery.pk,
    )
    started_at, clock = timezone.now(), time.monotonic()
    answer, error, permanent = None, "", False
    try:
        answer = transport.post(
            endpoint.url, body=body, headers=headers, timeout=conf.timeout_seconds()
        )
    except transport.Refused as refusal:
        error, permanent = str(refusal), True
    except ValueError as malformed:  # an address http.client or IDNA cannot take
        error, permanent = _describe(malformed), True
    except (OSError, http.client.HTTPException) as failure:
        error = _describe(failure)
    duration_ms = round((time.monotonic() - clock) * 1000)
    return _record(
        delivery,
        started_at=started_at,
        duration_ms=duration_ms,
        answer=answer,
        error=error,
        permanent=permanent,
    )


def _describe(failure: Exception) -> str:
    if isinstance(failure, TimeoutError):
        return str(failure) or _("No answer in time.")
    return f"{type(failure).__name__}: {failure}"[:_EXCERPT_CHARS]


def _hold(delivery: Delivery, *, until: datetime.datetime) -> Delivery:
    """Not public yet: due again at its time, with a whole retry period from then."""
    delivery.next_attempt_at = until
    delivery.retry_until = max(
        delivery.retry_until, until + datetime.timedelta(seconds=conf.retry_for_seconds())
    )
    delivery.save(update_fields=["next_attempt_at", "retry_until"])
    return delivery


def _close(delivery: Delivery, status: str, why: str) -> Delivery:
    delivery.status = status
    delivery.last_error = why[:500]
    delivery.save(update_fields=["status", "last_error"])
    return delivery


def retry_wait(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: doubling from the first retry's."""
    seconds = conf.first_retry_seconds() * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, conf.max_retry_seconds()))


@transaction.atomic
def _record(
    delivery: Delivery,
    *,
    started_at: datetime.datetime,
    duration_ms: int,
    answer: transport.Answer | None,
    error: str,
    permanent: bool,
) -> Delivery:
    """Log the attempt and decide: delivered, tried again later, given up, or endpoint gone."""
    if not Delivery.objects.select_for_update().filter(pk=delivery.pk).exists():
        return delivery  # its endpoint was deleted during the call: nothing left to log
    now = timezone.now()
    status_code = answer.status if answer else None
    delivery.attempts += 1
    if status_code is not None and 200 <= status_code < 300:
        outcome = Outcome.DELIVERED
        delivery.status, delivery.delivered_at, error = Status.DELIVERED, now, ""
    elif status_code == 410:
        outcome = Outcome.DISABLED
        error = _("The endpoint answered 410 Gone: it was disabled.")
        delivery.status = Status.FAILED
    elif status_code is not None and 300 <= status_code < 400:
        outcome, delivery.status = Outcome.GAVE_UP, Status.FAILED
        error = _("Answered %(status)d: redirects are not followed.") % {"status": status_code}
    elif status_code is not None and status_code < 500 and status_code not in RETRY_STATUSES:
        outcome, delivery.status = Outcome.GAVE_UP, Status.FAILED
        error = _("Answered %(status)d: the endpoint refused it.") % {"status": status_code}
    elif permanent:
        outcome, delivery.status = Outcome.GAVE_UP, Status.FAILED
    else:
        error = error or _("Answered %(status)d.") % {"status": status_code}
        wait = retry_wait(delivery.attempts)
        if now + wait > delivery.retry_until:
            outcome, delivery.status = Outcome.GAVE_UP, Status.FAILED
        else:
            outcome = Outcome.RETRY
            delivery.next_attempt_at = now + wait
    delivery.last_error = error[:500]
    delivery.save(
        update_fields=["attempts", "status", "delivered_at", "next_attempt_at", "last_error"]
    )
    Attempt.objects.create(
        delivery=delivery,
        started_at=started_at,
        duration_ms=duration_ms,
        status_code=status_code,
        error=error[:500],
        response_excerpt=(answer.excerpt if answer else "")[:_EXCERPT_CHARS],
        outcome=outcome,
    )
    if outcome == Outcome.DISABLED:
        reason = _("Answered 410 Gone on %(time)s (delivery %(id)d).") % {
            "time": f"{now:%Y-%m-%d %H:%M} UTC",
            "id": delivery.pk,
        }
        endpoint_disable(delivery.endpoint, reason=reason)
    return delivery


def send_due(*, limit: int | None = None) -> int:
    """Send what is due (the worker's round); how many were delivered. An endpoint that fails
    for want of an answer is left alone for the rest of the round, so one dead partner does
    not hold the worker for minutes."""
    delivered = 0
    unreachable: set[int] = set()
    documents: dict = {}
    due = selectors.due_deliveries(timezone.now(), limit=limit or conf.batch_size())
    for delivery_id, endpoint_id in due:
        if endpoint_id in unreachable:
            continue
        sent = delivery_send(delivery_id, documents=documents)
        if sent is None:
            continue
        if sent.status == Status.DELIVERED:
            delivered += 1
        elif sent.status == Status.PENDING and sent.last_error:
            unreachable.add(endpoint_id)
    return delivered
