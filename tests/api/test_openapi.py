"""The API against its own OpenAPI document (schemathesis): whatever it is sent, it answers
with a documented status and a body that matches the document, and never a 500."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from communique.api.urls import api
from tests.api.conftest import token_for

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def editor_token(newsroom, people, settings):
    settings.COMMUNIQUE_API_RATE_LIMIT = 0  # generated requests come fast
    settings.COMMUNIQUE_API_ANONYMOUS_RATE_LIMIT = 0
    # As Django's test client does: the test's transaction holds the connection, so the end
    # of a request must not close it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield token_for(people["editor"])
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_document_says(case, editor_token):
    headers = None
    if case.method != "GET" and "Authorization" not in (case.headers or {}):
        # Writes carry an editor's token, so they reach the services.
        headers = {"Authorization": f"Bearer {editor_token}"}
    # A cursor is opaque and signed: one the API did not give out is refused (400), rightly.
    excluded = [positive_data_acceptance] if (case.query or {}).get("cursor") else []
    case.call_and_validate(headers=headers, excluded_checks=excluded)


def test_the_document_describes_every_route(client):
    document = client.get("/api/v1/openapi.json").json()
    assert set(document["paths"]) >= {
        "/api/v1/offices",
        "/api/v1/categories",
        "/api/v1/releases",
        "/api/v1/releases/{release_id}",
        "/api/v1/texts",
        "/api/v1/texts/{text_id}",
        "/api/v1/texts/{text_id}/publish",
    }
