"""Whatever a reader types gives results or a clear message: never a 500, never a database
syntax error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.search.selectors import search
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "AND",
    "OR NOT",
    "NEAR(water clean, 2)",
    "water*",
    "*",
    "^water",
    "title:water",
    "-water",
    "+water",
    "(water",
    "water)",
    "{water}",
    "[x]",
    "'; DROP TABLE x; --",
    "\\",
    "\\'",
    "%",
    "_",
    "&|!<->",
    "!water",
    "water:*",
    "'water':*",
    "<->",
    "\x00",
    "wa\x00ter",
    "\u202ewater\u202c",
    "\u2066مياه\u2069",
    "\u200f\u200e",
    "\ufeff",
    "\ud800" if False else "\ufffd",
    "x" * 10_000,
    "water " * 3000,
    "💧🚰",
    "水",
    "مياه water вода suv",
    "١٤٤٧/٠٣",
    "-- /* */",
]


@pytest.fixture
def texts(publish):
    make_organisation()
    publish("Clean water for the village", body="Water and NEAR operators.")


def _answered(client, query) -> bool:
    response = client.get("/en/search/", {"q": query})
    html = response.content.decode()
    return response.status_code == 200 and (
        "release found" in html
        or "releases found" in html
        or "No releases match" in html
        or "nothing to search for" in html
        or "Type a word" in html
    )


def test_every_hostile_query_gives_results_or_a_message(client, texts):
    # One page each, over the same texts (set up once: these are many).
    assert [query[:40] for query in HOSTILE if not _answered(client, query)] == []


def test_operators_are_words_and_the_words_still_match(texts):
    for query in ["water*", "NEAR(water clean)", '"water" OR x', "\u202ewater"]:
        assert search(query).total in (0, 1), query
    assert search("\u202ewater\u202c").total == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_text_at_all_is_a_query_the_database_accepts(texts, query):
    results = search(query)
    assert results.total >= 0


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(
        alphabet=st.sampled_from(list("\"*()^:-+~!&|<>'\\ ANDORNOTwaterمياه٠١/\x00\u202e\u0651")),
        max_size=80,
    )
)
def test_any_mix_of_operator_characters_is_a_query_the_database_accepts(texts, query):
    search(query)
