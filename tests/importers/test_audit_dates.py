"""`communique audit-dates`: the written Hijri dates kept from an import, checked again."""

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from communique.importers.models import ImportedText
from communique.newsroom import services as newsroom
from communique.newsroom.models import HijriMonthOverride, Office

from .conftest import PAGES

pytestmark = pytest.mark.django_db


def audit(*args):
    out = StringIO()
    call_command("audit-dates", *args, stdout=out)
    return out.getvalue()


def test_the_audit_lists_the_wrong_dates_kept_from_the_import(run_import):
    run_import("html", PAGES)
    out = audit()
    assert (
        "html:k2/kg-winter-fuel.html: written 1360-01-01, computed 1437-02-08 (-27324 days)" in out
    )
    assert "html:plain/tj-ramadan-food.html: written 1447-09-01, computed 1447-09-02" in out
    assert "2 mismatch" in out


def test_an_override_recorded_later_clears_a_one_day_difference(run_import, tmp_path):
    run_import("html", PAGES)
    tajikistan = Office.objects.get(slug="tajikistan")
    HijriMonthOverride.objects.create(
        office=tajikistan, hijri_year=1447, hijri_month=9, starts_on=datetime.date(2026, 2, 19)
    )
    newsroom.office_recompute_hijri_dates(tajikistan)
    report = tmp_path / "audit.csv"
    out = audit("--office", "tajikistan", "--report", str(report))
    assert "1 ok, 0 mismatch" in out
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [(r["written_hijri"], r["computed_hijri"], r["days_off"]) for r in rows] == [
        ("1447-09-01", "1447-09-01", "0")
    ]
    assert ImportedText.objects.get(release__office=tajikistan).days_off == 0


def test_an_unknown_office_exits_with_status_2():
    with pytest.raises(CommandError, match="no office") as error:
        audit("--office", "atlantis")
    assert error.value.returncode == 2
