"""`communique import html DIR`: saved pages become releases, and every Hijri date is checked."""

import datetime
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from communique.calendar import HijriDate
from communique.importers.models import ImportedText
from communique.importers.report import COLUMNS
from communique.newsroom import selectors
from communique.newsroom.models import Category, HijriMonthOverride, Office, Release, Text
from tests.factories import make_office, make_release

from .conftest import BROKEN, MAPPING, PAGES

pytestmark = pytest.mark.django_db

KG = "k2/kg-winter-fuel.html"
UZ_EN = "k2/uzbekistan/water-schools-en.html"
UZ_UZ = "k2/uzbekistan/water-schools-uz.html"
UZ_AR = "wordpress/water-schools-ar.html"
RU = "k2/central-scholarships-ru.html"
TJ = "plain/tj-ramadan-food.html"
INDEX = "plain/index.html"


def test_every_page_is_reported_and_the_counts_summed_up(run_import):
    run = run_import("html", PAGES, "--map", MAPPING)
    assert run.statuses() == {
        RU: "imported",
        KG: "imported",
        UZ_EN: "imported",
        UZ_UZ: "imported",
        INDEX: "failed",
        TJ: "imported",
        UZ_AR: "imported",
    }
    assert "6 imported, 0 updated, 0 skipped, 1 failed (7 in all)" in run.out


def test_the_report_has_exactly_the_agreed_columns(run_import, tmp_path):
    run_import("html", PAGES, "--map", MAPPING)
    header = (tmp_path / "report-0.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "source,status,office,number,language,gregorian,written_hijri,computed_hijri,"
        "days_off,message"
    )
    assert tuple(header.split(",")) == COLUMNS


def test_a_wrong_hijri_date_is_reported_and_the_computed_one_is_used(run_import):
    run = run_import("html", PAGES)
    row = run.by_source[KG]
    assert row["gregorian"] == "2015-11-20"
    assert row["written_hijri"] == "1360-01-01"
    assert row["computed_hijri"] == "1437-02-08"
    assert int(row["days_off"]) == -27324
    assert "the computed 1437-02-08 is used" in row["message"]
    assert f"{KG}: written 1360-01-01, computed 1437-02-08" in run.out
    release = Release.objects.get(office__slug="kyrgyzstan")
    assert release.hijri_date == HijriDate(1437, 2, 8)
    note = ImportedText.objects.get(release=release)
    assert (note.written_hijri, note.written_hijri_iso, note.days_off) == (
        "1 Muharram 1360",
        "1360-01-01",
        -27324,
    )


def test_editors_see_the_written_date_in_the_admin(run_import, admin_client):
    run_import("html", PAGES)
    page = admin_client.get("/admin/importers/importedtext/?hijri=wrong")
    assert page.status_code == 200
    content = page.content.decode()
    assert "1 Muharram 1360" in content and "-27324" in content
    assert "water-schools-uz" not in content  # its date was right


def test_translations_become_one_release_with_the_original_marked(run_import):
    run = run_import("html", PAGES, "--map", MAPPING)
    assert {run.by_source[s]["number"] for s in (UZ_EN, UZ_UZ, UZ_AR)} == {"1445 / 03"}
    release = Release.objects.get(office__slug="uzbekistan")
    texts = {text.language: text for text in release.texts.all()}
    assert set(texts) == {"uz", "en", "ar"}
    assert texts["uz"].is_original
    assert not texts["en"].is_original and not texts["ar"].is_original
    assert {c.slug for c in release.categories.all()} >= {"water"}


def test_numbers_are_kept_as_printed_and_the_counter_continues_after_them(run_import):
    run_import("html", PAGES)
    kyrgyzstan = Office.objects.get(slug="kyrgyzstan")
    imported = kyrgyzstan.releases.get()
    assert (imported.number_year, imported.number_seq, imported.number) == (1437, 1, "01/37")
    assert kyrgyzstan.number_format == "{seq:02}/{hyear2}"
    later = make_release(kyrgyzstan, issue_date=datetime.date(2016, 1, 10), publish=True)
    assert later.number == "02/37"


def test_a_number_already_taken_is_reported_and_not_overwritten(run_import):
    uzbekistan = make_office("uzbekistan", name={"en": "Uzbekistan"})
    taken = [
        make_release(uzbekistan, issue_date=datetime.date(2023, 11, day), publish=True)
        for day in (1, 2, 3)
    ]
    assert taken[-1].number == "1445 / 03"
    run = run_import("html", PAGES)
    for source in (UZ_EN, UZ_UZ):
        assert run.by_source[source]["status"] == "failed"
        assert "already taken" in run.by_source[source]["message"]
    taken[-1].refresh_from_db()
    assert taken[-1].texts.get().title.startswith("Water project")
    assert uzbekistan.releases.count() == 3


def test_a_page_without_a_number_stays_unnumbered_and_is_public_on_its_date(run_import):
    run = run_import("html", PAGES, "--map", MAPPING)
    assert run.by_source[RU]["number"] == ""
    assert "no number" in run.by_source[RU]["message"]
    release = Release.objects.get(office__slug="central")
    assert release.number is None and release.kind == Release.Kind.NEWS
    text = release.texts.get()
    assert text.language == "ru" and text.is_original
    assert selectors.public(Text.objects.filter(pk=text.pk)).exists()
    assert text.published_at.date() <= datetime.date(2024, 11, 21)
    assert release.categories.get().name == {"ru": "Образование"}


def test_imported_releases_are_published_with_their_original_dates(run_import):
    run_import("html", PAGES)
    text = Text.objects.get(release__office__slug="kyrgyzstan")
    assert text.status == Text.Status.PUBLISHED
    assert text.published_at.year == 2015
    assert text.release.first_published_at == text.published_at


def test_as_drafts_leaves_every_text_unpublished_and_out_of_readers_reach(run_import):
    run_import("html", PAGES, "--as-drafts")
    assert Text.objects.exists()
    assert not Text.objects.exclude(status=Text.Status.DRAFT).exists()
    assert not selectors.public(Text.objects.all()).exists()
    # The printed numbers are kept all the same.
    assert Release.objects.get(office__slug="kyrgyzstan").number == "01/37"


def test_running_again_creates_nothing_and_changes_nothing(run_import):
    run_import("html", PAGES, "--map", MAPPING)
    before = list(Text.objects.order_by("pk").values_list("pk", "title", "updated_at"))
    counts = (Office.objects.count(), Category.objects.count(), Release.objects.count())
    run = run_import("html", PAGES, "--map", MAPPING)
    assert set(run.statuses().values()) == {"skipped", "failed"}
    assert run.by_source[INDEX]["status"] == "failed"
    assert list(Text.objects.order_by("pk").values_list("pk", "title", "updated_at")) == before
    assert (Office.objects.count(), Category.objects.count(), Release.objects.count()) == counts


def test_update_refreshes_only_the_pages_that_changed(run_import, archive):
    run_import("html", archive)
    page = archive / KG
    page.write_text(
        page.read_text(encoding="utf-8").replace("900 Families", "950 Families"), encoding="utf-8"
    )
    without = run_import("html", archive)
    assert without.by_source[KG]["status"] == "skipped"
    assert Text.objects.filter(title__contains="900 Families").exists()
    run = run_import("html", archive, "--update")
    assert run.by_source[KG]["status"] == "updated"
    assert run.by_source[TJ]["status"] == "skipped"
    assert Text.objects.filter(title="Winter Fuel Reaches 950 Families in Naryn").exists()
    assert Release.objects.filter(office__slug="kyrgyzstan").count() == 1


def test_a_dry_run_writes_nothing_but_reports_everything(run_import):
    run = run_import("html", PAGES, "--dry-run")
    assert run.by_source[KG]["status"] == "imported"
    assert run.by_source[KG]["days_off"] == "-27324"
    assert "dry run, nothing written" in run.out
    assert not Office.objects.exists()
    assert not Release.objects.exists()
    assert not Category.objects.exists()
    assert not ImportedText.objects.exists()


def test_one_bad_file_is_reported_by_name_and_the_others_go_in(run_import, archive):
    for broken in BROKEN.iterdir():
        (archive / broken.name).write_bytes(broken.read_bytes())
    run = run_import("html", archive)
    assert run.by_source["kg-truncated.html"]["message"] == (
        "the file is truncated: it ends before </html>"
    )
    assert "binary" in run.by_source["photo.html"]["message"]
    assert run.by_source["empty.html"]["status"] == "failed"
    assert "failed  photo.html: not an HTML page" in run.out
    assert run.by_source[KG]["status"] == "imported"


def test_an_obfuscated_address_is_recovered_and_a_lost_one_is_named(run_import):
    run = run_import("html", PAGES)
    message = run.by_source[UZ_EN]["message"]
    assert "recovered e-mail: press@wellspring.example.org" in message
    assert "1 e-mail address(es) hidden by the CDN could not be recovered" in message
    text = Text.objects.get(language="en", release__office__slug="uzbekistan")
    assert "press@wellspring.example.org" in text.body
    assert Office.objects.get(slug="uzbekistan").email == "press@wellspring.example.org"


def test_a_date_one_day_off_where_the_office_saw_the_moon_a_day_later(run_import):
    run = run_import("html", PAGES)
    row = run.by_source[TJ]
    assert (row["written_hijri"], row["computed_hijri"], row["days_off"]) == (
        "1447-09-01",
        "1447-09-02",
        "-1",
    )


def test_a_date_that_matches_the_offices_override_for_that_month_is_right(run_import):
    tajikistan = make_office("tajikistan", name={"en": "Tajikistan"})
    HijriMonthOverride.objects.create(
        office=tajikistan, hijri_year=1447, hijri_month=9, starts_on=datetime.date(2026, 2, 19)
    )
    run = run_import("html", PAGES)
    row = run.by_source[TJ]
    assert (row["written_hijri"], row["computed_hijri"], row["days_off"]) == (
        "1447-09-01",
        "1447-09-01",
        "0",
    )
    assert tajikistan.releases.get().hijri_date == HijriDate(1447, 9, 1)


def test_a_page_naming_no_office_goes_to_the_office_given(run_import, archive):
    (archive / "no-office.html").write_text(
        "<html><head><title>Boreholes</title></head><body><div>H. 20 Rabi' II 1445</div>"
        "<div>M. Saturday, 04 November 2023</div><h1>Boreholes</h1>"
        "<p>Two boreholes were drilled near the school this week.</p></body></html>",
        encoding="utf-8",
    )
    run = run_import("html", archive)
    assert "names no office" in run.by_source["no-office.html"]["message"]
    make_office("central")
    run = run_import("html", archive, "--office", "central")
    assert run.by_source["no-office.html"]["office"] == "central"
    assert run.by_source["no-office.html"]["status"] == "imported"


def test_bad_arguments_exit_with_status_2_and_say_why(tmp_path):
    with pytest.raises(CommandError, match="is not a folder") as missing:
        call_command("import", "html", str(tmp_path / "missing"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError, match="no mapping file") as mapping:
        call_command("import", "html", str(PAGES), "--map", str(tmp_path / "none.toml"))
    assert mapping.value.returncode == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[kinds]\n"Новости" = "gossip"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="unknown kind 'gossip'") as kind:
        call_command("import", "html", str(PAGES), "--map", str(bad))
    assert kind.value.returncode == 2
    with pytest.raises(CommandError, match="no office with the slug") as office:
        call_command("import", "html", str(PAGES), "--office", "atlantis")
    assert office.value.returncode == 2


def test_the_command_line_exits_2_on_a_missing_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "communique.cli", "import", "html", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "is not a folder of saved pages" in result.stderr


def test_an_editor_sees_the_imports_of_their_own_office_only(run_import, client):
    from tests.editorial.conftest import make_user

    run_import("html", PAGES)
    editor = make_user("kg-editor", office=Office.objects.get(slug="kyrgyzstan"), role="editor")
    client.force_login(editor)
    page = client.get("/admin/importers/importedtext/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "kg-winter-fuel" in content and "1 Muharram 1360" in content
    assert "water-schools" not in content and "tj-ramadan" not in content


def test_the_progress_bar_counts_the_pages(tmp_path):
    from io import StringIO

    err = StringIO()
    call_command(
        "import", "html", str(PAGES), "--dry-run", "--progress", stdout=StringIO(), stderr=err
    )
    assert "100% 7/7 read" in err.getvalue()


def test_imported_releases_read_well_on_their_public_pages(run_import):
    from tests.factories import make_organisation

    make_organisation()
    run_import("html", PAGES, "--map", MAPPING)
    unnumbered = Text.objects.get(release__office__slug="central")
    page = Client().get(unnumbered.get_absolute_url())
    assert page.status_code == 200
    assert "Стипендии для 40 студентов-медиков" in page.content.decode()
    translated = Text.objects.get(language="en", release__office__slug="uzbekistan")
    content = Client().get(translated.get_absolute_url()).content.decode()
    assert "1445 / 03" in content and "الماء أصل الحياة" in content
    # The imported body went through the editor's allow-list: no script of the old site.
    body = content.split('<div class="release__body">', 1)[1].split("</div>")[0]
    assert "الماء أصل الحياة" in body and "<script" not in body
