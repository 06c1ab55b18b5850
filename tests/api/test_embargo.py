"""The public gate on every read: a draft, a scheduled text and an embargoed one (published,
its time still ahead) are in no answer of the API. The routes come from the API's own URL
configuration, so a new one is checked the day it is added."""

import re

import pytest

from communique.api.urls import api
from tests.api.conftest import HIDDEN, Api


def read_routes() -> list[str]:
    routes = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" in operations:
            routes.append(path.removeprefix("/api/v1"))
    return routes


def test_the_routes_checked_are_the_apis_own():
    assert {"/texts", "/texts/{text_id}", "/releases", "/releases/{release_id}"} <= set(
        read_routes()
    )


def hidden_ids(newsroom) -> dict[str, list[int]]:
    releases = [newsroom[name] for name in ("draft", "scheduled", "embargoed")]
    return {
        "release_id": [release.pk for release in releases],
        "text_id": [release.texts.get().pk for release in releases],
    }


ALL_FILTERS = [
    {},
    {"office": "uzbekistan"},
    {"language": "en"},
    {"kind": "press-release"},
    {"hijri_year": 1445},
    {"issued_from": "2000-01-01", "issued_to": "2100-01-01"},
    {"published_since": "2000-01-01T00:00:00Z"},
    {"limit": 100},
]


@pytest.mark.parametrize("route", read_routes())
def test_no_read_route_shows_a_draft_a_scheduled_or_an_embargoed_text(newsroom, tokens, route):
    ids = hidden_ids(newsroom)
    # Another office's editor's token, and this office's own editor's: the gate is the same
    # for everyone who reads (drafts are for the admin).
    for client in (Api(), Api(tokens["editor"])):
        params = re.findall(r"{(\w+)}", route)
        if not params:
            for filters in ALL_FILTERS:
                response = client.get(route, filters)
                assert response.status_code == 200, (route, filters, response.content)
                for title in HIDDEN:
                    assert title not in response.content.decode(), (route, filters)
            continue
        if params == ["slug"]:
            assert client.get(route.replace("{slug}", "uzbekistan")).status_code == 200
            continue
        assert len(params) == 1 and params[0] in ids, f"add the hidden ids for {route} here"
        for hidden in ids[params[0]]:
            response = client.get(route.replace(f"{{{params[0]}}}", str(hidden)))
            assert response.status_code == 404, (route, hidden)
            for title in HIDDEN:
                assert title not in response.content.decode()


def test_an_embargoed_translation_is_not_linked_from_its_public_original(newsroom):
    from tests.api.conftest import embargo
    from tests.factories import make_text

    russian = embargo(make_text(newsroom["published"], "ru", title="Колодцы для трёх сёл"))
    english = newsroom["published"].texts.get(language="en")
    body = Api().get(f"/texts/{english.pk}").content.decode()
    assert "Колодцы" not in body and str(russian.pk) not in [
        str(link["id"]) for link in Api().get(f"/texts/{english.pk}").json()["translations"]
    ]
    release = Api().get(f"/releases/{newsroom['published'].pk}").json()
    assert "ru" not in [text["language"] for text in release["texts"]]
