"""The signature a receiver checks: HMAC-SHA256 over "{timestamp}.{body}" with the endpoint's
secret, sent as `Communique-Signature: t=<unix time>,v1=<hex digest>` (docs/webhooks.md)."""

import hashlib
import hmac

SIGNATURE_HEADER = "Communique-Signature"
EVENT_HEADER = "Communique-Event"
DELIVERY_HEADER = "Communique-Delivery"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header's value for this body, signed at `timestamp` (seconds since 1970)."""
    signed = str(int(timestamp)).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={int(timestamp)},v1={digest}"


def headers(*, secret: str, timestamp: int, body: bytes, event: str, delivery_id: int) -> dict:
    """Every header of a call: the signature, the event, and the delivery id to deduplicate by."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        EVENT_HEADER: event,
        DELIVERY_HEADER: str(delivery_id),
    }
