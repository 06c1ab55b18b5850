"""Translations that fell behind: the original edited after a translation was made marks the
translation, the dashboard shows what changed and since when, its page can say so, and
publishing or correcting the translation again brings it up to date."""

import datetime

import pytest

from communique.editorial import services, translation_selectors
from communique.newsroom.models import Organisation, Text
from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    make_organisation(languages=["ar", "en", "ru"])
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    return make_user("uz-editor", office=office, role="editor")


@pytest.fixture
def published(editor):
    """An English original and its Russian translation, both published."""
    office = editor.memberships.get().office
    release = services.release_create(
        by=editor,
        office=office,
        issue_date=datetime.date(2023, 11, 4),
        language="en",
        title="Wells for three villages",
        body="Twelve wells were dug in Nurota this spring.",
    )
    original = release.texts.get()
    services.text_publish(original, by=editor)
    translation = services.text_translate(release=release, language="ru", by=editor)
    services.text_update(
        translation,
        by=editor,
        title="Колодцы для трёх сёл",
        body="Этой весной в Нурате вырыли двенадцать колодцев.",
    )
    services.text_publish(Text.objects.get(pk=translation.pk), by=editor)
    return Text.objects.get(pk=original.pk), Text.objects.get(pk=translation.pk)


def correct_original(original, editor, body):
    return services.text_update(
        original,
        by=editor,
        title=original.title,
        body=body,
        correction_note="Fourteen, not twelve.",
    )


def test_a_translation_records_the_version_of_the_original_it_was_made_from(published):
    original, translation = published
    assert translation.source_version == original.version
    assert not translation_selectors.translations_behind().exists()


def test_correcting_the_original_leaves_the_translation_behind_with_what_changed(published, editor):
    original, translation = published
    correct_original(original, editor, "Fourteen wells were dug in Nurota this spring.")
    behind = list(translation_selectors.translations_behind())
    assert behind == [translation]
    (row,) = translation_selectors.what_changed(behind)
    assert row["made_from"].body == "Twelve wells were dug in Nurota this spring."
    assert row["original"].body == "Fourteen wells were dug in Nurota this spring."


def test_the_dashboard_lists_it_with_a_word_diff_and_the_wait(client, published, editor):
    original, translation = published
    correct_original(original, editor, "Fourteen wells were dug in Nurota this spring.")
    client.force_login(editor)
    html = client.get("/admin/newsroom/release/translations/").content.decode()
    section = html[html.index('id="behind"') :]
    assert "Колодцы для трёх сёл" in section
    assert "<del>Twelve</del>" in section and "<ins>Fourteen</ins>" in section
    assert "Version 1 → 2" in section


def test_the_translations_page_says_the_original_was_updated_if_the_organisation_wants(
    client, published, editor
):
    original, translation = published
    notice = "Оригинал был обновлён после того, как был сделан этот перевод."
    assert notice not in client.get(translation.get_absolute_url()).content.decode()
    correct_original(original, editor, "Fourteen wells were dug in Nurota this spring.")
    assert notice in client.get(translation.get_absolute_url()).content.decode()
    assert notice not in client.get(original.get_absolute_url()).content.decode()
    Organisation.objects.update(translation_notice=False)
    assert notice not in client.get(translation.get_absolute_url()).content.decode()


def test_correcting_the_translation_brings_it_up_to_date(client, published, editor):
    original, translation = published
    correct_original(original, editor, "Fourteen wells were dug in Nurota this spring.")
    services.text_update(
        translation,
        by=editor,
        title=translation.title,
        body="Этой весной в Нурате вырыли четырнадцать колодцев.",
        correction_note="Четырнадцать, а не двенадцать.",
    )
    assert not translation_selectors.translations_behind().exists()
    assert "notice--behind" not in client.get(translation.get_absolute_url()).content.decode()


def test_a_draft_translation_is_published_up_to_date_and_an_unpublished_one_is_not_listed(
    published, editor
):
    original, _translation = published
    draft = services.text_translate(release=original.release, language="ar", by=editor)
    correct_original(original, editor, "Fourteen wells were dug in Nurota this spring.")
    assert draft not in translation_selectors.translations_behind()  # not public: not listed
    services.text_publish(Text.objects.get(pk=draft.pk), by=editor)
    assert Text.objects.get(pk=draft.pk).source_version == Text.objects.get(pk=original.pk).version


def test_the_dashboards_lists_are_paginated_each_on_its_own(client, published, editor, monkeypatch):
    from communique.editorial.admin import translations

    monkeypatch.setattr(translations, "DASHBOARD_PAGE_SIZE", 1)
    original, _translation = published
    correct_original(original, editor, "Fourteen wells were dug in Nurota this spring.")
    second = services.release_create(
        by=editor,
        office=original.release.office,
        issue_date=datetime.date(2023, 11, 5),
        language="en",
        title="Scholarships for forty students",
        body="Forty students begin their studies.",
    )
    services.text_publish(second.texts.get(), by=editor)
    translation = services.text_translate(release=second, language="ru", by=editor)
    services.text_publish(Text.objects.get(pk=translation.pk), by=editor)
    second_original = second.texts.get(language="en")
    correct_original(second_original, editor, "Forty-two students begin their studies.")
    client.force_login(editor)
    html = client.get("/admin/newsroom/release/translations/").content.decode()
    assert "page=2" in html and "behind=2#behind" in html
    later = client.get("/admin/newsroom/release/translations/?behind=2").content.decode()
    behind_section = later[later.index('id="behind"') :]
    assert "Page 2 of 2" in behind_section
