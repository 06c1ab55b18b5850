"""What a program reads: texts and releases with their number, both calendars and their
translations, filtered the way a newsroom system asks."""

import datetime

import pytest
from django.utils import timezone

from communique.newsroom.models import Text
from tests.api.conftest import Api
from tests.factories import make_release


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_a_text_carries_its_number_and_issue_date_in_both_calendars(newsroom):
    text = newsroom["published"].texts.get(language="en")
    body = Api().get(f"/texts/{text.pk}").json()
    release = body["release"]
    assert release["number"] == {"label": "1445 / 01", "hijri_year": 1445, "sequence": 1}
    assert release["issued"]["gregorian"] == "2023-11-04"
    assert release["issued"]["hijri"] == {
        "year": 1445,
        "month": 4,
        "day": 20,
        "month_name": "Rabi' II",
        "text": "20 Rabi' II 1445",
    }
    assert release["issued"]["hijri_line"] == "H. 20 Rabi' II 1445"
    assert release["issued"]["gregorian_line"] == "M. Saturday, 04 November 2023"
    assert release["office"] == {"slug": "uzbekistan", "name": "Office uzbekistan"}
    assert release["categories"] == ["wells"]


def test_an_arabic_text_has_its_dates_in_arabic(newsroom):
    body = Api().get(f"/texts/{newsroom['arabic'].pk}").json()
    assert body["release"]["issued"]["hijri_line"] == "20 ربيع الآخر 1445 هـ"
    assert body["release"]["issued"]["language"] == "ar"


def test_a_translation_links_its_original_and_the_original_its_translations(newsroom):
    english = newsroom["published"].texts.get(language="en")
    arabic = Api().get(f"/texts/{newsroom['arabic'].pk}").json()
    assert arabic["is_original"] is False
    assert arabic["original"]["id"] == english.pk
    assert arabic["original"]["page_url"].endswith(english.get_absolute_url())
    original = Api().get(f"/texts/{english.pk}").json()
    assert original["original"] is None
    assert [link["language"] for link in original["translations"]] == ["ar"]


def test_a_withdrawn_text_is_listed_and_marked_withdrawn(newsroom):
    text = newsroom["withdrawn"].texts.get()
    body = Api().get(f"/texts/{text.pk}").json()
    assert body["status"] == "withdrawn"
    assert body["withdrawn"] is True
    assert body["withdrawn_at"] is not None
    assert "Withdrawn about a road" in titles(Api().get("/texts"))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"office": "kyrgyzstan"}, ["Scholarships for forty students"]),
        ({"language": "ar"}, ["آبار لثلاث قرى"]),
        ({"category": "water"}, ["آبار لثلاث قرى", "Wells for three villages"]),
        ({"kind": "news"}, ["Scholarships for forty students"]),
        ({"hijri_year": 1446}, ["Scholarships for forty students"]),
        (
            {"issued_from": "2024-01-01", "issued_to": "2024-12-31"},
            ["Scholarships for forty students"],
        ),
        ({"office": "nowhere"}, []),
        ({"category": "nowhere"}, []),
    ],
)
def test_texts_can_be_filtered(newsroom, params, expected):
    assert sorted(titles(Api().get("/texts", params))) == sorted(expected)


def test_texts_published_since_a_time_are_the_newer_ones(newsroom):
    text = newsroom["other"].texts.get()
    Text.objects.filter(pk=text.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    Text.objects.exclude(pk=text.pk).filter(published_at__isnull=False).update(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    assert titles(Api().get("/texts", {"published_since": since})) == [text.title]
    # Without a zone, the time is UTC.
    naive = (timezone.now() - datetime.timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert titles(Api().get("/texts", {"published_since": naive})) == [text.title]


def test_releases_list_their_public_texts_and_filter_like_texts(newsroom):
    body = Api().get("/releases", {"office": "uzbekistan"}).json()
    by_id = {item["id"]: item for item in body["items"]}
    assert set(by_id) == {newsroom["published"].pk, newsroom["withdrawn"].pk}
    languages = [t["language"] for t in by_id[newsroom["published"].pk]["texts"]]
    assert languages == ["en", "ar"]
    arabic = Api().get("/releases", {"language": "ar"}).json()["items"]
    assert [item["id"] for item in arabic] == [newsroom["published"].pk]
    assert arabic[0]["issued"]["language"] == "ar"


def test_a_release_gives_its_date_lines_in_the_language_asked(newsroom):
    body = Api().get(f"/releases/{newsroom['published'].pk}", {"lang": "ru"}).json()
    assert body["issued"]["language"] == "ru"
    assert "1445" in body["issued"]["hijri_line"]


def test_offices_and_categories_are_listed(newsroom):
    offices = Api().get("/offices").json()
    assert [office["slug"] for office in offices] == ["kyrgyzstan", "uzbekistan"]
    assert Api().get("/offices/uzbekistan").json()["time_zone"] == "Asia/Tashkent"
    assert Api().get("/offices/nowhere").status_code == 404
    categories = {c["slug"]: c for c in Api().get("/categories").json()}
    assert categories["wells"]["parent"] == "water"


def test_an_unknown_address_under_the_api_answers_json(db):
    response = Api().get("/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"message": "There is nothing at this address in the API."}


@pytest.mark.parametrize(
    "params",
    [
        {"hijri_year": "1342"},
        {"hijri_year": "'; DROP TABLE newsroom_text; --"},
        {"issued_from": "0.5"},
        {"published_since": "yesterday"},
        {"published_since": "0001-01-01T00:00:00+14:00"},
        {"published_since": "9999-12-31T23:59:59-12:00"},
        {"office": "a\x00b"},
        {"office": "x" * 10_000},
        {"category": "\u202ewater"},
        {"language": "xx"},
        {"kind": "rumour"},
        {"limit": "0"},
        {"limit": "101"},
    ],
)
def test_bad_filters_get_a_422_with_a_message(newsroom, params):
    response = Api().get("/texts", params)
    assert response.status_code == 422
    assert response.json()["message"]


def test_a_release_with_only_unpublished_texts_is_not_a_release_readers_can_see(newsroom):
    make_release(newsroom["uz"], title="Only a draft")
    assert "Only a draft" not in str(Api().get("/releases").json())


def test_every_link_is_the_address_the_site_and_the_api_answer_at(newsroom, client):
    make_release(newsroom["uz"], title="Вода / «кавычки» & 100%?", language="ru", publish=True)
    for item in Api().get("/texts", {"limit": 100}).json()["items"]:
        text = Text.objects.get(pk=item["id"])
        assert item["page_url"] == "http://testserver" + text.get_absolute_url()
        assert client.get(item["page_url"]).status_code == 200
        assert Api().client.get(item["api_url"]).json()["id"] == text.pk
        assert Api().client.get(item["release"]["api_url"]).json()["id"] == text.release_id


def test_a_method_an_address_does_not_take_is_a_json_405(newsroom):
    response = Api().send("DELETE", f"/texts/{newsroom['arabic'].pk}")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "PUT"}
    assert "DELETE" in response.json()["message"]
