"""Anti-abuse: the checks a comment passes before it reaches the moderation queue.

Each check raises `Refusal` with a calm message for the reader and an HTTP status; none of
them ever stores the reader's network address, only a salted hash of it.
"""

import datetime
import hashlib
import ipaddress
import re
import secrets
import time
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communique.comments import conf
from communique.comments.models import BlockRule, Comment, RateCounter, SpentFormToken

TOKEN_SALT = "communique.comments.form"  # noqa: S105  # nosec B105  # a namespace, not a secret
ADDRESS_SALT = "communique.comments.address"
# The field a person never sees and a form-filling robot fills.
HONEYPOT_FIELD = "subject"
# A long comment posted again anywhere within this time is a flood, whoever sends it.
FLOOD_WINDOW = timedelta(days=1)
FLOOD_MIN_LENGTH = 40

LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)([^\s/?#<>\"'()\[\]]*)", re.IGNORECASE)


class Refusal(Exception):
    """A comment refused for a reason the reader is told in plain words."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        retry_after: int | None = None,
        form_again: bool = True,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after
        # Whether sending the form again can help (it cannot once comments are closed).
        self.form_again = form_again


def closed_refusal() -> Refusal:
    return Refusal(_("Comments on this release are closed."), status=403, form_again=False)


# The network address ------------------------------------------------------------------------


def address_hash(request) -> str:
    """A salted hash of the reader's network address (for IPv6 the /64 one person holds)."""
    raw = request.META.get(conf.client_address_header()) or request.META.get("REMOTE_ADDR") or ""
    return hash_address(raw)


def hash_address(raw: str) -> str:
    raw = raw.split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        network = raw or "unknown"
    else:
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        if address.version == 6:
            network = str(ipaddress.ip_network(f"{address}/64", strict=False))
        else:
            network = str(address)
    return salted_hmac(ADDRESS_SALT, network, algorithm="sha256").hexdigest()


def check_rate(
    address: str,
    *,
    now: float | None = None,
    scope: str = "",
    limits: list[tuple[int, int]] | None = None,
    message: str | None = None,
) -> None:
    """Count a post from this address; refuse it when a window's limit is exceeded.

    Other forms count under their own `scope` with their own `limits` and `message` (the
    subscribe form does); the defaults are the comment form's.

    Counted in the database: one `UPDATE … SET count = count + 1` per window, which two
    processes cannot both read before either writes (the file cache's incr can), so a limit of
    5 lets exactly 5 through.
    """
    now = time.time() if now is None else now
    for limit, seconds in conf.rate_limits() if limits is None else limits:
        window = int(now // seconds)
        key = f"{scope}{seconds}:{window}:{address}"
        if _count(key, expires=(window + 1) * seconds, now=now) > limit:
            retry_after = int(seconds - now % seconds) + 1
            raise Refusal(
                message
                or _(
                    "You have sent several comments in a short time. Please wait a while "
                    "and send yours again; what you wrote is kept below."
                ),
                status=429,
                retry_after=retry_after,
            )


def _count(key: str, *, expires: float, now: float) -> int:
    """Add one to a window's counter and return it (atomic on SQLite and PostgreSQL)."""
    expires_at = datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)
    passed = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=expires_at)
            except IntegrityError:  # another post created it meanwhile: count on it
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
            else:
                RateCounter.objects.filter(expires_at__lt=passed).delete()
        return RateCounter.objects.values_list("count", flat=True).get(key=key)


# The form itself ----------------------------------------------------------------------------


def form_token(
    *, release_id: int, language: str, address: str, issued_at: float | None = None
) -> str:
    """A signed note of which text the form is for, for whom (a hash of the address), when it
    was handed out, and a random nonce that is recorded when the token carries a comment.

    Handed out by `token` (an uncached address the form's script asks on each page load),
    never printed into a cacheable page, so no two readers share one.
    """
    issued_at = time.time() if issued_at is None else issued_at
    nonce = secrets.token_hex(16)
    note = [release_id, language, int(issued_at), nonce, address[:16]]
    return signing.dumps(note, salt=TOKEN_SALT, compress=False)


def check_token(
    token: str | None, *, release_id: int, language: str, address: str, now: float | None = None
) -> str:
    """Refuse a form sent faster than a person writes, too old, shown for another text or to
    another reader, or already used; return the token's nonce (see `spend_token`).

    Needs no database, so that robots are turned away before any query.
    """
    now = time.time() if now is None else now
    try:
        shown_for_release, shown_in_language, issued_at, nonce, shown_to = signing.loads(
            token or "", salt=TOKEN_SALT
        )
    except (signing.BadSignature, TypeError, ValueError):
        shown_for_release = shown_in_language = issued_at = nonce = shown_to = None
    if (
        (shown_for_release, shown_in_language) != (release_id, language)
        or not isinstance(issued_at, int)
        or not isinstance(nonce, str)
        or shown_to != address[:16]
    ):
        raise Refusal(_("This form could not be checked. Please send your comment again."))
    if now - issued_at > conf.form_max_age_seconds():
        raise Refusal(_("This form has expired. Please send your comment again."))
    if now - issued_at < conf.min_fill_seconds():
        raise Refusal(
            _("That was quick! Please take a moment to read your comment over, then send it again.")
        )
    return nonce


def spend_token(nonce: str) -> None:
    """Record that a token carried a comment; refuse it if it already did (call in the
    comment's transaction, so that a refused comment leaves the token usable)."""
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(nonce=nonce, spent_at=timezone.now())
    except IntegrityError:
        raise Refusal(
            _("This form has sent its comment already. To send another, reload the page."),
            status=409,
        ) from None
    horizon = timezone.now() - timedelta(seconds=conf.form_max_age_seconds())
    SpentFormToken.objects.filter(spent_at__lt=horizon).delete()


def check_honeypot(value: str | None) -> None:
    if value:
        raise Refusal(
            _(
                "Your comment could not be sent. If you filled in the field “Leave this field "
                "empty”, please clear it and send again."
            )
        )


# What the comment says ----------------------------------------------------------------------


def normalise(body: str) -> str:
    return " ".join(body.casefold().split())


def fingerprint(body: str) -> str:
    """The same words with other spacing or capitals give the same fingerprint."""
    return hashlib.sha256(normalise(body).encode()).hexdigest()


def link_hosts(body: str) -> list[str]:
    """The host of every web address in a text, lower-cased (`www.` forms count too)."""
    return [match.group(1).lower().rstrip(".,;:!") for match in LINK.finditer(body)]


def check_links(body: str) -> None:
    limit = conf.max_links()
    if len(link_hosts(body)) > limit:
        raise Refusal(
            ngettext(
                "A comment may contain at most %(limit)d web address. Please remove some "
                "and send it again.",
                "A comment may contain at most %(limit)d web addresses. Please remove some "
                "and send it again.",
                limit,
            )
            % {"limit": limit}
        )


def _host(url: str) -> str:
    hosts = link_hosts(url)
    return hosts[0] if hosts else ""


def _in_domain(host: str, domain: str) -> bool:
    host = host.split(":")[0].split("@")[-1]
    return host == domain or host.endswith(f".{domain}")


def check_block_list(*, name: str, email: str, website: str, body: str, address: str) -> None:
    """Refuse a comment that matches an entry of the administrators' block list."""
    rules = list(BlockRule.objects.values_list("kind", "value"))
    if not rules:
        return
    words = normalise(" ".join((name, website, body)))
    email = email.strip().lower()
    hosts = [email.rpartition("@")[2], *link_hosts(body)]
    if website:
        hosts.append(_host(website))
    for kind, value in rules:
        if (
            (kind == BlockRule.Kind.PHRASE and normalise(value) in words)
            or (kind == BlockRule.Kind.EMAIL and value == email)
            or (kind == BlockRule.Kind.DOMAIN and any(_in_domain(h, value) for h in hosts if h))
            or (kind == BlockRule.Kind.ADDRESS and address and value == address)
        ):
            raise Refusal(
                _(
                    "This site does not accept this comment. If you think that is a mistake, "
                    "please write to the press office."
                ),
                status=403,
            )


def check_duplicate(*, text, email: str, body: str, address: str, now=None) -> None:
    """Refuse a comment already sent: to this text by the same person, or anywhere as a flood."""
    now = now or timezone.now()
    sender = Q(email__iexact=email)
    if address:
        sender |= Q(address_hash=address)
    same = Q(text=text) & sender
    if len(normalise(body)) >= FLOOD_MIN_LENGTH:
        same |= Q(created_at__gte=now - FLOOD_WINDOW)
    if Comment.objects.filter(same, fingerprint=fingerprint(body)).exists():
        raise Refusal(
            _("This comment has been sent already. It will appear once a moderator approves it."),
            status=409,
        )


def check_content(*, text, name: str, email: str, website: str, body: str, address: str) -> None:
    """Every check of what a comment says, cheapest first."""
    check_links(body)
    check_block_list(name=name, email=email, website=website, body=body, address=address)
    check_duplicate(text=text, email=email, body=body, address=address)
