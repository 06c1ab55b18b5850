"""Rate limits per token and per address, the cache failing open, and CORS for reads."""

import logging

import pytest

from communique.api import ratelimit
from tests.api.conftest import NEW_RELEASE_BODY, Api


@pytest.fixture
def limits(settings):
    settings.COMMUNIQUE_API_RATE_LIMIT = 5
    settings.COMMUNIQUE_API_ANONYMOUS_RATE_LIMIT = 3
    settings.COMMUNIQUE_API_RATE_WINDOW = 3600  # one window for the whole test
    return settings


def test_a_token_gets_exactly_its_limit_then_429_with_retry_after(newsroom, tokens, limits):
    editor = Api(tokens["editor"])
    statuses = [editor.get("/offices").status_code for _ in range(5)]
    assert statuses == [200] * 5
    refused = editor.get("/offices")
    assert refused.status_code == 429
    assert refused.json()["message"]
    assert int(refused["Retry-After"]) > 0
    # Writes count against the same token.
    assert editor.post("/releases", NEW_RELEASE_BODY).status_code == 429


def test_each_token_and_each_address_counts_on_its_own(newsroom, tokens, limits):
    for _ in range(5):
        Api(tokens["editor"]).get("/offices")
    assert Api(tokens["author"]).get("/offices").status_code == 200
    assert [Api().get("/offices").status_code for _ in range(4)] == [200, 200, 200, 429]
    other_address = Api().client.get("/api/v1/offices", REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 200


def test_responses_say_how_many_requests_are_left(newsroom, tokens, limits):
    response = Api(tokens["editor"]).get("/offices")
    assert response["X-RateLimit-Limit"] == "5"
    assert response["X-RateLimit-Remaining"] == "4"


def test_when_the_cache_is_down_the_api_still_answers_and_logs_it(
    newsroom, tokens, limits, monkeypatch, caplog
):
    class DownCache:
        def add(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

        incr = add

    monkeypatch.setattr(ratelimit, "cache", DownCache())
    with caplog.at_level(logging.WARNING, logger="communique.api.ratelimit"):
        statuses = [Api().get("/texts").status_code for _ in range(10)]
        created = Api(tokens["editor"]).post("/releases", NEW_RELEASE_BODY)
    assert statuses == [200] * 10
    assert created.status_code == 201
    assert "rate limit not applied" in caplog.text


def test_no_cors_headers_unless_an_origin_is_configured(newsroom, settings):
    settings.COMMUNIQUE_API_CORS_ORIGINS = []
    response = Api(Origin="https://newsroom.example.org").get("/texts")
    assert "Access-Control-Allow-Origin" not in response


def test_a_configured_origin_may_read_but_not_write(newsroom, tokens, settings):
    settings.COMMUNIQUE_API_CORS_ORIGINS = ["https://newsroom.example.org"]
    origin = "https://newsroom.example.org"
    read = Api(Origin=origin).get("/texts")
    assert read["Access-Control-Allow-Origin"] == origin
    assert "Origin" in read["Vary"]
    other = Api(Origin="https://elsewhere.example.com").get("/texts")
    assert "Access-Control-Allow-Origin" not in other
    preflight = Api(Origin=origin).send(
        "OPTIONS", "/texts", **{"Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    write_preflight = Api(Origin=origin).send(
        "OPTIONS", "/releases", **{"Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in write_preflight
    write = Api(tokens["editor"], Origin=origin).post("/releases", NEW_RELEASE_BODY)
    assert "Access-Control-Allow-Origin" not in write


def test_any_origin_when_configured_with_a_star(newsroom, settings):
    settings.COMMUNIQUE_API_CORS_ORIGINS = ["*"]
    response = Api(Origin="https://anyone.example.net").get("/offices")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_api_answers_are_kept_out_of_the_page_cache(newsroom, settings):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    first = Api().get("/texts")
    assert "private" in first["Cache-Control"]
    assert Api(Authorization="Bearer cq_wrong").get("/texts").status_code == 401
