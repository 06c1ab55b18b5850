"""`communique demo` shows an endpoint with logged deliveries, and calls nobody."""

import pytest

from communique.delivery.webhooks import services
from communique.delivery.webhooks.models import Attempt, Delivery, Endpoint

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_inactive_endpoint_with_a_few_logged_deliveries(settings, client):
    from django.contrib.auth import get_user_model

    from communique.newsroom.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    endpoint = Endpoint.objects.get()
    assert not endpoint.is_active
    assert endpoint.url.startswith("https://") and "example.org" in endpoint.url
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered", "failed"}
    assert Attempt.objects.filter(outcome="retry").exists()
    assert services.send_due() == 0  # inactive: nothing goes out

    load_demo()
    assert Endpoint.objects.count() == 1
    assert Delivery.objects.count() == 3

    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/delivery/delivery/").content.decode()
    assert "Partner newsroom (example)" in page
