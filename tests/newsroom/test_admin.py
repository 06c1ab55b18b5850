import datetime

import pytest
from django.contrib.auth import get_user_model

from communique.newsroom.models import HijriMonthOverride, Office, Release
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser(
        "chief", "chief@example.org", "pw-for-tests-only"
    )
    client.force_login(user)
    return user


def release_form(office, **overrides):
    data = {
        "office": office.pk,
        "kind": "press-release",
        "issue_date": "2023-11-04",
        "texts-TOTAL_FORMS": "1",
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "1",
        "texts-MAX_NUM_FORMS": "1000",
        "texts-0-language": "en",
        "texts-0-is_original": "on",
        "texts-0-title": "Scholarship results announced",
        "texts-0-subtitle": "",
        "texts-0-body": "Forty students were admitted.",
    }
    data.update(overrides)
    return data


def test_every_admin_list_opens(client, editor):
    make_organisation()
    make_release(publish=True)
    for model in ("organisation", "office", "category", "menuitem", "release"):
        response = client.get(f"/admin/newsroom/{model}/")
        assert response.status_code == 200, model
    assert client.get("/admin/newsroom/release/add/").status_code == 200


def test_saving_and_publishing_a_release_gives_it_a_number(client, editor):
    office = make_office(number_format="{hyear} / {seq:02}")
    response = client.post("/admin/newsroom/release/add/", release_form(office, _publish="1"))
    release = Release.objects.get()
    assert response.url == f"/admin/newsroom/release/{release.pk}/publish/"  # it asks first
    assert release.number is None
    client.post(response.url, {"post": "yes"})
    release.refresh_from_db()
    assert release.number == "1445 / 01"
    assert (release.hijri_year, release.hijri_month, release.hijri_day) == (1445, 4, 20)
    page = client.get(f"/admin/newsroom/release/{release.pk}/change/").content.decode()
    assert "1445 / 01" in page
    assert "H. 20 Rabi&#x27; II 1445" in page or "H. 20 Rabi' II 1445" in page


def test_a_saved_draft_says_its_number_comes_on_publication(client, editor):
    office = make_office()
    client.post("/admin/newsroom/release/add/", release_form(office))
    release = Release.objects.get()
    assert release.number is None
    page = client.get(f"/admin/newsroom/release/{release.pk}/change/").content.decode()
    assert "assigned on first publication" in page


def test_an_impossible_issue_date_keeps_what_was_typed(client, editor):
    office = make_office()
    response = client.post(
        "/admin/newsroom/release/add/", release_form(office, issue_date="2099-01-01")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html
    assert "Scholarship results announced" in html
    assert not Release.objects.exists()


def test_hijri_preview_shows_the_computed_date_while_picking(client, editor):
    office = make_office()
    response = client.get(
        f"/admin/newsroom/release/hijri-preview/?date=2024-07-24&office={office.pk}"
    )
    assert response.json() == {"line": "H. 18 Muharram 1446"}
    bad = client.get("/admin/newsroom/release/hijri-preview/?date=24.07.2024")
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.json()["error"]


def test_office_with_a_number_format_without_seq_is_rejected(client, editor):
    response = client.post(
        "/admin/newsroom/office/add/",
        {
            "name_en": "Test Office",
            "slug": "test",
            "position": "0",
            "time_zone": "Asia/Tashkent",
            "number_format": "{hyear}",
            "month_overrides-TOTAL_FORMS": "0",
            "month_overrides-INITIAL_FORMS": "0",
            "month_overrides-MIN_NUM_FORMS": "0",
            "month_overrides-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "must contain {seq}" in response.content.decode()
    assert not Office.objects.filter(slug="test").exists()


def test_an_override_too_far_from_umm_al_qura_is_refused_naming_the_month(client, editor):
    office = make_office("uzbekistan")
    data = {
        "name_en": "Uzbekistan Office",
        "slug": "uzbekistan",
        "position": "0",
        "time_zone": "Asia/Tashkent",
        "number_format": "{hyear} / {seq:02}",
        "month_overrides-TOTAL_FORMS": "1",
        "month_overrides-INITIAL_FORMS": "0",
        "month_overrides-MIN_NUM_FORMS": "0",
        "month_overrides-MAX_NUM_FORMS": "1000",
        "month_overrides-0-hijri_year": "1447",
        "month_overrides-0-hijri_month": "9",
        "month_overrides-0-starts_on": "2026-02-25",
        "month_overrides-0-note": "",
    }
    response = client.post(f"/admin/newsroom/office/{office.pk}/change/", data)
    assert response.status_code == 200
    assert "Ramadan 1447" in response.content.decode()
    assert not HijriMonthOverride.objects.exists()


def test_an_override_moves_the_hijri_date_of_that_months_releases(client, editor):
    office = make_office("uzbekistan")
    release = make_release(office, issue_date=datetime.date(2026, 2, 18))
    assert release.hijri_month == 9  # Umm al-Qura: 1 Ramadan 1447
    data = {
        "name_en": "Uzbekistan Office",
        "slug": "uzbekistan",
        "position": "0",
        "time_zone": "Asia/Tashkent",
        "number_format": "{hyear} / {seq:02}",
        "month_overrides-TOTAL_FORMS": "1",
        "month_overrides-INITIAL_FORMS": "0",
        "month_overrides-MIN_NUM_FORMS": "0",
        "month_overrides-MAX_NUM_FORMS": "1000",
        "month_overrides-0-hijri_year": "1447",
        "month_overrides-0-hijri_month": "9",
        "month_overrides-0-starts_on": "2026-02-19",
        "month_overrides-0-note": "Local sighting",
    }
    response = client.post(f"/admin/newsroom/office/{office.pk}/change/", data)
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.hijri_month, release.hijri_day) == (8, 30)  # still Sha'ban there
