"""Release pages tell crawlers and link previews what they are: OG, Twitter, canonical, JSON-LD."""

import json
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import Truncator
from lxml import html as lxml_html

from communique.distribution import cards
from communique.newsroom import services
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content).find("head"), response.content.decode()


def meta(tree, name):
    return [
        element.get("content")
        for element in tree.xpath(f'meta[@property="{name}"] | meta[@name="{name}"]')
    ]


def json_ld(tree):
    (script,) = tree.xpath('script[@type="application/ld+json"]')
    return json.loads(script.text)


def test_a_release_page_carries_open_graph_twitter_and_canonical(client, site):
    english = site["english"]
    tree, _html = head(client, english.get_absolute_url())
    url = "http://testserver" + english.get_absolute_url()
    assert meta(tree, "og:title") == ["New well opens in Nukus"]
    assert meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:url") == [url]
    assert meta(tree, "og:image") == ["http://testserver/static/distribution/card.png"]
    assert meta(tree, "og:locale") == ["en_US"]
    assert meta(tree, "og:locale:alternate") == ["ar_AR"]
    assert meta(tree, "twitter:card") == ["summary_large_image"]
    assert meta(tree, "twitter:title") == ["New well opens in Nukus"]
    assert tree.xpath('link[@rel="canonical"]/@href') == [url]
    assert tree.xpath('link[@title="ninjs"]/@href') == [
        f"/en/releases/{english.release_id}/ninjs.json"
    ]


def test_json_ld_news_article_links_the_translations_both_ways(client, site):
    tree, _html = head(client, site["english"].get_absolute_url())
    article = json_ld(tree)
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "New well opens in Nukus"
    assert article["inLanguage"] == "en"
    assert article["publisher"]["name"] == "Wellspring Relief Network"
    assert article["identifier"] == "1445 / 01"
    assert article["datePublished"].startswith(str(site["english"].published_at.date()))
    arabic_url = "http://testserver" + site["arabic"].get_absolute_url()
    assert article["workTranslation"] == [
        {"@type": "NewsArticle", "@id": arabic_url, "inLanguage": "ar"}
    ]
    tree, _html = head(client, site["arabic"].get_absolute_url())
    translation = json_ld(tree)
    assert translation["inLanguage"] == "ar"
    assert (
        translation["translationOfWork"]["@id"]
        == "http://testserver" + site["english"].get_absolute_url()
    )
    assert meta(tree, "og:locale") == ["ar_AR"]


def test_a_hostile_title_cannot_break_out_of_the_json_ld_script(client, site):
    title = '</script><script>alert("x")</script> & <!-- \u202e'
    release = make_release(site["office"], title=title, publish=True)
    text = release.texts.get()
    tree, html = head(client, text.get_absolute_url())
    assert "<script>alert" not in html
    assert json_ld(tree)["headline"] == title
    assert meta(tree, "og:title") == [title]


def test_the_description_is_the_bodys_text_as_readers_read_it(client, site):
    body = (
        'Wells & pumps for **three** villages: <b>not bold</b>, [more](https://example.org "a>b").'
        + "\n\n"
        + "Water for the school. " * 20
    )
    release = make_release(site["office"], body=body, publish=True)
    tree, _html = head(client, release.texts.get().get_absolute_url())
    (description,) = meta(tree, "og:description")
    # Once escaped, not twice: a preview shows "&", not "&amp;".
    assert description.startswith("Wells & pumps for three villages: <b>not bold</b>, more.")
    assert description.endswith("…")
    assert len(description) == 200
    assert meta(tree, "description") == meta(tree, "twitter:description") == [description]


def test_an_arabic_description_counts_letters_not_vowel_marks(client, site):
    # Each word carries vowel marks (combining characters), which a cut does not count.
    word = "\u0645\u064e\u0627\u0621\u064c"  # مَاءٌ: three letters and two marks
    release = make_release(
        site["office"], language="ar", title="ماء", body=" ".join([word] * 120), publish=True
    )
    tree, _html = head(client, release.texts.get().get_absolute_url())
    (description,) = meta(tree, "og:description")
    assert description.endswith("…")
    letters = [char for char in description if not unicodedata.combining(char)]
    assert len(letters) == 200
    assert description.startswith(f"{word} {word}")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Short.",
        "Water for the school. " * 20,
        "Wells & <pumps> " * 30,
        "Cafe\u0301 " * 60,  # a combining accent among the first characters
        "x" * 200 + "\u0301" + "y" * 20,  # one just inside the characters the cut looks at
        "x" * 201 + "\u0301" + "y" * 20,  # and one just past them
        "x" * 230 + "e\u0301",  # composed into "é" by normalisation, far past the cut
        "\u0645\u064e\u0627\u0621\u064c " * 80,
        "x" * 199,
        "x" * 200,
        "x" * 201,
    ],
)
def test_a_card_cuts_its_text_exactly_where_django_would(text):
    for length in (1, 110, 199, 200, 201):
        assert cards.shorten(text, length) == Truncator(text).chars(length)


def test_a_withdrawn_release_card_does_not_show_its_body(client, site):
    services.text_withdraw(site["english"])
    tree, html = head(client, site["english"].get_absolute_url())
    assert "Clean water reached" not in html
    assert meta(tree, "og:description") == ["This release was withdrawn."]


def test_cards_add_no_query_to_the_release_page(client, site, settings):
    from communique.newsroom import extensions

    url = site["english"].get_absolute_url()
    client.get(url)  # the process reads the reference data once
    with CaptureQueriesContext(connection) as with_cards:
        client.get(url)
    head_sections = extensions._sections["head"][:]
    extensions._sections["head"][:] = []
    try:
        with CaptureQueriesContext(connection) as without:
            client.get(url)
    finally:
        extensions._sections["head"][:] = head_sections
    assert len(with_cards) == len(without)
