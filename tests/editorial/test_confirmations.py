"""Irreversible actions ask first, say exactly what will happen, and are offered only to those
who may take them."""

import datetime

import pytest
from django.contrib.messages import get_messages

from communique.editorial import services
from communique.newsroom import selectors as newsroom_selectors
from communique.newsroom import services as newsroom_services
from communique.newsroom.models import Release, Text
from tests.factories import make_release, make_text

pytestmark = pytest.mark.django_db

RELEASES = "/admin/newsroom/release/"


def bulk(client, action, releases, **extra):
    return client.post(
        RELEASES, {"action": action, "_selected_action": [r.pk for r in releases], **extra}
    )


def said(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def offered_actions(client) -> set[str]:
    form = client.get(RELEASES).context["action_form"]
    return {name for name, _label in form.fields["action"].choices if name}


def test_the_number_to_be_given_is_computed_without_being_allocated(offices):
    office = offices[0]
    make_release(office, publish=True)
    draft = make_release(office)

    assert newsroom_selectors.next_number(draft) == "1445 / 02"
    assert Release.objects.get(pk=draft.pk).number is None
    newsroom_services.release_publish(draft)
    draft.refresh_from_db()
    assert draft.number == "1445 / 02"
    assert newsroom_selectors.next_number(draft) is None


def test_bulk_publication_shows_the_texts_and_numbers_then_publishes_on_yes(
    client, people, offices
):
    office = offices[0]
    older = make_release(office, title="Wells for three villages")
    newer = make_release(office, issue_date=datetime.date(2023, 11, 10), title="Pumps arrive")
    client.force_login(people["editor"])

    page = bulk(client, "publish", [newer, older])

    assert page.status_code == 200
    html = page.content.decode()
    assert "Publish these texts?" in html
    assert "Wells for three villages" in html and "Pumps arrive" in html
    plan = {step.release.pk: step.new_number for step in page.context["plan"]}
    assert plan == {older.pk: "1445 / 01", newer.pk: "1445 / 02"}  # oldest first
    assert "gives the release its number for good" in html
    assert not Release.objects.exclude(number_seq=None).exists()  # nothing given yet

    done = bulk(client, "publish", [newer, older], post="yes")

    assert done.status_code == 302
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.number, newer.number) == ("1445 / 01", "1445 / 02")
    assert said(done) == [("success", "Published 2 texts. Numbers: 1445 / 01, 1445 / 02.")]


def test_bulk_withdrawal_warns_that_it_cannot_be_undone(client, people, offices):
    release = make_release(offices[0], title="Wells for three villages", publish=True)
    client.force_login(people["editor"])

    page = bulk(client, "withdraw", [release])

    html = page.content.decode()
    assert "Withdraw this text?" in html
    assert "A withdrawal cannot be undone." in html
    assert "number stays used" in html
    assert release.texts.get().status == Text.Status.PUBLISHED

    bulk(client, "withdraw", [release], post="yes", withdraw_reason="Duplicate")

    assert release.texts.get().status == Text.Status.WITHDRAWN


def test_a_translator_is_not_offered_publish_or_withdraw(client, people, release):
    client.force_login(people["translator"])
    assert {"publish", "withdraw"}.isdisjoint(offered_actions(client))
    client.force_login(people["editor"])
    assert {"publish", "withdraw"} <= offered_actions(client)


def test_an_action_that_does_nothing_never_reports_success(client, people, offices):
    published = make_release(offices[0], publish=True)
    client.force_login(people["editor"])

    response = bulk(client, "publish", [published])

    assert response.status_code == 302  # straight back: there is nothing to confirm
    ((level, message),) = said(response)
    assert level == "warning"
    assert message.startswith("Nothing was published")


def test_another_offices_releases_are_left_out_of_the_plan(client, people, offices):
    mine = make_release(offices[0], title="Ours")
    theirs = make_release(offices[1], title="Theirs")
    client.force_login(people["editor"])

    page = bulk(client, "publish", [mine, theirs])

    assert [step.release.pk for step in page.context["plan"]] == [mine.pk]


def test_the_first_publication_from_the_text_form_asks_first(client, people, release):
    text = release.texts.get()
    client.force_login(people["editor"])
    form = {"title": text.title, "subtitle": "", "body": text.body, "based_on": text.version}

    asked = client.post(f"/admin/newsroom/text/{text.pk}/change/", {**form, "_publish": "1"})

    assert asked.url == f"/admin/newsroom/text/{text.pk}/publish/"
    page = client.get(asked.url)
    assert "1445 / 01" in page.content.decode()
    text.refresh_from_db()
    assert text.status == Text.Status.DRAFT
    client.post(asked.url, {"post": "yes"})
    text.refresh_from_db()
    assert text.status == Text.Status.PUBLISHED


def test_a_translation_of_a_numbered_release_publishes_without_asking(client, people, release):
    services.release_publish(release, by=people["editor"])
    russian = make_text(release, "ru")
    client.force_login(people["editor"])
    form = {"title": russian.title, "subtitle": "", "body": russian.body}

    done = client.post(
        f"/admin/newsroom/text/{russian.pk}/change/",
        {**form, "based_on": russian.version, "_publish": "1"},
    )

    assert done.url == f"/admin/newsroom/text/{russian.pk}/change/"
    russian.refresh_from_db()
    assert russian.status == Text.Status.PUBLISHED


def test_a_translator_cannot_reach_the_confirmation_of_another_language(client, people, release):
    client.force_login(people["translator"])
    text = release.texts.get()
    response = client.post(f"/admin/newsroom/text/{text.pk}/publish/", {"post": "yes"})
    text.refresh_from_db()
    assert text.status == Text.Status.DRAFT
    assert response.status_code in (302, 404)
