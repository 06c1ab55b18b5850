"""Readers switch language and land on the same release, or the nearest page there is."""

import datetime
import re

import pytest

from communique.newsroom import services
from tests.factories import make_category, make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db

LANGUAGES = ("ar", "en", "ru", "uz")


@pytest.fixture
def site():
    organisation = make_organisation(languages=["ar", "en", "ru", "uz"])
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office", "ar": "مكتب أوزبكستان"})
    water = make_category("water", name={"en": "Water projects", "ar": "مشاريع المياه"})
    release = make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        title="New well opens",
        body="The elder said «الماء أساس الحياة» to the crowd.",
        categories=[water],
        publish=True,
    )
    return {"organisation": organisation, "office": office, "water": water, "release": release}


def switcher(html: str) -> dict[str, str]:
    """The language switcher's links, by language."""
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S).group(0)
    return dict(
        (code, href) for href, code in re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"', nav)
    )


def alternates(html: str) -> dict[str, str]:
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(links)


def test_switching_to_a_language_the_release_has_lands_on_its_text_there(client, site):
    release = site["release"]
    arabic = make_text(release, "ar", title="افتتاح بئر جديدة", publish=True)
    english = release.texts.get(language="en")

    links = switcher(client.get(english.get_absolute_url()).content.decode())
    assert links["ar"] == arabic.get_absolute_url()
    page = client.get(links["ar"])
    assert page.status_code == 200
    assert "افتتاح بئر جديدة" in page.content.decode()
    # …and back again.
    assert switcher(page.content.decode())["en"] == english.get_absolute_url()


def test_switching_to_a_language_the_release_lacks_lands_on_its_office_in_that_language(
    client, site
):
    english = site["release"].texts.get()
    links = switcher(client.get(english.get_absolute_url()).content.decode())
    assert links["ru"] == "/ru/offices/uzbekistan/?unavailable=ru"
    assert links["uz"] == "/uz/offices/uzbekistan/?unavailable=uz"
    for code in ("ar", "ru", "uz"):
        assert client.get(links[code]).status_code == 200


def test_a_release_address_in_a_language_it_lacks_leads_to_its_office_not_a_404(client, site):
    release = site["release"]
    response = client.get(f"/ru/releases/{release.pk}/anything/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/offices/uzbekistan/?unavailable=ru"


def test_a_draft_translation_is_not_a_target_and_its_address_reveals_nothing(client, site):
    release = site["release"]
    make_text(release, "ar", title="مسودة", publish=False)
    english = release.texts.get(language="en")
    assert switcher(client.get(english.get_absolute_url()).content.decode())["ar"] == (
        "/ar/offices/uzbekistan/?unavailable=ar"
    )
    draft_only = make_release(site["office"], title="Secret draft")
    assert client.get(f"/en/releases/{draft_only.pk}/x/").status_code == 404
    assert client.get(f"/ar/releases/{draft_only.pk}/x/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/offices/",
        "/en/offices/uzbekistan/",
        "/en/offices/uzbekistan/1445/",
        "/en/categories/water/",
    ],
)
def test_switcher_on_list_pages_leads_to_the_same_page_in_each_language(client, site, path):
    links = switcher(client.get(path).content.decode())
    assert links == {code: path.replace("/en/", f"/{code}/", 1) for code in LANGUAGES}
    for url in links.values():
        assert client.get(url).status_code == 200


def test_switcher_on_a_404_page_leads_home_in_each_language(client, site):
    response = client.get("/en/offices/atlantis/")
    assert response.status_code == 404
    links = switcher(response.content.decode())
    assert links == {"ar": "/ar/", "en": "/en/", "ru": "/ru/", "uz": "/uz/"}
    assert alternates(response.content.decode()) == {}


def test_switcher_keeps_to_the_enabled_languages(client, site):
    site["organisation"].languages = ["ar", "en"]
    site["organisation"].save()
    links = switcher(client.get("/en/").content.decode())
    assert set(links) == {"ar", "en"}


def test_a_disabled_language_redirects_to_the_same_page_in_the_default_language(client, site):
    site["organisation"].languages = ["ar", "en"]
    site["organisation"].save()
    response = client.get("/ru/offices/uzbekistan/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/en/offices/uzbekistan/?page=2"
    assert client.get("/ru/").status_code == 302
    assert client.get("/ru/no/such/page/")["Location"] == "/en/no/such/page/"
    assert client.get("/ru")["Location"] == "/en/"
    # The enabled ones are served.
    assert client.get("/ar/offices/uzbekistan/").status_code == 200


def test_a_disabled_default_language_sends_readers_to_the_first_enabled_one(client, site):
    site["organisation"].languages = ["ar", "ru"]
    site["organisation"].default_language = "en"
    site["organisation"].save()
    assert client.get("/en/")["Location"] == "/ar/"
    assert client.get("/")["Location"] == "/ar/"


def test_a_sibling_in_a_disabled_language_is_not_offered(client, site):
    release = site["release"]
    make_text(release, "ru", title="Новый колодец", publish=True)
    site["organisation"].languages = ["ar", "en"]
    site["organisation"].save()
    html = client.get(release.texts.get(language="en").get_absolute_url()).content.decode()
    assert "Новый колодец" not in html
    assert 'hreflang="ru"' not in html


def test_release_page_has_hreflang_alternates_for_its_sibling_texts_only(client, site):
    release = site["release"]
    arabic = make_text(release, "ar", title="افتتاح بئر جديدة", publish=True)
    make_text(release, "ru", title="Черновик", publish=False)
    english = release.texts.get(language="en")
    links = alternates(client.get(english.get_absolute_url()).content.decode())
    assert links == {
        "en": f"http://testserver{english.get_absolute_url()}",
        "ar": f"http://testserver{arabic.get_absolute_url()}",
        "x-default": f"http://testserver{english.get_absolute_url()}",
    }


def test_a_release_in_one_language_has_no_alternates(client, site):
    html = client.get(site["release"].texts.get().get_absolute_url()).content.decode()
    assert alternates(html) == {}


@pytest.mark.parametrize("path", ["/en/offices/uzbekistan/", "/en/categories/water/", "/en/"])
def test_office_category_and_home_pages_have_hreflang_alternates(client, site, path):
    links = alternates(client.get(path).content.decode())
    expected = {code: f"http://testserver/{code}/{path[4:]}" for code in LANGUAGES}
    assert links == expected | {"x-default": expected["en"]}


def test_translation_says_translated_and_links_the_original_and_its_siblings(client, site):
    release = site["release"]
    make_text(release, "uz", title="Yangi quduq ochildi", publish=True)
    russian = make_text(release, "ru", title="Открылся новый колодец", publish=True)
    html = client.get(russian.get_absolute_url()).content.decode()
    assert "(Перевод)" in html
    assert 'href="/en/releases/' in html and "New well opens" in html
    assert 'href="/uz/releases/' in html


def test_an_arabic_page_reads_right_to_left_and_an_english_one_left_to_right(client, site):
    arabic = make_text(site["release"], "ar", title="افتتاح بئر جديدة", publish=True)
    assert '<html lang="ar" dir="rtl">' in client.get(arabic.get_absolute_url()).content.decode()
    assert '<html lang="en" dir="ltr">' in client.get("/en/").content.decode()
    assert '<html lang="uz" dir="ltr">' in client.get("/uz/").content.decode()


def test_user_text_is_isolated_so_mixed_scripts_keep_their_order(client, site):
    arabic = make_text(site["release"], "ar", title="افتتاح بئر جديدة", publish=True)
    html = client.get(arabic.get_absolute_url()).content.decode()
    assert '<h1 class="release__title" dir="auto">افتتاح بئر جديدة</h1>' in html
    assert "<bdi>1445 / 01</bdi>" in html
    assert "<bdi>Uzbekistan Office</bdi>" in html or "<bdi>مكتب أوزبكستان</bdi>" in html
    assert "<bdi>مشاريع المياه</bdi>" in html


def test_eastern_arabic_digits_are_an_organisation_setting(client, site):
    arabic = make_text(site["release"], "ar", title="افتتاح بئر جديدة", publish=True)
    assert "<bdi>1445 / 01</bdi>" in client.get(arabic.get_absolute_url()).content.decode()
    site["organisation"].eastern_arabic_digits = True
    site["organisation"].save()
    assert "<bdi>١٤٤٥ / ٠١</bdi>" in client.get(arabic.get_absolute_url()).content.decode()
    # English pages keep Western digits whatever the setting.
    html = client.get(site["release"].texts.get(language="en").get_absolute_url()).content.decode()
    assert "<bdi>1445 / 01</bdi>" in html


def test_withdrawn_sibling_is_no_switcher_target(client, site):
    release = site["release"]
    arabic = make_text(release, "ar", title="افتتاح بئر جديدة", publish=True)
    services.text_withdraw(arabic)
    english = release.texts.get(language="en")
    assert switcher(client.get(english.get_absolute_url()).content.decode())["ar"] == (
        "/ar/offices/uzbekistan/?unavailable=ar"
    )


def test_the_interface_speaks_the_pages_language(client, site):
    assert "أحدث البيانات" in client.get("/ar/").content.decode()
    assert "Последние материалы" in client.get("/ru/").content.decode()
    assert "Soʻnggi xabarlar" in client.get("/uz/").content.decode()


def test_page_not_found_is_in_the_pages_language_and_direction(client, site):
    response = client.get("/ar/offices/atlantis/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصفحة غير موجودة" in html


def test_server_error_page_is_in_the_pages_language_without_templates(rf):
    from django.utils import translation

    from communique.newsroom.views import server_error

    with translation.override("ar"):
        response = server_error(rf.get("/ar/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert "حدث خطأ من جهتنا." in html
