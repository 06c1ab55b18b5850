"""A webhook is not a way into the site's own network: private, loopback and link-local
addresses are refused when registered and when called, unless the setting allows them."""

import socket

import pytest

from communique.delivery.webhooks import services, transport
from communique.delivery.webhooks.models import Delivery, Endpoint
from communique.editorial import services as editorial

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(settings):
    settings.COMMUNIQUE_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00::1]/",
        "http://[2002:7f00:1::]/",
        "http://[64:ff9b::a00:1]/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://localhost:8000/",
        "http://intranet.localhost/",
    ],
)
def test_an_internal_address_is_refused_at_registration(strict, url):
    with pytest.raises(transport.Refused):
        transport.check_url(url)


@pytest.mark.parametrize(
    "url", ["ftp://partner.example.org/", "file:///etc/passwd", "gopher://partner.example.org/"]
)
def test_only_http_and_https_are_accepted(url):
    with pytest.raises(transport.Refused, match="https://"):
        transport.check_url(url)


def test_a_public_address_is_accepted(strict):
    transport.check_url("https://partner.example.org/hooks")
    transport.check_url("http://93.184.216.34:8080/hooks?desk=uz")


def test_credentials_in_the_address_are_refused():
    with pytest.raises(transport.Refused, match="password"):
        transport.check_url("https://user:secret@partner.example.org/")


@pytest.fixture
def rebinding(monkeypatch, receiver):
    """partner.example.org, registered when it was public, now resolves to this machine."""
    real = socket.getaddrinfo
    port = receiver.server.server_address[1]

    def getaddrinfo(host, *args, **kwargs):
        if host == "partner.example.org":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return f"http://partner.example.org:{port}/hooks"


def test_a_name_that_resolves_to_an_internal_address_is_not_called(
    strict, rebinding, release, people, receiver
):
    transport.check_url(rebinding)  # a name: nothing to refuse until it is called
    endpoint = Endpoint.objects.create(name="Rebound", url=rebinding)
    editorial.text_publish(release.texts.get(), by=people["editor"])
    services.send_due()
    assert receiver.calls == []
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.status == "failed"  # refused for good, not retried
    assert "private" in delivery.attempt_log.get().error


def test_the_setting_lets_a_partner_on_the_private_network_be_called(
    rebinding, release, people, receiver
):
    endpoint = Endpoint.objects.create(name="Same network", url=rebinding)
    receiver.secret = endpoint.secret
    editorial.text_publish(release.texts.get(), by=people["editor"])
    services.send_due()
    assert len(receiver.calls) == 1
    assert receiver.calls[0].headers["host"].startswith("partner.example.org")
