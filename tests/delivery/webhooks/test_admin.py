"""Endpoints and deliveries are the site administrators' alone; the counts are the office's."""

import pytest

from communique.delivery.webhooks import services
from communique.delivery.webhooks.models import Delivery, Endpoint
from communique.editorial import services as editorial

pytestmark = pytest.mark.django_db

ENDPOINTS = "/admin/delivery/endpoint/"
DELIVERIES = "/admin/delivery/delivery/"


def test_a_site_administrator_registers_an_endpoint_and_sees_its_secret(client, people, offices):
    client.force_login(people["site_admin"])
    assert client.get(f"{ENDPOINTS}add/").status_code == 200
    answer = client.post(
        f"{ENDPOINTS}add/",
        {
            "name": "Partner newsroom",
            "url": "https://partner.example.org/hooks",
            "events": ["published", "withdrawn"],
            "offices": [offices[0].pk],
            "languages": ["en"],
            "is_active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["published", "withdrawn"]
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    page = client.get(f"{ENDPOINTS}{endpoint.pk}/change/").content.decode()
    assert endpoint.secret in page


def test_a_private_address_is_refused_and_the_form_keeps_what_was_typed(
    client, people, offices, settings
):
    settings.COMMUNIQUE_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(people["site_admin"])
    answer = client.post(
        f"{ENDPOINTS}add/",
        {"name": "Intranet", "url": "http://10.0.0.5/hooks", "events": ["published"]},
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Private, loopback and link-local addresses cannot receive webhooks." in page
    assert 'value="Intranet"' in page
    assert not Endpoint.objects.exists()


def test_a_new_secret_replaces_the_old_one(client, people, endpoint):
    old = endpoint.secret
    client.force_login(people["site_admin"])
    client.post(
        f"{ENDPOINTS}{endpoint.pk}/change/",
        {
            "name": endpoint.name,
            "url": endpoint.url,
            "events": endpoint.events,
            "is_active": "on",
            "new_secret": "on",
        },
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old


@pytest.mark.parametrize("who", ["office_admin", "editor"])
def test_office_staff_cannot_reach_endpoint_or_delivery_pages(client, people, endpoint, who):
    editorial.text_publish(
        __import__("tests.factories", fromlist=["make_release"])
        .make_release(endpoint.offices.model.objects.get(slug="uzbekistan"))
        .texts.get(),
        by=people["editor"],
    )
    delivery = Delivery.objects.get()
    client.force_login(people[who])
    for address in [
        ENDPOINTS,
        f"{ENDPOINTS}add/",
        f"{ENDPOINTS}{endpoint.pk}/change/",
        f"{ENDPOINTS}{endpoint.pk}/delete/",
        DELIVERIES,
        f"{DELIVERIES}{delivery.pk}/change/",
    ]:
        assert client.get(address).status_code == 403, address
    answer = client.post(DELIVERIES, {"action": "send_again", "_selected_action": [delivery.pk]})
    assert answer.status_code == 403
    index = client.get("/admin/").content.decode()
    assert "Webhook endpoints" not in index


def test_send_again_sends_a_failed_delivery_once_more(client, people, release, endpoint, receiver):
    receiver.answers = [404, 204]
    editorial.text_publish(release.texts.get(), by=people["editor"])
    services.send_due()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    client.force_login(people["site_admin"])
    page = client.get(f"{DELIVERIES}{delivery.pk}/change/").content.decode()
    assert "answer 404" in page  # the attempt's excerpt
    answer = client.post(
        DELIVERIES, {"action": "send_again", "_selected_action": [delivery.pk]}, follow=True
    )
    assert "1 delivery will be sent again." in answer.content.decode()
    services.send_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert [call.headers["communique-delivery"] for call in receiver.calls] == [
        str(delivery.pk)
    ] * 2


def test_the_release_page_shows_its_office_the_delivery_counts(
    client, people, release, endpoint, receiver
):
    receiver.answers = [204]
    editorial.text_publish(release.texts.get(), by=people["editor"])
    services.send_due()
    Endpoint.objects.create(name="Second partner", url="https://second.example.org/hooks")
    client.force_login(people["editor"])
    page = client.get(f"/admin/newsroom/release/{release.pk}/change/").content.decode()
    assert "<h2>Webhook deliveries</h2>" in page
    assert "1 delivered" in page
    assert "0 pending" in page
    assert "0 failed" in page


def test_the_delivery_list_does_not_ask_more_for_more_deliveries(client, people, offices, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_release

    client.force_login(people["site_admin"])

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(DELIVERIES).status_code == 200
        return len(context)

    editorial.text_publish(make_release(offices[0]).texts.get(), by=people["editor"])
    one = queries_for_the_list()
    for _ in range(4):
        editorial.text_publish(make_release(offices[1]).texts.get(), by=people["site_admin"])
    assert queries_for_the_list() == one
