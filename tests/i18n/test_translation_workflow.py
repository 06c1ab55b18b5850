"""Translate into…: a draft in the target language from the original; the missing-translations
dashboard: which published releases lack which languages, per office, and for how long."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communique.editorial import translation_selectors
from communique.editorial.services import text_translate
from communique.newsroom import services
from communique.newsroom.models import Text
from tests.factories import make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db

BODY = """## Three villages

The elder said «الماء أساس الحياة».

- 12 wells
- 3 pumps

| village | wells |
| --- | --- |
| Nurota | 4 |
"""


@pytest.fixture
def organisation():
    return make_organisation(languages=["ar", "en", "ru"])


@pytest.fixture
def release(organisation):
    return make_release(
        make_office("uzbekistan", name={"en": "Uzbekistan Office"}),
        title="New well opens",
        body=BODY,
        publish=True,
    )


def test_translate_into_makes_a_draft_holding_the_originals_text(release, admin_user):
    text = text_translate(release=release, language="ar", by=admin_user)
    assert text.language == "ar"
    assert text.status == Text.Status.DRAFT
    assert not text.is_original
    assert (text.title, text.body) == ("New well opens", BODY)
    assert "<table>" in text.body_html and "<h2" in text.body_html


def test_translate_into_refuses_a_language_the_release_has_or_the_site_lacks(release, admin_user):
    with pytest.raises(ValidationError):
        text_translate(release=release, language="en", by=admin_user)
    with pytest.raises(ValidationError):
        text_translate(release=release, language="uz", by=admin_user)


def test_a_translation_draft_stays_unseen_until_published(client, release, admin_user):
    text = text_translate(release=release, language="ar", by=admin_user)
    assert client.get(f"/ar/releases/{release.pk}/x/")["Location"] == (
        "/ar/offices/uzbekistan/?unavailable=ar"
    )
    services.text_publish(text)
    assert client.get(text.get_absolute_url()).status_code == 200


def test_release_change_page_offers_translate_into_each_missing_language(admin_client, release):
    html = admin_client.get(f"/admin/newsroom/release/{release.pk}/change/").content.decode()
    assert f"/admin/newsroom/release/{release.pk}/translate/ar/" in html
    assert f"/admin/newsroom/release/{release.pk}/translate/ru/" in html
    assert f"/admin/newsroom/release/{release.pk}/translate/en/" not in html
    assert f"/admin/newsroom/release/{release.pk}/translate/uz/" not in html  # not enabled


def test_translate_into_asks_first_then_makes_the_draft(admin_client, release):
    url = f"/admin/newsroom/release/{release.pk}/translate/ru/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "New well opens" in page.content.decode()
    assert not release.texts.filter(language="ru").exists()

    response = admin_client.post(url)
    assert response.status_code == 302
    draft = release.texts.get(language="ru")
    assert response["Location"] == f"/admin/newsroom/text/{draft.pk}/change/"  # opens the draft
    assert draft.status == Text.Status.DRAFT and draft.body == BODY
    # A second time it says so instead of failing.
    follow = admin_client.post(url, follow=True)
    assert "already has a text in" in follow.content.decode()
    assert release.texts.filter(language="ru").count() == 1


def test_translate_into_is_an_action_on_the_release_list(admin_client, release, organisation):
    other = make_release(release.office, title="Second well", publish=True)
    make_text(other, "ar", publish=True)
    response = admin_client.post(
        "/admin/newsroom/release/",
        {"action": "translate_into_ar", "_selected_action": [release.pk, other.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert release.texts.filter(language="ar", status=Text.Status.DRAFT).exists()
    assert other.texts.filter(language="ar").count() == 1
    html = response.content.decode()
    assert "1 draft made from the original" in html
    assert "1 release was left as it was" in html


def test_dashboard_lists_published_releases_lacking_languages_and_for_how_long(
    admin_client, release, organisation
):
    Text.objects.filter(release=release).update(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    release.first_published_at = timezone.now() - datetime.timedelta(days=3)
    release.save(update_fields=["first_published_at"])
    complete = make_release(release.office, title="Fully translated", publish=True)
    for code in ("ar", "ru"):
        make_text(complete, code, publish=True)
    make_release(release.office, title="Unpublished draft")
    make_text(release, "ar", title="مسودة", publish=False)

    html = admin_client.get("/admin/newsroom/release/translations/").content.decode()
    assert "New well opens" in html
    assert "3\xa0days" in html
    assert "Fully translated" not in html
    assert "Unpublished draft" not in html
    # Arabic is in progress (a draft), Russian can be started from here.
    assert "text-status--draft" in html
    assert f"/admin/newsroom/release/{release.pk}/translate/ru/" in html
    assert f"/admin/newsroom/release/{release.pk}/translate/ar/" not in html


def test_dashboard_is_per_office(admin_client, release):
    other_office = make_office("kazakhstan", name={"en": "Kazakhstan Office"})
    make_release(other_office, title="Steppe school opens", publish=True)
    everything = admin_client.get("/admin/newsroom/release/translations/").content.decode()
    assert "New well opens" in everything and "Steppe school opens" in everything
    one = admin_client.get(
        f"/admin/newsroom/release/translations/?office={other_office.pk}"
    ).content.decode()
    assert "Steppe school opens" in one and "New well opens" not in one


def test_dashboard_summary_counts_missing_languages_per_office(release):
    make_release(release.office, title="Second", publish=True)
    make_text(release, "ar", publish=True)
    summary = translation_selectors.missing_by_office(["ar", "en", "ru"])
    row = next(row for row in summary if row["office"].slug == "uzbekistan")
    missing = {cell["code"]: cell["missing"] for cell in row["languages"]}
    assert missing == {"ar": 1, "en": 0, "ru": 2}
    assert row["total"] == 3


def test_the_release_list_links_the_dashboard(admin_client, release):
    html = admin_client.get("/admin/newsroom/release/").content.decode()
    assert "/admin/newsroom/release/translations/" in html


def test_the_dashboard_and_translate_into_need_a_staff_login(client, release):
    assert client.get("/admin/newsroom/release/translations/").status_code == 302
    assert client.post(f"/admin/newsroom/release/{release.pk}/translate/ar/").status_code == 302
    assert not release.texts.filter(language="ar").exists()


def test_translate_into_from_the_dashboard_returns_there_but_never_elsewhere(admin_client, release):
    url = f"/admin/newsroom/release/{release.pk}/translate/ar/"
    back = admin_client.post(url, {"next": "/admin/newsroom/release/translations/"})
    assert back["Location"] == "/admin/newsroom/release/translations/"
    away = admin_client.post(url.replace("/ar/", "/ru/"), {"next": "https://evil.example/"})
    draft = release.texts.get(language="ru")
    assert away["Location"] == f"/admin/newsroom/text/{draft.pk}/change/"
