"""`communique import wxr FILE`: a WordPress export with WPML and Polylang translations."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from communique.newsroom.models import Release, Text

from .conftest import EXPORT

pytestmark = pytest.mark.django_db

WPML_EN, WPML_RU = "export.wxr#post-101", "export.wxr#post-102"
PLL_UZ, PLL_AR = "export.wxr#post-201", "export.wxr#post-202"
BROKEN = "export.wxr#post-301"


def test_every_post_is_reported_and_pages_and_attachments_are_left_out(run_import):
    run = run_import("wxr", EXPORT)
    assert run.statuses() == {
        WPML_EN: "imported",
        WPML_RU: "imported",
        PLL_UZ: "imported",
        PLL_AR: "imported",
        BROKEN: "failed",
    }
    assert "4 imported, 0 updated, 0 skipped, 1 failed (5 in all)" in run.out


def test_a_broken_post_says_why_and_does_not_stop_the_others(run_import):
    run = run_import("wxr", EXPORT)
    assert "no valid date" in run.by_source[BROKEN]["message"]
    assert "“not a date”" in run.by_source[BROKEN]["message"]
    assert not Text.objects.filter(title="A post whose date was lost").exists()


def test_a_wpml_translation_group_is_one_release_with_its_original_marked(run_import):
    run_import("wxr", EXPORT)
    release = Release.objects.get(office__slug="kazakhstan")
    texts = {text.language: text for text in release.texts.all()}
    assert set(texts) == {"en", "ru"}
    assert texts["en"].is_original and not texts["ru"].is_original
    assert release.number == "1445 / 07"
    assert release.issue_date == datetime.date(2024, 2, 22)
    # The post's GMT time is its publication time.
    assert texts["en"].published_at == datetime.datetime(2024, 2, 22, 5, tzinfo=datetime.UTC)
    assert "<script" not in texts["en"].body_html and "tracker" not in texts["en"].body_html
    assert "Press Office of the" not in texts["en"].body


def test_a_post_without_paragraph_tags_keeps_its_paragraphs(run_import):
    run_import("wxr", EXPORT)
    russian = Text.objects.get(language="ru")
    assert russian.body_html.count("<p") == 2


def test_a_hijri_date_in_post_meta_is_audited(run_import):
    run = run_import("wxr", EXPORT)
    row = run.by_source[WPML_RU]
    assert (row["written_hijri"], row["computed_hijri"], row["days_off"]) == (
        "1445-08-13",
        "1445-08-12",
        "1",
    )
    assert run.by_source[PLL_AR]["days_off"] == ""


def test_a_polylang_group_is_one_release_in_uzbek_and_arabic(run_import):
    run_import("wxr", EXPORT)
    release = Release.objects.get(office__slug="uzbekistan")
    assert {t.language: t.is_original for t in release.texts.all()} == {"uz": True, "ar": False}
    assert release.number is None
    assert release.categories.get().slug == "education"


def test_importing_the_export_again_changes_nothing(run_import):
    run_import("wxr", EXPORT)
    before = Text.objects.count(), Release.objects.count()
    run = run_import("wxr", EXPORT)
    assert set(run.statuses().values()) == {"skipped", "failed"}
    assert (Text.objects.count(), Release.objects.count()) == before


def test_a_file_that_is_not_an_export_exits_with_status_2(tmp_path):
    not_xml = tmp_path / "notes.xml"
    not_xml.write_text("<notes><note>Buy pipes</note></notes>", encoding="utf-8")
    with pytest.raises(CommandError, match="not a WordPress export") as error:
        call_command("import", "wxr", str(not_xml))
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="is not a file") as missing:
        call_command("import", "wxr", str(tmp_path / "missing.xml"))
    assert missing.value.returncode == 2


def test_an_export_cannot_read_local_files_through_entities(tmp_path, run_import):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    export = tmp_path / "evil.wxr"
    export.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>'
        "<title>Pumps &x;</title><content:encoded>&x; H. 20 Rabi' II 1445 M. Saturday, "
        "04 November 2023</content:encoded><wp:post_id>1</wp:post_id>"
        "<wp:post_date>2023-11-04 10:00:00</wp:post_date><wp:post_type>post</wp:post_type>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    run_import("wxr", export, "--as-drafts")
    assert not Text.objects.filter(title__contains="TOP-SECRET").exists()
    assert not Text.objects.filter(body__contains="TOP-SECRET").exists()
