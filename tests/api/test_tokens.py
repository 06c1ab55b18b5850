"""Tokens: made and revoked in the admin, shown once, stored only as a digest."""

import re

import pytest
from django.contrib.messages import get_messages

from communique.api import services
from communique.api.models import ApiToken, digest
from communique.editorial.models import AuditEntry
from tests.api.conftest import NEW_RELEASE_BODY, Api, token_for
from tests.editorial.conftest import make_user


def test_a_token_is_stored_only_as_its_digest(people):
    token, raw = services.token_issue(by=people["editor"], user=people["editor"], name="wire")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.digest, stored.hint, stored.name)
    assert stored.digest == digest(raw)
    assert raw.startswith(stored.hint)
    assert AuditEntry.objects.filter(subject_type="apitoken", subject_id=token.pk).exists()


def test_a_person_makes_tokens_only_for_themselves_but_a_site_admin_for_anyone(people, db):
    with pytest.raises(services.PermissionDenied):
        services.token_issue(by=people["author"], user=people["editor"], name="x")
    root = make_user("root", superuser=True)
    assert (
        services.token_issue(by=root, user=people["editor"], name="x")[0].user == people["editor"]
    )


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cq_not-a-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "cq_without_a_scheme",
        "Bearer " + "x" * 10_000,
        "Bearer cq_\x00",
        "Bearer ' OR 1=1 --",
    ],
)
def test_a_bad_token_is_a_401_on_reads_and_writes(newsroom, header):
    for response in (
        Api(Authorization=header).get("/texts"),
        Api(Authorization=header).post("/releases", NEW_RELEASE_BODY),
    ):
        assert response.status_code == 401
        assert response.json()["message"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_writing_without_a_token_is_a_401(newsroom):
    assert Api().post("/releases", NEW_RELEASE_BODY).status_code == 401


def test_a_revoked_token_or_a_deactivated_person_stops_working_at_once(people):
    raw = token_for(people["editor"])
    assert Api(raw).get("/texts").status_code == 200
    services.token_revoke(ApiToken.objects.get(digest=digest(raw)), by=people["editor"])
    assert Api(raw).get("/texts").status_code == 401
    other = token_for(people["author"])
    people["author"].is_active = False
    people["author"].save()
    assert Api(other).post("/releases", NEW_RELEASE_BODY).status_code == 401


def test_the_admin_shows_a_new_token_once_and_it_works(client, people):
    editor = people["editor"]
    client.force_login(editor)
    response = client.post(
        "/admin/api/apitoken/add/", {"user": editor.pk, "name": "newsroom system"}, follow=True
    )
    assert response.status_code == 200
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    raw = re.search(r"cq_[\w-]+", shown).group(0)
    assert Api(raw).post("/releases", NEW_RELEASE_BODY).status_code == 201
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert "newsroom system" in listing and raw not in listing


def test_the_admin_lists_only_ones_own_tokens_and_revokes_them(client, people):
    mine, raw = services.token_issue(by=people["editor"], user=people["editor"], name="mine")
    services.token_issue(by=people["author"], user=people["author"], name="theirs")
    client.force_login(people["editor"])
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert "mine" in listing and "theirs" not in listing
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [mine.pk]},
    )
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert Api(raw).get("/texts").status_code == 401


def test_a_person_cannot_make_a_token_for_someone_else_in_the_admin(client, people):
    client.force_login(people["author"])
    client.post("/admin/api/apitoken/add/", {"user": people["editor"].pk, "name": "sneaky"})
    assert not ApiToken.objects.filter(user=people["editor"]).exists()
