"""Each public text as IPTC ninjs 2.1, valid against IPTC's schema."""

import datetime
import json

import jsonschema
import pytest
from django.utils import timezone

from communique.distribution import ninjs
from communique.distribution.selectors import text_for_channel
from communique.newsroom import services
from communique.newsroom.models import Text

pytestmark = pytest.mark.django_db


def validator():
    return jsonschema.Draft202012Validator(
        ninjs.schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def fetch(client, text):
    response = client.get(f"/{text.language}/releases/{text.release_id}/ninjs.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    validator().validate(document)
    return document


def role(items, name):
    return [item["value"] for item in items if item.get("role") == name]


def test_a_published_text_is_valid_ninjs_with_the_release_facts(client, site):
    document = fetch(client, site["english"])
    english = site["english"]
    assert document["uri"] == f"http://testserver/en/releases/{english.release_id}/ninjs.json"
    assert document["pubstatus"] == "usable"
    assert document["language"] == "en"
    assert "embargoed" not in document
    assert role(document["headlines"], "main") == ["New well opens in Nukus"]
    assert "<strong>three</strong>" in document["bodies"][0]["value"]
    assert document["bodies"][0]["contenttype"] == "text/html"
    assert role(document["altids"], "release-number") == ["1445 / 01"]
    assert role(document["altids"], "hijri-date") == ["1445-04-20"]
    assert role(document["altids"], "gregorian-date") == ["2023-11-04"]
    assert role(document["descriptions"], "hijri-date") == ["20 Rabi' II 1445"]
    assert [subject["name"] for subject in document["subjects"]] == ["Wells"]
    (office,) = document["organisations"]
    assert office["name"] == "Uzbekistan Office"
    contacts = {info["type"]: info for info in office["contactinfo"]}
    assert contacts["email"]["value"] == "press@uzbekistan.example.org"
    assert contacts["address"]["address"]["lines"] == ["12 Example Street"]
    (arabic,) = [a for a in document["associations"] if a["type"] == "text"]
    assert arabic["language"] == "ar"
    assert arabic["uri"] == f"http://testserver/ar/releases/{english.release_id}/ninjs.json"
    published = datetime.datetime.fromisoformat(document["firstcreated"])
    assert published == english.release.first_published_at


def test_the_arabic_text_is_in_arabic_and_links_the_original(client, site):
    document = fetch(client, site["arabic"])
    assert document["language"] == "ar"
    assert role(document["descriptions"], "hijri-date") == ["20 ربيع الآخر 1445"]
    assert document["organisations"][0]["name"] == "مكتب أوزبكستان"
    assert [a["language"] for a in document["associations"]] == ["en"]


def test_a_withdrawn_text_is_canceled_and_carries_no_body(client, site):
    services.text_withdraw(site["english"])
    document = fetch(client, site["english"])
    assert document["pubstatus"] == "canceled"
    assert "bodies" not in document


def test_embargoed_and_draft_texts_have_no_ninjs(client, site):
    for text in Text.objects.filter(title__in=site["hidden_titles"]):
        response = client.get(f"/en/releases/{text.release_id}/ninjs.json")
        assert response.status_code == 404, text.title


def test_the_builder_says_until_when_an_advance_copy_is_embargoed(site):
    text = Text.objects.get(title="Scheduled scholarship news")
    document = ninjs.text_ninjs(text, base_url="https://press.example.org")
    validator().validate(document)
    assert datetime.datetime.fromisoformat(document["embargoed"]) == text.scheduled_for
    assert document["uri"].startswith("https://press.example.org/en/releases/")


def test_a_release_page_links_its_ninjs(client, site):
    html = client.get(site["arabic"].get_absolute_url()).content.decode()
    release_id = site["arabic"].release_id
    expected = (
        '<link rel="alternate" type="application/json" title="ninjs" '
        f'href="/ar/releases/{release_id}/ninjs.json">'
    )
    assert expected in html


def test_hostile_text_stays_valid_ninjs(client, site):
    title = "Quotes \" ' <b>&amp; \u202e\u2066 " + "x" * 270
    release_id = site["release"].pk
    services.text_create(
        release=site["release"], language="ru", title=title, body="«»\n\n" + "слово " * 2000
    )
    text = Text.objects.get(release_id=release_id, language="ru")
    services.text_publish(text, at=timezone.now())
    document = fetch(client, text)
    assert role(document["headlines"], "main") == [title]


def test_a_missing_release_is_a_clean_404(client, site):
    assert client.get("/en/releases/999999999999999999/ninjs.json").status_code == 404
    assert client.get("/en/releases/9999999999999999999999/ninjs.json").status_code == 404


def test_the_builder_reads_a_prefetched_text_without_more_queries(
    site, django_assert_max_num_queries
):
    text = text_for_channel(site["english"].release_id, "en")
    from communique.newsroom.models import Organisation

    organisation = Organisation.current()
    with django_assert_max_num_queries(0):
        ninjs.text_ninjs(text, base_url="https://press.example.org", organisation=organisation)
