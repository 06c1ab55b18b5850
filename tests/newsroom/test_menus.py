"""Menus keep the reader's language; the language switcher keeps the page of a list and says
when a release is missing in a language."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from communique.newsroom.models import MenuItem
from tests.factories import make_category, make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office", "ru": "Офис"})
    water = make_category("water", name={"en": "Water projects"})
    release = make_release(office, title="New well opens", publish=True)
    return {"office": office, "water": water, "release": release}


def menu_links(html: str, css_class: str = "main-menu") -> list[str]:
    start = html.index(f'class="{css_class}"')
    return re.findall(r'href="([^"]+)"', html[start : html.index("</nav>", start)])


def add(kind, **fields):
    item = MenuItem(menu="main", title={"en": kind.title()}, kind=kind, **fields)
    item.full_clean()
    item.save()
    return item


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_menu_items_that_point_at_site_pages_open_in_the_page_language(client, site, language):
    add("home")
    add("offices")
    add("office", office=site["office"])
    add("category", category=site["water"])
    add("release", release=site["release"])
    add("address", url="https://partner.example.org/report")
    pk = site["release"].pk
    assert menu_links(client.get(f"/{language}/").content.decode()) == [
        f"/{language}/",
        f"/{language}/offices/",
        f"/{language}/offices/uzbekistan/",
        f"/{language}/categories/water/",
        f"/{language}/releases/{pk}/",
        "https://partner.example.org/report",
    ]


def test_a_menu_release_missing_in_the_page_language_leads_to_its_office_saying_so(client, site):
    add("release", release=site["release"])
    response = client.get(f"/ru/releases/{site['release'].pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/ru/offices/uzbekistan/?unavailable=ru"
    assert "Этот материал недоступен на языке: Русский." in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "//evil.example",
        "//evil.example/en/",
        "/\\evil.example",
        "/\\/evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://",
        "https:evil.example",
        "/en/\x00",
        "/en/\tx",
        "evil.example",
        "\u202e/en/",
    ],
)
def test_the_menu_form_refuses_addresses_that_lead_off_site_in_disguise(site, address):
    with pytest.raises(ValidationError) as refused:
        add("address", url=address)
    assert "url" in refused.value.message_dict


@pytest.mark.parametrize(
    "address", ["/admin/", "https://partner.example.org/a?b=c", "http://x.org"]
)
def test_the_menu_form_accepts_site_paths_and_web_addresses(site, address):
    assert add("address", url=address).get_absolute_url() == address


def test_a_kind_needs_its_target_and_drops_the_others(site):
    with pytest.raises(ValidationError) as refused:
        add("office")
    assert "office" in refused.value.message_dict
    item = add("category", category=site["water"], url="/leftover/")
    assert (item.url, item.get_absolute_url()) == ("", "/en/categories/water/")


def test_editors_choose_a_target_kind_in_the_admin_without_typing_paths(client, site):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")  # noqa: S106
    client.force_login(admin)
    html = client.get("/admin/newsroom/menuitem/add/").content.decode()
    for kind in ("home", "offices", "office", "category", "release", "address"):
        assert f'value="{kind}"' in html
    response = client.post(
        "/admin/newsroom/menuitem/add/",
        {"menu": "main", "title_en": "Offices", "kind": "offices", "position": "0", "url": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert MenuItem.objects.get().get_absolute_url() == "/en/offices/"
    refused = client.post(
        "/admin/newsroom/menuitem/add/",
        {"menu": "main", "title_en": "Bad", "kind": "address", "position": "0", "url": "//x.org"},
    )
    assert refused.status_code == 200
    assert "A path on this site starts with a single /, like /en/offices/." in (
        refused.content.decode()
    )


def test_existing_menu_items_are_migrated_to_kinds(site):
    migration = importlib.import_module("communique.newsroom.migrations.0008_menuitem_kind")
    typed = {
        "/": "home",
        "/en/": "home",
        "/offices/": "offices",
        "/ar/offices/": "offices",
        "/en/offices/uzbekistan/": "office",
        "/categories/water/": "category",
        f"/en/releases/{site['release'].pk}/new-well-opens/": "release",
        "/en/offices/atlantis/": "address",
        "/admin/": "address",
        "https://partner.example.org/": "address",
    }
    for position, url in enumerate(typed):
        MenuItem.objects.create(title={"en": url}, kind="address", url=url, position=position)

    migration.typed_paths_to_targets(apps, None)

    items = {item.title["en"]: item for item in MenuItem.objects.all()}
    assert {url: items[url].kind for url in typed} == typed
    assert items["/en/offices/uzbekistan/"].office == site["office"]
    assert items["/categories/water/"].category == site["water"]
    assert items["/admin/"].url == "/admin/"
    assert items["/offices/"].url == ""


def test_the_language_switcher_keeps_the_page_of_a_list(client, site):
    html = client.get("/en/offices/uzbekistan/?page=2&utm=x").content.decode()
    assert 'href="/ar/offices/uzbekistan/?page=2" hreflang="ar"' in html
    assert "utm=x" not in html


def test_the_switcher_leads_from_a_release_to_its_office_saying_it_is_missing(client, site):
    text = site["release"].texts.get()
    make_text(site["release"], "ar", title="بئر جديدة", publish=True)
    html = client.get(text.get_absolute_url()).content.decode()
    assert 'href="/ru/offices/uzbekistan/?unavailable=ru" hreflang="ru"' in html
    assert f'href="/ar/releases/{site["release"].pk}/' in html


@pytest.mark.parametrize("value", ["xx", "<script>", "ru\x00", "r" * 10_000, ""])
def test_an_unknown_language_in_the_notice_parameter_shows_no_notice(client, site, value):
    response = client.get("/en/offices/uzbekistan/", {"unavailable": value})
    assert response.status_code == 200
    assert "is not available in" not in response.content.decode()
