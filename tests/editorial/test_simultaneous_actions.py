"""Stale and simultaneous workflow actions get a clear message, never a server error.

Real threads, each a browser of its own, press Publish on the same release at the same
moment: through the text form, the release form's "Save and publish" and the bulk action.
"""

import threading

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.test import Client

from communique.editorial import services
from communique.editorial.models import AuditEntry
from communique.newsroom.models import Release, Text
from tests.editorial.test_admin import media_form
from tests.factories import make_release

THREADS = 12


def _press_publish_at_once(people, release, presses):
    """Each press is (user, url, data); all are sent together. Returns the responses."""
    responses, errors = [], []
    start = threading.Barrier(len(presses))

    def press(user, url, data):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            start.wait()
            response = client.post(url, data)
            followed = client.get(response["Location"]) if response.status_code == 302 else None
            responses.append((response, followed))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=args) for args in presses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return responses


@pytest.mark.django_db(transaction=True)
def test_editors_pressing_publish_at_once_get_one_publication_and_no_server_error(people):
    release = make_release(people["editor"].memberships.get().office, title="Pumps for the school")
    text = release.texts.get()
    editors = [people["editor"], people["office_admin"], people["site_admin"]]
    # Each press is the confirmation of a first publication ("Publish this text?" → Yes),
    # the step that gives the number: from the text form, the release form and the list.
    forms = [
        (f"/admin/newsroom/text/{text.pk}/publish/", {"post": "yes"}),
        (f"/admin/newsroom/release/{release.pk}/publish/", {"post": "yes"}),
        (
            "/admin/newsroom/release/",
            {"action": "publish", "_selected_action": [release.pk], "post": "yes"},
        ),
    ]
    presses = [(editors[i % len(editors)], *forms[i % len(forms)]) for i in range(THREADS)]
    responses = _press_publish_at_once(people, release, presses)

    statuses = sorted(response.status_code for response, _followed in responses)
    print(f"{len(responses)} simultaneous publishes: statuses {statuses}")
    assert all(status < 500 for status in statuses), statuses
    assert Text.objects.get(pk=text.pk).status == Text.Status.PUBLISHED
    assert Release.objects.get(pk=release.pk).number_seq == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISHED).count() == 1
    pages = [followed.content.decode() for _r, followed in responses if followed is not None]
    said = ["Published 1 text. Number: 1445 / 01.", "Last change: published by"]
    said += ["Nothing was published: the selected releases have no text that you may publish"]
    told = [page for page in pages if any(words in page for words in said)]
    assert len(told) == len(pages) == THREADS


def _release_form(release):
    data = media_form(release, **{"images-TOTAL_FORMS": "0"})
    del data["images-0-position"], data["images-0-caption_en"]
    return data


@pytest.mark.django_db
def test_save_and_publish_in_a_stale_tab_says_who_published_it_first(client, people, release):
    services.release_publish(release, by=people["office_admin"])
    client.force_login(people["editor"])
    url = f"/admin/newsroom/release/{release.pk}/change/"
    page = client.post(url, {**_release_form(release), "_publish": "1"}, follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nothing was published of" in html
    assert "Last change: published by uz-head" in html
    assert Release.objects.get(pk=release.pk).number == "1445 / 01"


@pytest.mark.django_db
def test_a_bulk_withdrawal_of_something_withdrawn_meanwhile_says_so(
    client, people, release, monkeypatch
):
    text = services.text_publish(release.texts.get(), by=people["editor"])
    withdraw = services.text_withdraw

    def someone_was_faster(current, *, by, reason=""):
        withdraw(current, by=people["office_admin"])
        return withdraw(current, by=by)

    monkeypatch.setattr(services, "text_withdraw", someone_was_faster)
    client.force_login(people["editor"])
    page = client.post(
        "/admin/newsroom/release/",
        {"action": "withdraw", "_selected_action": [release.pk], "post": "yes"},
        follow=True,
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nothing was changed" in html
    assert "Last change: withdrew by uz-head" in html
    assert Text.objects.get(pk=text.pk).status == Text.Status.WITHDRAWN


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError("canceling statement due to lock timeout"),
        IntegrityError("duplicate key value violates unique constraint"),
    ],
)
def test_a_write_the_database_refused_meanwhile_is_a_message_not_a_server_error(
    error, client, people, release, monkeypatch
):
    text = release.texts.get()

    def refused(*args, **kwargs):
        raise error

    monkeypatch.setattr(services, "text_publish", refused)
    client.force_login(people["editor"])
    for url, data in [
        (f"/admin/newsroom/text/{text.pk}/publish/", {"post": "yes"}),
        (f"/admin/newsroom/release/{release.pk}/publish/", {"post": "yes"}),
        (
            "/admin/newsroom/release/",
            {"action": "publish", "_selected_action": [release.pk], "post": "yes"},
        ),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302, url
        page = client.get(response["Location"]).content.decode()
        assert "Someone else was changing this at the same moment" in page
    assert Text.objects.get(pk=text.pk).status == Text.Status.DRAFT
