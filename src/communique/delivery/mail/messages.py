"""What each message says: built from its row when it is sent, through the public gate.

Rendered in the subscriber's language with the public Jinja2 templates' environment
(autoescaped; the plain-text templates turn escaping off for themselves).
"""

import zoneinfo
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from communique.delivery.mail import conf, selectors
from communique.delivery.mail.models import AccreditedJournalist, Digest, Message, Subscriber
from communique.newsroom.jinja_globals import gregorian_line, hijri_line, record_date
from communique.newsroom.language_fields import pick
from communique.newsroom.languages import direction
from communique.newsroom.models import Organisation, Text
from communique.newsroom.selectors import public

UNSUBSCRIBE_SALT = "communique.delivery.mail.unsubscribe"


def _url(path: str) -> str:
    return conf.site_url() + path


def _in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return _url(reverse(name, kwargs=kwargs or None))


#: Where each subscriber's signed token goes in a path reversed once per language.
TOKEN_SLOT = "TOKEN"  # noqa: S105  # nosec B105  # a placeholder, not a secret


@lru_cache(maxsize=64)
def _path(language: str, name: str) -> str:
    """A path with a slot for its token, reversed once per language (not per message)."""
    with translation.override(language):
        return reverse(name, kwargs={"token": TOKEN_SLOT})


def links(subscriber: Subscriber) -> dict[str, str]:
    """The signed addresses every message carries: change or cancel, and unsubscribe."""
    language = subscriber.language
    manage = selectors.token_for(subscriber, salt=selectors.MANAGE_SALT)
    unsubscribe = selectors.token_for(subscriber, salt=UNSUBSCRIBE_SALT)
    return {
        "manage": _url(_path(language, "delivery:manage").replace(TOKEN_SLOT, manage)),
        "unsubscribe": _url(
            _path(language, "delivery:unsubscribe").replace(TOKEN_SLOT, unsubscribe)
        ),
    }


def release_facts(text: Text, language: str) -> dict:
    """What a message says of a text: number, both dates, office, links to page and PDF."""
    release = text.release
    return {
        "text": text,
        "release": release,
        "office": pick(release.office.name, language),
        "kind": release.get_kind_display(),
        "number": release.number,
        "hijri": hijri_line(release, language),
        "gregorian": gregorian_line(release.issue_date, language),
        "page_url": _url(text.get_absolute_url()),
        "pdf_url": _in(text.language, "distribution:pdf", pk=release.pk),
        "text_direction": direction(text.language),
    }


def digest_candidates(digest: Digest) -> list[Text]:
    """The public texts first published in the digest's day, with what an item shows."""
    return list(
        public(
            Text.objects.filter(
                published_at__gte=digest.period_start, published_at__lt=digest.period_end
            )
        )
        .select_related("release__office")
        .prefetch_related("release__office__month_overrides", "release__categories")
        .order_by("published_at", "pk")
    )


def digest_texts(subscriber: Subscriber, texts: list[Text]) -> list[Text]:
    """One text per release the subscriber wants: in their language, else the original."""
    by_release: dict[int, dict[str, Text]] = {}
    for text in texts:
        by_release.setdefault(text.release_id, {})[text.language] = text
    chosen = []
    for versions in by_release.values():
        text = versions.get(subscriber.language) or next(
            (text for text in versions.values() if text.is_original), None
        )
        if text is None:
            continue
        category_ids = {category.pk for category in text.release.categories.all()}
        if subscriber.wants(text.release, category_ids):
            chosen.append(text)
    return chosen


def _content(message: Message, subscriber: Subscriber, cache: dict) -> tuple[str, str, dict] | None:
    """(subject, template, context) for the row, or None when nothing is to be sent."""
    language = subscriber.language
    kind = message.kind
    if kind == Message.Kind.CONFIRMATION:
        token = selectors.token_for(subscriber, salt=selectors.CONFIRM_SALT)
        return (
            _("Please confirm your subscription"),
            "confirmation",
            {"confirm_url": _in(language, "delivery:confirm", token=token)},
        )
    if kind == Message.Kind.MANAGE:
        return _("Your subscription"), "manage", {}
    if kind == Message.Kind.DIGEST:
        texts = digest_texts(subscriber, _candidates(message.digest, cache))
        if not texts:
            return None
        items = [release_facts(text, language) for text in texts]
        day = record_date_for(message.digest)
        return _("Releases of %(day)s") % {"day": day}, "digest", {"items": items, "day": day}
    statuses = (Text.Status.PUBLISHED,)
    if kind == Message.Kind.WITHDRAWAL:
        statuses = Text.PUBLIC_STATUSES
    text = selectors.public_text(message.text_id, statuses=statuses)
    if text is None or (kind == Message.Kind.WITHDRAWAL and text.status != Text.Status.WITHDRAWN):
        return None  # not public (any more): nothing goes out
    facts = release_facts(text, language)
    facts["fallback"] = text.language != language
    facts["text_language"] = dict(settings.LANGUAGES).get(text.language, text.language)
    if kind == Message.Kind.RELEASE:
        return text.title, "release", facts
    if kind == Message.Kind.CORRECTION:
        facts["correction"] = message.correction
        return _("Corrected: %(title)s") % {"title": text.title}, "correction", facts
    facts["withdrawn"] = record_date(text.withdrawn_at, text.release.office, language)
    return _("Withdrawn: %(title)s") % {"title": text.title}, "withdrawal", facts


def record_date_for(digest: Digest) -> str:
    """The digest's day in both calendars."""
    return f"{hijri_line(digest.day)} · {gregorian_line(digest.day)}"


def _candidates(digest: Digest, cache: dict) -> list[Text]:
    key = ("candidates", digest.pk)
    if key not in cache:
        cache[key] = digest_candidates(digest)
    return cache[key]


def _shared_key(message: Message, subscriber: Subscriber, cache: dict) -> tuple | None:
    """What makes two rows' messages the same but for the subscriber's own links."""
    if message.kind in (Message.Kind.CONFIRMATION, Message.Kind.MANAGE):
        return None
    if message.kind == Message.Kind.DIGEST:
        texts = digest_texts(subscriber, _candidates(message.digest, cache))
        return (message.kind, message.digest_id, subscriber.language, *[t.pk for t in texts])
    return (message.kind, message.text_id, message.correction_id, subscriber.language)


def _render(message: Message, subscriber: Subscriber, cache: dict) -> tuple | None:
    """(subject, plain, html) with placeholders for the subscriber's links, or None."""
    with translation.override(subscriber.language):
        content = _content(message, subscriber, cache)
        if content is None:
            return None
        subject, template, context = content
        if "site_name" not in cache:
            cache["site_name"] = {}
        names = cache["site_name"]
        if subscriber.language not in names:
            names[subscriber.language] = pick(Organisation.current().name, subscriber.language)
        context.update(
            subject=subject,
            language=subscriber.language,
            direction=direction(subscriber.language),
            site_name=names[subscriber.language],
            site_url=conf.site_url(),
            links={"manage": MANAGE_PLACEHOLDER, "unsubscribe": UNSUBSCRIBE_PLACEHOLDER},
            kind=message.kind,
        )
        plain = render_to_string(f"delivery/mail/{template}.txt", context)
        html = render_to_string(f"delivery/mail/{template}.html", context)
    return subject, plain, html


MANAGE_PLACEHOLDER = "urn:communique:manage"
UNSUBSCRIBE_PLACEHOLDER = "urn:communique:unsubscribe"


def build(message: Message, cache: dict | None = None) -> EmailMultiAlternatives | None:
    """The e-mail for a row, or None when it must not go (unsubscribed, not public).

    `cache` is shared by the rows of one batch: a release is checked against the public gate
    and rendered once per language, and only each subscriber's own links are put in.
    """
    cache = {} if cache is None else cache
    if message.kind == Message.Kind.ADVANCE:
        return build_advance(message)
    subscriber = message.subscriber
    if subscriber is None:
        return None
    notice = message.kind in (Message.Kind.CONFIRMATION, Message.Kind.MANAGE)
    if not notice and (subscriber.confirmed_at is None or subscriber.bouncing_since is not None):
        return None
    key = _shared_key(message, subscriber, cache)
    if key is None or key not in cache:
        rendered = _render(message, subscriber, cache)
        if key is not None:
            cache[key] = rendered
    else:
        rendered = cache[key]
    if rendered is None:
        return None
    subject, plain, html = rendered
    own = links(subscriber)
    for placeholder, address in (
        (MANAGE_PLACEHOLDER, own["manage"]),
        (UNSUBSCRIBE_PLACEHOLDER, own["unsubscribe"]),
    ):
        plain, html = plain.replace(placeholder, address), html.replace(placeholder, address)
    headers = {"Message-ID": message.message_id(urlsplit(conf.site_url()).hostname or "localhost")}
    if message.kind != Message.Kind.CONFIRMATION:
        # RFC 8058: a mail client may unsubscribe with one POST to this address.
        headers["List-Unsubscribe"] = f"<{own['unsubscribe']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=subject, body=plain, to=[subscriber.email], headers=headers
    )
    email.attach_alternative(html, "text/html")
    return email


def embargo_line(until, journalist: AccreditedJournalist, language: str) -> str:
    """The embargo's end in the journalist's zone, in both calendars, with the zone named."""
    local = until.astimezone(zoneinfo.ZoneInfo(journalist.time_zone))
    day = local.date()
    dates = f"{hijri_line(day, language)} · {gregorian_line(day, language)}"
    return f"{dates}, {local:%H:%M} ({journalist.time_zone})"


def build_advance(message: Message) -> EmailMultiAlternatives | None:
    """An advance copy: the release, under embargo until its time, to one journalist."""
    from communique.delivery.mail.services import embargo_until

    journalist = message.journalist
    if journalist is None or not journalist.active:
        return None
    text = (
        Text.objects.filter(pk=message.text_id)
        .select_related("release__office")
        .prefetch_related("release__office__month_overrides")
        .first()
    )
    until = embargo_until(text) if text is not None else None
    if until is None:  # public by now (no embargo to speak of), withdrawn or back to draft
        return None
    language = journalist.language
    with translation.override(language):
        facts = release_facts(text, language)
        embargo = embargo_line(until, journalist, language)
        subject = _("EMBARGOED until %(time)s: %(title)s") % {"time": embargo, "title": text.title}
        context = {
            **facts,
            "subject": subject,
            "embargo": embargo,
            "language": language,
            "direction": direction(language),
            "site_name": pick(Organisation.current().name, language),
            "journalist": journalist,
            "fallback": False,
            "kind": message.kind,
        }
        plain = render_to_string("delivery/mail/advance.txt", context)
        html = render_to_string("delivery/mail/advance.html", context)
    headers = {"Message-ID": message.message_id(urlsplit(conf.site_url()).hostname or "localhost")}
    email = EmailMultiAlternatives(
        subject=subject, body=plain, to=[journalist.email], headers=headers
    )
    email.attach_alternative(html, "text/html")
    return email
