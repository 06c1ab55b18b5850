"""The receiver in docs/webhooks.md, run as printed: it accepts our calls and rejects forged,
tampered and stale ones."""

import http.client
import json
import time

import pytest

from communique.delivery.webhooks import services, signing
from tests.delivery.webhooks.receiver import docs_verifier

verify, Rejected = docs_verifier()
SECRET = "whsec_test-secret"
BODY = json.dumps({"event": "published", "id": 7}).encode()


def test_the_docs_verifier_accepts_a_call_signed_now():
    header = signing.signature(SECRET, int(time.time()), BODY)
    assert verify(SECRET, header, BODY) == {"event": "published", "id": 7}


@pytest.mark.parametrize(
    "header, body",
    [
        (signing.signature("whsec_someone-else", int(time.time()), BODY), BODY),
        (signing.signature(SECRET, int(time.time()), BODY), BODY.replace(b"7", b"8")),
        (f"t={int(time.time())},v1={'0' * 64}", BODY),
        ("v1=abc", BODY),
        ("", BODY),
    ],
    ids=["another secret", "tampered body", "made-up digest", "no time", "no header"],
)
def test_the_docs_verifier_rejects_a_forged_signature(header, body):
    with pytest.raises(Rejected):
        verify(SECRET, header, body)


def test_the_docs_verifier_rejects_a_stale_signature():
    signed_at = int(time.time()) - 301
    header = signing.signature(SECRET, signed_at, BODY)
    with pytest.raises(Rejected, match="stale"):
        verify(SECRET, header, BODY)
    assert verify(SECRET, header, BODY, now=signed_at + 10)


def test_a_forged_call_to_a_receiver_is_refused_while_ours_is_taken(
    db, release, people, endpoint, receiver
):
    from communique.editorial import services as editorial

    host, port = receiver.server.server_address[:2]
    forged = http.client.HTTPConnection(host, port, timeout=5)
    forged.request(
        "POST",
        "/hooks",
        body=BODY,
        headers=signing.headers(
            secret="whsec_guessed",
            timestamp=int(time.time()),
            body=BODY,
            event="published",
            delivery_id=7,
        ),
    )
    assert forged.getresponse().status == 400
    forged.close()
    editorial.text_publish(release.texts.get(), by=people["editor"])
    services.send_due()
    forged_call, our_call = receiver.calls
    assert forged_call.rejected == "wrong signature"
    assert our_call.verified["event"] == "published"
