import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communique.newsroom import services
from tests.factories import (
    make_category,
    make_office,
    make_organisation,
    make_release,
    make_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office", "ar": "مكتب أوزبكستان"})
    water = make_category("water", name={"en": "Water projects"})
    release = make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        title="New well opens",
        body="The elder said «الماء أساس الحياة» to the crowd.",
        categories=[water],
        publish=True,
    )
    return {"office": office, "water": water, "release": release}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_root_sends_the_reader_to_the_default_language(client, site):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_home_lists_the_latest_releases_with_both_dates(client, site):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "New well opens" in html
    assert "20 Rabi&#39; II 1445" in html or "20 Rabi' II 1445" in html
    assert "04/11/2023" in html


def test_header_shows_todays_dual_date_and_the_clock_with_its_label(client, site):
    from django.utils import timezone

    from communique import calendar

    html = client.get("/en/").content.decode()
    today = calendar.today("Asia/Riyadh")  # the header rolls over at midnight in Makkah
    assert f'id="today">{calendar.header_line(today, "en")}</p>' in html
    clock = timezone.localtime(timezone=zoneinfo.ZoneInfo("Asia/Riyadh")).strftime("%H:")
    assert f">{clock}" in html  # server-rendered, so a page without script shows it too
    assert "Time now:" in html
    assert "(Makkah time)" in html


def test_release_page_has_the_full_anatomy(client, site):
    release = site["release"]
    text = release.texts.get()
    response = client.get(text.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uzbekistan Office" in html
    assert "Press Release" in html
    assert "H. 20 Rabi&#39; II 1445" in html
    assert "No: <bdi>1445 / 01</bdi>" in html
    assert "M. Saturday, 04 November 2023" in html
    assert '<h1 class="release__title" dir="auto">New well opens</h1>' in html
    assert '<p dir="auto">The elder said «الماء أساس الحياة» to the crowd.</p>' in html
    assert "Press Office of the Network in uzbekistan" in html
    assert "Water projects" in html
    # The e-mail address is not in the page as an address a harvester can read.
    assert "press@uzbekistan.example.org" not in html
    assert "press [at] uzbekistan [dot] example [dot] org" in html


def test_release_page_without_slug_redirects_to_the_canonical_address(client, site):
    release = site["release"]
    response = client.get(f"/en/releases/{release.pk}/")
    assert response.status_code == 301
    assert response["Location"] == release.texts.get().get_absolute_url()


def test_a_release_that_does_not_exist_is_a_404_in_the_site_style(client, site):
    response = client.get("/en/releases/999999/nothing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Time now:" in response.content.decode()


def test_a_draft_is_not_visible(client, site):
    draft = make_release(site["office"], title="Secret draft")
    assert client.get(draft.texts.get().get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/en/").content.decode()


def test_a_withdrawn_text_says_so_and_hides_its_body(client, site):
    text = site["release"].texts.get()
    services.text_withdraw(text)
    html = client.get(text.get_absolute_url()).content.decode()
    assert "This release was withdrawn on" in html
    assert "الماء أساس الحياة" not in html
    assert "1445 / 01" in html


def test_translation_says_translated_and_links_the_original(client, site):
    release = site["release"]
    make_text(release, "ru", title="Новый колодец", publish=True)
    html = client.get(f"/ru/releases/{release.pk}/", follow=True).content.decode()
    assert "Новый колодец" in html
    assert "New well opens" in html  # the link to the original
    assert 'hreflang="en"' in html


def test_previous_and_next_link_the_same_office(client, site):
    office = site["office"]
    later = make_release(
        office, issue_date=datetime.date(2023, 12, 1), title="Second well", publish=True
    )
    make_release(
        make_office(), issue_date=datetime.date(2023, 11, 20), title="Other office", publish=True
    )
    html = client.get(site["release"].texts.get().get_absolute_url()).content.decode()
    assert "Second well" in html
    assert "Other office" not in html
    html = client.get(later.texts.get().get_absolute_url()).content.decode()
    assert "New well opens" in html


def test_office_page_lists_its_releases_and_contact_block(client, site):
    html = client.get("/en/offices/uzbekistan/").content.decode()
    assert "Uzbekistan Office" in html
    assert "New well opens" in html
    assert "12 Example Street" in html
    assert "/en/offices/uzbekistan/1445/" in html


def test_hijri_year_archive_lists_only_that_year(client, site):
    make_release(
        site["office"], issue_date=datetime.date(2024, 8, 1), title="Next year well", publish=True
    )
    html = client.get("/en/offices/uzbekistan/1445/").content.decode()
    assert "New well opens" in html
    assert "Next year well" not in html
    empty = client.get("/en/offices/uzbekistan/1399/")
    assert empty.status_code == 200
    assert "published nothing in 1399 AH" in empty.content.decode()


def test_category_page_includes_releases_of_its_subcategories(client, site):
    parent = make_category("central-asia", name={"en": "Central Asia"})
    site["water"].parent = parent
    site["water"].save()
    html = client.get("/en/categories/central-asia/").content.decode()
    assert "New well opens" in html


def test_a_release_in_a_category_and_its_subcategory_is_listed_once(client, site):
    parent = make_category("central-asia", name={"en": "Central Asia"})
    site["water"].parent = parent
    site["water"].save()
    make_release(site["office"], title="Pumps for two regions", categories=[parent, site["water"]],
                 publish=True)  # fmt: skip
    html = client.get("/en/categories/central-asia/").content.decode()
    assert html.count("Pumps for two regions") == 1
    assert html.count('class="release-card"') == 2
    other = make_category("schools")
    assert "No releases" in client.get(f"/en/categories/{other.slug}/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/releases/99999999999999999999999/x/",
        "/en/releases/99999999999999999999999/",
        "/en/comments/99999999999999999999999/",
        "/en/offices/uzbekistan/99999999999999/",
    ],
)
def test_numbers_too_large_for_the_database_are_404_not_errors(client, site, url):
    assert client.get(url).status_code == 404


def test_unknown_office_and_category_are_404(client, site):
    assert client.get("/en/offices/atlantis/").status_code == 404
    assert client.get("/en/categories/atlantis/").status_code == 404


def test_empty_site_pages_say_so(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "No releases have been published here yet." in response.content.decode()


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_any_page_number_gives_a_page_not_an_error(client, site, page):
    assert client.get(f"/en/?page={page}").status_code == 200


def test_pagination_splits_long_lists(client, site, settings):
    settings.COMMUNIQUE_PAGE_SIZE = 2
    for day in range(1, 4):
        make_release(site["office"], issue_date=datetime.date(2023, 12, day), publish=True)
    html = client.get("/en/").content.decode()
    assert "Page 1 of 2" in html
    assert 'rel="next"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/offices/uzbekistan/",
        "/en/offices/uzbekistan/1445/",
        "/en/categories/water/",
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(client, site, url):
    client.get(url)
    _response, few = queries(client, url)
    for day in range(1, 16):
        make_release(
            site["office"],
            issue_date=datetime.date(2023, 12, day),
            categories=[site["water"]],
            publish=True,
        )
    client.get(url)  # a change: the process reads the reference data again, once
    response, many = queries(client, url)
    assert response.status_code == 200
    assert many == few
    assert many <= 4


def test_release_page_uses_a_fixed_number_of_queries(client, site):
    release = site["release"]
    url = release.texts.get().get_absolute_url()
    client.get(url)
    _response, few = queries(client, url)
    for language in ("ar", "ru", "uz"):
        make_text(release, language, publish=True)
    release.categories.add(make_category(), make_category())
    client.get(url)  # a change: the process reads the reference data again, once
    response, many = queries(client, url)
    assert response.status_code == 200
    assert many == few
    assert many <= 4


def test_month_starts_endpoint_applies_the_office_overrides(client, site):
    data = client.get("/calendar/month-starts.json?office=uzbekistan").json()
    assert data["months"]
    assert client.get("/calendar/month-starts.json?office=atlantis").status_code == 404


def test_menus_show_their_links_in_order_in_the_page_language(client, site):
    from communique.newsroom.models import MenuItem

    MenuItem.objects.create(
        menu="main", position=2, title={"en": "Water"}, kind="category", category=site["water"]
    )
    MenuItem.objects.create(
        menu="main",
        position=1,
        title={"en": "Uzbekistan", "ru": "Узбекистан"},
        kind="office",
        office=site["office"],
    )
    MenuItem.objects.create(
        menu="footer", title={"en": "Staff sign-in"}, kind="address", url="/admin/"
    )

    html = client.get("/en/").content.decode()
    main = html[
        html.index('class="main-menu"') : html.index("</nav>", html.index('class="main-menu"'))
    ]
    assert main.index("/en/offices/uzbekistan/") < main.index("/en/categories/water/")
    assert "Staff sign-in" not in main
    footer = html[html.index('class="site-footer"') :]
    assert 'href="/admin/"' in footer and "Staff sign-in" in footer
    assert "Узбекистан" in client.get("/ru/").content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/offices/quiet/", "No releases have been published here yet."),
        ("/en/categories/quiet-topic/", "No releases have been published here yet."),
    ],
)
def test_an_office_or_category_without_releases_says_so(client, url, expected):
    make_organisation()
    make_office("quiet", name={"en": "Quiet Office"})
    make_category("quiet-topic", name={"en": "Quiet topic"})
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_an_empty_arabic_home_page_is_right_to_left_and_says_so_in_arabic(client):
    make_organisation()
    response = client.get("/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "No releases have been published here yet." not in html
    assert 'class="empty"' in html
