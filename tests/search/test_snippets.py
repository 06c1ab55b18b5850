"""Snippets read the body as readers read it, and mark exactly the words a query matches."""

import html

import pytest
from django.utils.html import strip_tags
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.newsroom.body import render_body
from communique.newsroom.models import Text
from communique.search.highlight import _WORD, Matcher, Pieces
from communique.search.normalise import index_terms
from communique.search.query import parse
from communique.search.services import plain_body

MARKDOWN = [
    "Clean *water* & <b>bold</b> a < b > c, “quoted” and 'single'.",
    '[a link](https://example.org "a title with > and &") and `<code>` <!-- no -->',
    "# Heading\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted &amp; more",
    "مشروع **المياه** في القرية\n\nвода и *колодец*",
    "",
]


def _text(body: str) -> Text:
    return Text(body=body, body_html=render_body(body))


@pytest.mark.parametrize("body", MARKDOWN)
def test_the_plain_body_is_what_stripping_the_tags_of_the_rendered_body_gives(body):
    text = _text(body)
    assert plain_body(text) == html.unescape(strip_tags(text.body_html or text.body))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300))
def test_any_body_reads_the_same_with_or_without_the_html_parser(body):
    text = _text(body)
    assert plain_body(text) == html.unescape(strip_tags(text.body_html or text.body))


def test_a_text_without_rendered_html_is_read_from_its_source():
    assert plain_body(Text(body="Three <em>new</em> wells", body_html="")) == "Three new wells"


# --- marks: the words a query matches, found by one expression per language --------------

WORDS = ["water", "Water", "waters", "watering", "well", "wells", "water's", "oʻzbek", "o'zbek"]
WORDS += ["المياه", "الْمِيَاه", "مياه", "вода", "воды", "ёлка", "1447", "03", "a", "the"]


def _marked_word_by_word(matcher: Matcher, text: str, language: str) -> Pieces:
    """What marking gives when every written word is looked up in turn."""
    pieces: Pieces = []
    position = 0
    for match in _WORD.finditer(text):
        if _term_matches(matcher, match.group(), language):
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def _term_matches(matcher: Matcher, word: str, language: str) -> bool:
    return any(
        term in matcher.exact or (matcher.prefixes and term.startswith(matcher.prefixes))
        for term in index_terms(word, language)
    )


@settings(max_examples=200, deadline=None)
@given(
    query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    words=st.lists(st.sampled_from([*WORDS, "x", "-", " ", "  ", ".", "\u2019", "…"]), max_size=40),
    language=st.sampled_from(["en", "ar", "ru", "uz"]),
)
def test_the_words_marked_are_those_the_query_matches_one_by_one(query, words, language):
    text = " ".join(words)
    matcher = Matcher(parse(query).terms())
    assert matcher.mark(text, language) == _marked_word_by_word(matcher, text, language)
    # The same matcher, asked again about other texts, still agrees.
    other = "".join(reversed(text))
    assert matcher.mark(other, language) == _marked_word_by_word(matcher, other, language)


def test_a_snippet_opens_near_the_first_match_and_marks_it():
    body = " ".join(["Opening words of a long body."] * 40) + " Clean water at last." * 20
    pieces = Matcher(parse("water").terms()).snippet(body, "en")
    assert pieces[0] == ("… ", False)
    assert ("water", True) in pieces
    assert pieces[-1] == (" …", False)


def test_a_snippet_without_a_match_in_the_body_is_its_opening():
    pieces = Matcher(parse("pumps").terms()).snippet("Clean water reached three villages.", "en")
    assert pieces == [("Clean water reached three villages.", False)]


BODIES = {
    "title only": ("Water report", "Three villages were visited this week."),
    "body": ("Weekly report", "The new pumps bring clean water to three villages."),
    "body, Arabic": ("تقرير", "وصلت المِيَاه النظيفة إلى القرى"),
    "body, far in": ("Long report", "Opening words. " * 100 + "Water at last."),
    "number": ("Numbered report", "Reference 1447 / 03 in the body."),
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["water", "wat", "المياه", "1447 / 03", '"clean water"', "pumps"])
def test_the_index_says_which_bodies_match_as_the_marks_do(publish, query):
    # The index's answer decides whether a body is looked through for its snippet: it must
    # agree with the words the snippet would mark, on every backend.
    from communique.search.backends import get_backend

    texts = {
        name: publish(title, body, language="ar" if "Arabic" in name else "en")
        for name, (title, body) in BODIES.items()
    }
    parsed = parse(query)
    matcher = Matcher(parsed.terms())
    expected = {
        text.pk
        for text in texts.values()
        if any(marked for _piece, marked in matcher.mark(plain_body(text), text.language))
    }
    assert get_backend().body_matches(parsed, [text.pk for text in texts.values()]) == expected


@pytest.mark.django_db
def test_a_result_found_by_its_title_shows_the_opening_of_its_body(publish):
    from communique.search.selectors import search

    publish("Water report", "Three villages were visited this week.")
    publish("Weekly report", "Opening words. " * 30 + "Clean water at last.")
    hits = {hit.text.title: hit for hit in search("water").hits}
    assert hits["Water report"].snippet == [("Three villages were visited this week.", False)]
    assert ("water", True) in hits["Weekly report"].snippet
    assert hits["Weekly report"].snippet[0] == ("… ", False)
