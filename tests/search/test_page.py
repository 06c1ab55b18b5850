"""The search page at /<lang>/search/, and the search box in every page's header."""

import datetime

import pytest
from django.utils import timezone

from communique.newsroom import services
from tests.factories import make_organisation, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def organisation():
    return make_organisation()


def test_the_header_of_every_page_has_a_search_box_leading_to_the_search_page(client):
    html = client.get("/en/").content.decode()
    assert 'role="search"' in html and 'action="/en/search/"' in html
    assert 'action="/ar/search/"' in client.get("/ar/").content.decode()


def test_results_are_listed_with_the_query_kept_in_both_boxes(client, publish):
    text = publish("Boreholes for three villages", body="Three new boreholes were drilled.")
    response = client.get("/en/search/", {"q": "boreholes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert text.get_absolute_url() in html
    assert "<mark>Boreholes</mark> for three villages" in html
    assert "Three new <mark>boreholes</mark> were drilled." in html
    assert 'id="search-box-q" type="search" name="q" value="boreholes"' in html  # the header's
    assert 'id="search-q" type="search" name="q" value="boreholes"' in html  # the page's
    assert "1 release found" in html


def test_a_snippet_is_in_its_own_texts_direction_on_a_page_in_another(client, publish):
    publish("مشروع المياه في القرية", body="وصلت المياه النظيفة إلى القرية.", language="ar")
    html = client.get("/en/search/", {"q": "المياه"}).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "<mark>المياه</mark>" in html


def test_what_a_text_or_a_reader_wrote_is_shown_escaped(client, publish):
    publish('<script>alert("title")</script> pumps', body="<img src=x onerror=alert(1)> pumps")
    html = client.get("/en/search/", {"q": 'pumps <b>"x'}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;script&gt;alert" in html


def test_an_empty_query_says_so_and_offers_the_latest_releases(client, publish):
    publish("Boreholes for three villages")
    html = client.get("/en/search/").content.decode()
    assert "Type a word, a name or a release number" in html
    assert "Latest releases" in html and "Boreholes for three villages" in html


def test_a_punctuation_only_query_says_there_is_nothing_to_search_for(client):
    html = client.get("/en/search/", {"q": '"*()"'}).content.decode()
    assert "There is nothing to search for" in html


def test_a_query_that_finds_nothing_says_so(client, publish):
    publish("Boreholes for three villages")
    html = client.get("/en/search/", {"q": "zebra"}).content.decode()
    assert "No releases match “zebra”." in html
    assert "Latest releases" in html


def test_facet_links_narrow_and_keep_the_query(client, publish):
    publish("Pump report", language="en")
    publish("Pump report again", language="en")
    html = client.get("/en/search/", {"q": "pump"}).content.decode()
    assert "?q=pump&amp;lang=en" in html
    narrowed = client.get("/en/search/", {"q": "pump", "lang": "ar"}).content.decode()
    assert "No releases match" in narrowed and "Search without filters" in narrowed


def test_filters_that_make_no_sense_are_left_out_with_a_note(client, publish):
    publish("Pump report")
    response = client.get(
        "/en/search/", {"q": "pump", "hyear": "99999999999", "date_from": "yesterday", "page": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Pump</mark> report" in html and "were not understood" in html


def test_pages_link_to_one_another_with_the_query(client, publish, settings):
    settings.COMMUNIQUE_PAGE_SIZE = 2
    for number in range(3):
        publish(f"Pump report {number}")
    html = client.get("/en/search/", {"q": "pump", "sort": "date"}).content.decode()
    assert "Page 1 of 2" in html and "?q=pump&amp;sort=date&amp;page=2" in html
    second = client.get("/en/search/", {"q": "pump", "sort": "date", "page": "2"})
    assert "<mark>Pump</mark> report 0" in second.content.decode()


def test_the_search_page_is_never_kept_in_the_shared_page_cache(client, settings, committed):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    due = timezone.now() + datetime.timedelta(seconds=1)
    with committed():
        release = make_release(title="Embargoed pump report")
        services.text_publish(release.texts.get(), at=due)
    response = client.get("/en/search/", {"q": "pump"})
    assert "private" in response["Cache-Control"]
    assert "Embargoed pump report" not in response.content.decode()


def test_the_search_page_exists_in_every_language(client):
    for language in ("ar", "en", "ru", "uz"):
        response = client.get(f"/{language}/search/", {"q": "x"})
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
