"""Year archives in both calendars at one address: /en/offices/<slug>/<year>/."""

import datetime
import re

import pytest

from communique import calendar
from communique.newsroom.archives import archive_year
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    # 1446 AH runs from 7 July 2024 to 25 June 2025.
    for day, title in [
        (datetime.date(2024, 7, 1), "Spring wells"),  # 1445 AH, 2024
        (datetime.date(2024, 12, 1), "Winter kits"),  # 1446 AH, 2024
        (datetime.date(2025, 3, 1), "Clinic opens"),  # 1446 AH, 2025
        (datetime.date(2025, 9, 1), "Scholarships"),  # 1447 AH, 2025
    ]:
        make_release(office, issue_date=day, title=title, publish=True)
    return office


def titles(html: str) -> set[str]:
    return set(re.findall(r'class="release-card__title"><a [^>]*>([^<]+)</a>', html))


def test_a_gregorian_year_lists_the_releases_issued_in_it(client, office):
    html = client.get("/en/offices/uzbekistan/2025/").content.decode()
    assert titles(html) == {"Clinic opens", "Scholarships"}
    assert "Releases of 2025" in html and "2025 AH" not in html


def test_a_hijri_year_lists_the_releases_of_that_hijri_year(client, office):
    html = client.get("/en/offices/uzbekistan/1446/").content.decode()
    assert titles(html) == {"Winter kits", "Clinic opens"}
    assert "Releases of 1446 AH" in html


def test_each_archive_names_its_span_in_the_other_calendar_and_links_its_years(client, office):
    hijri = client.get("/en/offices/uzbekistan/1446/").content.decode()
    assert "From M. Sunday, 07 July 2024 to M. Wednesday, 25 June 2025." in hijri
    assert 'href="/en/offices/uzbekistan/2024/">2024</a>' in hijri
    assert 'href="/en/offices/uzbekistan/2025/">2025</a>' in hijri

    gregorian = client.get("/en/offices/uzbekistan/2025/").content.decode()
    assert "From H. 1 Rajab 1446 to H. 11 Rajab 1447." in gregorian
    assert 'href="/en/offices/uzbekistan/1446/">1446 AH</a>' in gregorian
    assert 'href="/en/offices/uzbekistan/1447/">1447 AH</a>' in gregorian


def test_the_year_lists_mark_the_year_being_shown(client, office):
    hijri = client.get("/en/offices/uzbekistan/1446/").content.decode()
    assert 'href="/en/offices/uzbekistan/1446/" aria-current="page">1446 AH' in hijri
    assert 'aria-current="page">2025' not in hijri
    gregorian = client.get("/en/offices/uzbekistan/2025/").content.decode()
    assert 'href="/en/offices/uzbekistan/2025/" aria-current="page">2025</a>' in gregorian
    assert 'aria-current="page">1446' not in gregorian
    office_page = client.get("/en/offices/uzbekistan/").content.decode()
    assert "Archive by Gregorian year" in office_page
    assert 'href="/en/offices/uzbekistan/2024/">2024</a> <span class="count">(2)' in office_page


@pytest.mark.parametrize("year", ["1342", "1501", "1923", "2078", "0001", "999", "12345", "1600"])
def test_years_outside_both_calendars_are_404(client, office, year):
    assert client.get(f"/en/offices/uzbekistan/{year}/").status_code == 404


@pytest.mark.parametrize("year", [1343, 1500, 1924, 2077])
def test_the_ends_of_the_table_are_archives(client, office, year):
    response = client.get(f"/en/offices/uzbekistan/{year}/")
    assert response.status_code == 200
    assert "published nothing in" in response.content.decode()


def test_the_ends_of_the_table_clip_the_span_to_what_the_calendar_converts():
    first = archive_year(1924, calendar.UMM_AL_QURA)
    assert (first.first, first.other_years) == (datetime.date(1924, 8, 1), (1343,))
    last = archive_year(1500, calendar.UMM_AL_QURA)
    assert (last.last, last.other_years) == (datetime.date(2077, 11, 16), (2076, 2077))
