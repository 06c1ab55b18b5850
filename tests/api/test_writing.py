"""Writing through tokens: the same services and role rules as the admin."""

import pytest

from communique.editorial.models import AuditEntry
from communique.newsroom.models import Release, Text
from tests.api.conftest import Api

NEW_RELEASE = {
    "office": "uzbekistan",
    "issue_date": "2024-07-24",
    "language": "en",
    "title": "New pumps for the river villages",
    "body": "Four pumps were installed.",
    "categories": ["wells"],
}


def test_an_author_starts_a_release_as_a_draft_and_the_audit_log_names_them(tokens, people):
    response = Api(tokens["author"]).post("/releases", NEW_RELEASE)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] is None
    assert body["texts"][0]["status"] == "draft"
    release = Release.objects.get(pk=body["id"])
    assert [c.slug for c in release.categories.all()] == ["wells"]
    assert AuditEntry.objects.filter(actor=people["author"], subject_type="release").exists()
    # A draft is not for readers.
    assert Api().get(f"/releases/{release.pk}").status_code == 404


def test_an_authors_token_cannot_publish_but_an_editors_can(tokens):
    text_id = Api(tokens["author"]).post("/releases", NEW_RELEASE).json()["texts"][0]["id"]
    assert Api(tokens["author"]).post(f"/texts/{text_id}/submit").json()["status"] == "in_review"
    refused = Api(tokens["author"]).post(f"/texts/{text_id}/publish")
    assert refused.status_code == 403
    assert refused.json()["message"]
    assert Text.objects.get(pk=text_id).status == Text.Status.IN_REVIEW
    published = Api(tokens["editor"]).post(f"/texts/{text_id}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    read = Api().get(f"/texts/{text_id}").json()
    assert read["release"]["number"]["label"] == "1446 / 01"


def test_a_translator_adds_their_language_only(tokens, newsroom):
    release_id = newsroom["published"].pk
    translator = Api(tokens["translator"])
    text = {"title": "Колодцы для трёх сёл", "body": "Перевод."}
    added = translator.post(f"/releases/{release_id}/texts", {**text, "language": "ru"})
    assert added.status_code == 201, added.content
    assert added.json()["is_original"] is False
    refused = translator.post(f"/releases/{release_id}/texts", {**text, "language": "uz"})
    assert refused.status_code == 403


def test_a_second_text_in_the_same_language_is_refused_with_422(tokens, newsroom):
    response = Api(tokens["editor"]).post(
        f"/releases/{newsroom['published'].pk}/texts",
        {"language": "ar", "title": "Again", "body": "Again."},
    )
    assert response.status_code == 422
    assert response.json()["message"]


def test_editing_from_an_old_version_is_a_409_and_changes_nothing(tokens):
    editor = Api(tokens["editor"])
    text_id = editor.post("/releases", NEW_RELEASE).json()["texts"][0]["id"]
    change = {"title": "Pumps, revised", "body": "Five pumps.", "version": 1}
    first = editor.put(f"/texts/{text_id}", change)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = editor.put(f"/texts/{text_id}", {**change, "title": "Lost update"})
    assert stale.status_code == 409
    assert stale.json()["detail"] == {"current_version": 2}
    assert Text.objects.get(pk=text_id).title == "Pumps, revised"


def test_correcting_a_published_text_needs_a_note_readers_will_see(tokens, newsroom):
    text = newsroom["published"].texts.get(language="en")
    edit = {"title": text.title, "body": "Corrected body.", "version": text.version}
    assert Api(tokens["editor"]).put(f"/texts/{text.pk}", edit).status_code == 422
    noted = Api(tokens["editor"]).put(
        f"/texts/{text.pk}", {**edit, "correction_note": "The number of wells was wrong."}
    )
    assert noted.status_code == 200
    assert Api().get(f"/texts/{text.pk}").json()["body"] == "Corrected body."


def test_a_step_the_state_does_not_allow_is_a_409(tokens, newsroom):
    text = newsroom["published"].texts.get(language="en")
    response = Api(tokens["editor"]).post(f"/texts/{text.pk}/submit")
    assert response.status_code == 409
    assert "cannot be submitted" in response.json()["message"]


def test_another_offices_ids_answer_exactly_like_ids_that_do_not_exist(tokens, newsroom):
    kg_text = newsroom["other"].texts.get()
    kg_draft = Text.objects.create(
        release=newsroom["other"], language="ar", title="مسودة", body="مسودة"
    )
    editor = Api(tokens["editor"])
    for text_id in (kg_text.pk, kg_draft.pk):
        for attempt in (
            editor.post(f"/texts/{text_id}/publish"),
            editor.post(f"/texts/{text_id}/submit"),
            editor.put(f"/texts/{text_id}", {"title": "x", "body": "y", "version": 1}),
        ):
            missing = editor.post("/texts/999999/publish")
            assert (attempt.status_code, attempt.json()) == (404, missing.json())
    added = editor.post(
        f"/releases/{newsroom['other'].pk}/texts", {"language": "ru", "title": "x", "body": "y"}
    )
    assert added.status_code == 404
    assert Text.objects.get(pk=kg_draft.pk).status == Text.Status.DRAFT


def test_starting_a_release_in_another_office_is_refused(tokens):
    response = Api(tokens["other_editor"]).post("/releases", NEW_RELEASE)
    assert response.status_code == 403
    nobody = Api(tokens["nobody"]).post("/releases", NEW_RELEASE)
    assert nobody.status_code == 403


def test_unknown_office_or_category_is_named(tokens):
    assert (
        Api(tokens["editor"]).post("/releases", {**NEW_RELEASE, "office": "x"}).status_code == 404
    )
    response = Api(tokens["editor"]).post("/releases", {**NEW_RELEASE, "categories": ["nope"]})
    assert response.status_code == 422
    assert "nope" in response.json()["message"]


@pytest.mark.parametrize(
    "change",
    [
        {"title": "a\x00b"},
        {"title": ""},
        {"title": "x" * 301},
        {"issue_date": "1900-01-01"},
        {"issue_date": 0},
        {"language": "xx"},
        {"kind": "rumour"},
        {"office": "'; DROP TABLE newsroom_office; --"},
        {"categories": "wells"},
    ],
)
def test_hostile_or_bad_input_gets_a_4xx_with_a_message(tokens, change):
    response = Api(tokens["editor"]).post("/releases", {**NEW_RELEASE, **change})
    assert response.status_code in (400, 404, 422), response.content
    assert response.json()["message"]
    assert not Release.objects.filter(texts__title=NEW_RELEASE["title"]).exists()


def test_long_mixed_script_input_with_bidi_controls_is_kept_as_written(tokens):
    body = ("«الماء أساس الحياة» \u202b\u2067 water " * 400)[:10_000]
    response = Api(tokens["editor"]).post("/releases", {**NEW_RELEASE, "body": body})
    assert response.status_code == 201
    text = Text.objects.get(pk=response.json()["texts"][0]["id"])
    assert text.body == body
    assert (
        "<script"
        not in Api(tokens["editor"])
        .post("/releases", {**NEW_RELEASE, "body": "<script>alert(1)</script>"})
        .content.decode()
    )


def test_malformed_json_is_a_400(tokens):
    response = Api(tokens["editor"]).client.post(
        "/api/v1/releases",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens['editor']}"},
    )
    assert response.status_code == 400
    assert response.json()["message"]
