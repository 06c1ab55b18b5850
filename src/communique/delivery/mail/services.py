"""Writes of the mail channel: subscribing, the outbox, expanding what was published into
messages, the daily digest, and sending.

Nothing is sent twice. A message is a row before it is sent; a worker *claims* a batch of
rows in a committed transaction (status "sending", its own name on them), sends each over
one connection and commits "sent" right after the server accepted it. Unique constraints
keep one row per (subscriber, release, kind), per correction and per digest, however often
a dispatch is expanded. One window remains: a worker killed after the server accepted a
message and before "sent" was committed (a millisecond). Such a row stays "sending" until
`recover_claims()` sees that its worker is gone and queues it again, so it is not lost;
the copy sent again carries the same Message-ID (`Message.message_id`: from the row's id),
by which a receiving server or mail client can drop the second copy.
"""

import datetime
import logging
import os
import secrets
import smtplib
import socket
import time
import zoneinfo
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communique.delivery.mail import conf, messages, selectors
from communique.delivery.mail.models import (
    AccreditedJournalist,
    Digest,
    Dispatch,
    Message,
    Subscriber,
)
from communique.newsroom.models import Correction, Organisation, Text

logger = logging.getLogger("communique.delivery.mail")

#: Who claims rows in this process: host, pid and a token that a reused pid does not share.
CLAIMANT = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def normalise_email(email: str) -> str:
    """One form per address, whatever capitals or spaces were typed."""
    return email.strip().lower()


# --- subscribing ------------------------------------------------------------------------------


def _queue_notice(subscriber: Subscriber, kind: str) -> Message | None:
    """Queue a confirmation or manage e-mail, at most one per address per interval."""
    since = timezone.now() - timedelta(seconds=conf.resend_interval_seconds())
    if Message.objects.filter(subscriber=subscriber, kind=kind, created_at__gte=since).exists():
        return None
    message = Message.objects.create(subscriber=subscriber, kind=kind)
    enqueue_delivery()
    return message


@transaction.atomic
def subscribe(
    *, email: str, language: str, frequency: str, offices=(), categories=(), kinds=()
) -> Subscriber:
    """Record what a reader asked for and e-mail them; an address already confirmed keeps its
    choices and gets a link to change them instead (the page says the same either way)."""
    address = normalise_email(email)
    subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
    if subscriber is not None and subscriber.confirmed_at is not None:
        _queue_notice(subscriber, Message.Kind.MANAGE)
        return subscriber
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=address, language=language)
        except IntegrityError:  # the same address sent twice at once: one row
            subscriber = Subscriber.objects.select_for_update().get(email=address)
            if subscriber.confirmed_at is not None:
                return subscriber
    _set_choices(
        subscriber,
        language=language,
        frequency=frequency,
        offices=offices,
        categories=categories,
        kinds=kinds,
    )
    _queue_notice(subscriber, Message.Kind.CONFIRMATION)
    return subscriber


def _set_choices(subscriber, *, language, frequency, offices, categories, kinds) -> None:
    subscriber.language = language
    subscriber.frequency = frequency
    subscriber.kinds = sorted(set(kinds))
    subscriber.save(update_fields=["language", "frequency", "kinds"])
    subscriber.offices.set(offices)
    subscriber.categories.set(categories)


@transaction.atomic
def subscription_confirm(subscriber: Subscriber) -> Subscriber:
    """The reader followed the confirmation link: messages may go to them from now on."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def subscription_change(
    subscriber: Subscriber, *, language: str, frequency: str, offices=(), categories=(), kinds=()
) -> Subscriber:
    """New choices from the manage page (reached by a signed link: the address is proven)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _set_choices(
        subscriber,
        language=language,
        frequency=frequency,
        offices=offices,
        categories=categories,
        kinds=kinds,
    )
    if subscriber.bouncing_since is not None:  # they can read us again: try once more
        subscriber.bouncing_since = None
        subscriber.permanent_failures = 0
        subscriber.save(update_fields=["bouncing_since", "permanent_failures"])
    return subscriber


@transaction.atomic
def unsubscribe(subscriber: Subscriber) -> None:
    """Forget the address and every choice; unsent messages to it are then never sent."""
    Message.objects.filter(
        subscriber=subscriber, status__in=[Message.Status.QUEUED, Message.Status.SENDING]
    ).update(status=Message.Status.CANCELLED)
    Subscriber.objects.filter(pk=subscriber.pk).delete()


# --- dispatches: written in the publishing transaction ----------------------------------------


def enqueue_delivery() -> None:
    """Ask the worker to deliver once the current transaction commits."""

    def enqueue():
        from communique.delivery.mail.tasks import deliver_mail

        try:
            deliver_mail.enqueue()
        except Exception:  # the worker's round catches up on it
            logger.exception("Could not enqueue mail delivery")

    transaction.on_commit(enqueue, robust=True)


def dispatch_create(*, text: Text, kind: str, correction: Correction | None = None) -> Dispatch:
    """One light row, whatever the number of subscribers: the worker expands it."""
    dispatch = Dispatch.objects.create(text=text, kind=kind, correction=correction)
    enqueue_delivery()
    return dispatch


def expand_dispatches(*, now: datetime.datetime | None = None) -> int:
    """Turn pending dispatches into message rows; how many dispatches were done."""
    now = now or timezone.now()
    done = 0
    pending = Dispatch.objects.filter(expanded_at__isnull=True).order_by("pk")
    for dispatch_id in list(pending.values_list("pk", flat=True)[:100]):
        with transaction.atomic():
            dispatch = (
                Dispatch.objects.select_for_update()
                .filter(pk=dispatch_id, expanded_at__isnull=True)
                .select_related("text__release")
                .first()
            )
            if dispatch is None or not _expand(dispatch, now=now):
                continue
            dispatch.expanded_at = now
            dispatch.save(update_fields=["expanded_at"])
            done += 1
    return done


def _expand(dispatch: Dispatch, *, now: datetime.datetime) -> bool:
    """Write the dispatch's messages; False to leave it for later (its time has not come)."""
    text = dispatch.text
    if dispatch.kind == Dispatch.Kind.RELEASE:
        if selectors.public_text(text.pk) is None:
            # Published with a time still ahead: wait for it. Anything else (withdrawn before
            # its time, back to draft) is never sent.
            return not (text.status == Text.Status.PUBLISHED and text.published_at > now)
        _expand_release(text, now=now)
    elif dispatch.kind == Dispatch.Kind.CORRECTION:
        if selectors.public_text(text.pk) is not None:
            _expand_notice(text, Message.Kind.CORRECTION, correction=dispatch.correction)
    elif dispatch.kind == Dispatch.Kind.WITHDRAWAL:
        _expand_notice(text, Message.Kind.WITHDRAWAL)
    return True


def _expand_release(text: Text, *, now: datetime.datetime) -> int:
    release = text.release
    languages = Q(language=text.language)
    if text.is_original:
        # Readers of a language the release is not public in get the original, saying so.
        languages |= ~Q(language__in=selectors.public_languages(release))
    ids = selectors.matching_ids(
        Subscriber.objects.filter(
            languages,
            confirmed_at__isnull=False,
            bouncing_since__isnull=True,
            frequency=Subscriber.Frequency.IMMEDIATE,
        ),
        release,
    )
    for start in range(0, len(ids), 1000):  # a thousand rows in memory at a time
        rows = [
            Message(
                subscriber_id=subscriber_id,
                kind=Message.Kind.RELEASE,
                release=release,
                text=text,
                next_attempt_at=now,
            )
            for subscriber_id in ids[start : start + 1000]
        ]
        # ignore_conflicts: a subscriber who has this release already (in another language,
        # or from an earlier expansion) keeps the one row.
        Message.objects.bulk_create(rows, ignore_conflicts=True)
    return len(ids)


def _expand_notice(text: Text, kind: str, *, correction: Correction | None = None) -> int:
    """A correction or withdrawal notice, only to those who received the text."""
    received = Message.objects.filter(
        kind=Message.Kind.RELEASE,
        text=text,
        status=Message.Status.SENT,
        subscriber__isnull=False,
        subscriber__bouncing_since__isnull=True,
    ).values_list("subscriber_id", flat=True)
    rows = [
        Message(
            subscriber_id=subscriber_id,
            kind=kind,
            release=text.release,
            text=text,
            correction=correction,
        )
        for subscriber_id in received
    ]
    Message.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


# --- the daily digest -------------------------------------------------------------------------


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(Organisation.current().clock_time_zone)


def digest_due(*, now: datetime.datetime | None = None) -> Digest | None:
    """Make today's digest once its time has come in the organisation's zone (once a day)."""
    now = now or timezone.now()
    zone = _zone()
    local = now.astimezone(zone)
    at = conf.digest_time()
    if local.time() < at or Digest.objects.filter(day=local.date()).exists():
        return None
    period_end = datetime.datetime.combine(local.date(), at, tzinfo=zone).astimezone(datetime.UTC)
    previous = Digest.objects.order_by("-day").first()
    period_start = previous.period_end if previous else period_end - timedelta(days=1)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                day=local.date(), period_start=period_start, period_end=period_end
            )
            _expand_digest(digest)
    except IntegrityError:  # another worker made it first
        return None
    enqueue_delivery()
    return digest


def _expand_digest(digest: Digest) -> int:
    subscribers = selectors.receiving().filter(frequency=Subscriber.Frequency.DAILY)
    texts = messages.digest_candidates(digest)
    rows = [
        Message(subscriber=subscriber, kind=Message.Kind.DIGEST, digest=digest)
        for subscriber in subscribers
        if messages.digest_texts(subscriber, texts)
    ]
    Message.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


# --- sending ----------------------------------------------------------------------------------


def _claimant_gone(claimant: str) -> bool:
    """Whether the process that claimed rows is no longer running (on this machine)."""
    if claimant == CLAIMANT:
        return True  # ours, while we send nothing: a batch of ours was cut short
    host, _sep, rest = claimant.partition(":")
    pid, _sep, token = rest.partition(":")
    if host != CLAIMANT.partition(":")[0] or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # our pid, another token: an earlier incarnation
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_claims(*, now: datetime.datetime | None = None) -> int:
    """Queue again the rows a dead worker claimed and did not finish."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=conf.stale_claim_seconds())
    claimed = Message.objects.filter(status=Message.Status.SENDING)
    recovered = 0
    for claimant in set(claimed.values_list("claimed_by", flat=True)):
        rows = claimed.filter(claimed_by=claimant)
        if not _claimant_gone(claimant):
            rows = rows.filter(claimed_at__lt=stale)
        count = rows.update(status=Message.Status.QUEUED, claimed_by="")
        if count:
            logger.warning(
                "%d messages claimed by %s were left unsent; queued again", count, claimant
            )
        recovered += count
    return recovered


def _claim(now: datetime.datetime) -> list[Message]:
    """Take a batch of due rows for this process, committed before anything is sent."""
    with transaction.atomic():
        due = Message.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            status=Message.Status.QUEUED,
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[: conf.batch_size()])
        Message.objects.filter(pk__in=ids, status=Message.Status.QUEUED).update(
            status=Message.Status.SENDING,
            claimed_by=CLAIMANT,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    return list(
        Message.objects.filter(pk__in=ids, status=Message.Status.SENDING, claimed_by=CLAIMANT)
        .select_related("subscriber", "journalist")
        .order_by("pk")
    )


def smtp_code(error: Exception) -> int | None:
    """The SMTP reply code of a failure, None when the server never answered."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return next(iter(error.recipients.values()))[0]
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most six hours."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 6 * 3600))


def _finish(message: Message, **fields) -> None:
    # Only the claim of this process is finished: a row recovered meanwhile is left alone.
    Message.objects.filter(pk=message.pk, claimed_by=CLAIMANT).update(claimed_by="", **fields)


def _failed(message: Message, error: Exception, *, now: datetime.datetime) -> None:
    code = smtp_code(error)
    detail = f"{type(error).__name__}: {error}"[:500]
    if code is not None and 500 <= code < 600:
        _finish(message, status=Message.Status.FAILED, last_error=detail)
        if message.subscriber_id:
            with transaction.atomic():
                subscriber = Subscriber.objects.select_for_update().get(pk=message.subscriber_id)
                subscriber.permanent_failures += 1
                if subscriber.permanent_failures >= conf.bounce_after():
                    subscriber.bouncing_since = subscriber.bouncing_since or now
                subscriber.save(update_fields=["permanent_failures", "bouncing_since"])
    elif message.attempts >= conf.max_attempts():
        _finish(message, status=Message.Status.FAILED, last_error=detail)
    else:
        _finish(
            message,
            status=Message.Status.QUEUED,
            last_error=detail,
            next_attempt_at=now + backoff(message.attempts),
        )


def _send_batch(batch: list[Message], *, now: datetime.datetime) -> int:
    sent = 0
    smtp = get_connection()
    try:
        smtp.open()
    except Exception as error:  # connection refused, DNS, TLS: every row is tried later
        for message in batch:
            _failed(message, error, now=now)
        return 0
    cache: dict = {}  # a release is checked and rendered once per language and batch
    try:
        for message in batch:
            email = messages.build(message, cache)
            if email is None:  # no longer public, or nobody to send it to
                _finish(message, status=Message.Status.CANCELLED)
                continue
            email.connection = smtp
            try:
                email.send()
            except Exception as error:
                _failed(message, error, now=now)
                smtp.close()  # the conversation may be broken: start a new one
                try:
                    smtp.open()
                except Exception:
                    logger.warning("Mail server unavailable; the rest of the batch waits")
            else:
                _finish(message, status=Message.Status.SENT, sent_at=timezone.now(), last_error="")
                sent += 1
    finally:
        smtp.close()
    return sent


def send_due(*, now: datetime.datetime | None = None, budget: float | None = None) -> int:
    """Send every due message, batch by batch (for at most `budget` seconds); how many."""
    started = time.monotonic()
    sent = 0
    while batch := _claim(now or timezone.now()):
        sent += _send_batch(batch, now=now or timezone.now())
        if budget is not None and time.monotonic() - started > budget:
            break
    return sent


def deliver(*, now: datetime.datetime | None = None, budget: float | None = None) -> int:
    """All the mail work: recover lost claims, expand dispatches, the digest, then send."""
    recover_claims(now=now)
    expand_dispatches(now=now)
    digest_due(now=now)
    return send_due(now=now, budget=budget)


# --- advance copies under embargo -------------------------------------------------------------


def embargo_until(text: Text) -> datetime.datetime | None:
    """When a text not yet public becomes public: its scheduled or its publication time."""
    now = timezone.now()
    if text.status == Text.Status.SCHEDULED and text.scheduled_for:
        return text.scheduled_for
    if text.status == Text.Status.PUBLISHED and text.published_at and text.published_at > now:
        return text.published_at
    return None


def advance_copies_send(text: Text, *, by) -> list[Message]:
    """Queue the office's accredited journalists an advance copy of a scheduled text.

    An editor of the text's office only; the audit log records it. The public and the
    subscribers still get nothing before the time (their messages go through the gate).
    """
    from communique.editorial import selectors as roles
    from communique.editorial.models import AuditEntry
    from communique.editorial.services import audit

    with transaction.atomic():
        text = Text.objects.select_for_update().select_related("release__office").get(pk=text.pk)
        if roles.role_in(by, text.release.office_id) not in roles.EDITORS:
            raise PermissionDenied(_("Only the office's editors may send advance copies."))
        if embargo_until(text) is None:
            raise ValidationError(
                _("Only a text whose time has not come yet can be sent ahead of it.")
            )
        journalists = AccreditedJournalist.objects.filter(
            office_id=text.release.office_id, active=True
        )
        rows = [
            Message(
                journalist=journalist,
                kind=Message.Kind.ADVANCE,
                release_id=text.release_id,
                text=text,
            )
            for journalist in journalists
        ]
        already = set(
            Message.objects.filter(kind=Message.Kind.ADVANCE, text=text).values_list(
                "journalist_id", flat=True
            )
        )
        rows = [row for row in rows if row.journalist_id not in already]
        Message.objects.bulk_create(rows, ignore_conflicts=True)
        audit(
            AuditEntry.Action.ADVANCE_COPIES,
            by=by,
            subject=text,
            office=text.release.office_id,
            detail=ngettext(
                "to %(count)d accredited journalist",
                "to %(count)d accredited journalists",
                len(rows),
            )
            % {"count": len(rows)},
        )
        enqueue_delivery()
    return rows
