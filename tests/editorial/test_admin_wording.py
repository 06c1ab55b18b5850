"""The admin speaks the product: its name, releases by number and title, office time."""

import datetime
import re

import pytest
from django.utils import timezone

from communique.editorial import services
from communique.newsroom.models import Release
from tests.editorial.conftest import make_user
from tests.factories import make_release, make_text

pytestmark = pytest.mark.django_db


def test_the_admin_is_titled_with_the_organisations_name_not_django(client, people):
    client.force_login(people["editor"])
    html = client.get("/admin/").content.decode()
    assert "Wellspring Relief Network · Communiqué" in html
    assert "Django" not in html


def test_a_release_is_called_by_its_number_and_title(offices):
    office = offices[0]
    draft = make_release(office, title="Winter kits reach Osh")
    assert str(draft) == "Office uzbekistan · 2023-11-04 — Winter kits reach Osh"
    services.release_publish(draft, by=make_user("root", superuser=True))
    draft = Release.objects.get(pk=draft.pk)
    assert str(draft) == "1445 / 01 — Winter kits reach Osh"


def test_a_release_is_called_by_its_originals_title_not_a_translations(offices):
    release = make_release(offices[0], title="Winter kits reach Osh")
    make_text(release, "ar", title="وصول الأطقم الشتوية")
    assert str(Release.objects.prefetch_related("texts").get()).endswith("Winter kits reach Osh")


def test_no_admin_page_shows_none_for_an_empty_value(client, people, release):
    client.force_login(people["site_admin"])
    text = release.texts.get()
    pages = [
        "/admin/newsroom/release/",
        f"/admin/newsroom/release/{release.pk}/change/",
        "/admin/newsroom/text/",
        f"/admin/newsroom/text/{text.pk}/change/",
        "/admin/editorial/auditentry/",
        "/admin/comments/comment/?status=all",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        shown = re.sub(r"<[^>]+>", " ", html)
        found = re.search(r".{120}\bNone\b.{40}", shown, re.S)
        assert not found, (url, found and found.group(0))


def test_an_author_with_one_office_gets_it_with_its_language_and_the_original_ticked(
    client, people, offices
):
    uz = offices[0]
    make_release(uz, language="ru", title="Прошлый выпуск")  # the office writes in Russian
    client.force_login(people["author"])

    form = client.get("/admin/newsroom/release/add/").context["adminform"].form
    text_form = client.get("/admin/newsroom/release/add/").context["inline_admin_formsets"][0]
    first = text_form.formset.forms[0]

    assert form.initial["office"] == uz.pk
    assert first.initial == {"language": "ru", "is_original": True}


def test_a_person_with_several_offices_chooses_one(client, offices):
    person = make_user("two-offices", office=offices[0], role="editor")
    person.memberships.create(office=offices[1], role="editor")
    client.force_login(person)
    form = client.get("/admin/newsroom/release/add/").context["adminform"].form
    assert "office" not in form.initial


def test_times_are_shown_in_the_offices_zone_and_say_which(client, people, offices):
    release = make_release(offices[0], title="Night publication")
    late = timezone.make_aware(datetime.datetime(2023, 11, 4, 21, 30), datetime.UTC)
    Release.objects.filter(pk=release.pk).update(first_published_at=late)
    client.force_login(people["editor"])

    html = client.get(f"/admin/newsroom/release/{release.pk}/change/").content.decode()

    assert "2023-11-05 02:30 (Asia/Tashkent)" in html  # the next day already, in Tashkent
    assert "are in Asia/Tashkent, the office&#x27;s time zone" in html
    # Django's "Today" shortcut follows the office's clock, not the server's (UTC).
    assert 'data-admin-utc-offset="18000"' in html


def test_the_new_release_form_uses_the_organisations_zone_before_an_office_is_known(
    client, offices
):
    person = make_user("two-offices", office=offices[0], role="editor")
    person.memberships.create(office=offices[1], role="editor")
    client.force_login(person)
    html = client.get("/admin/newsroom/release/add/").content.decode()
    assert "Asia/Riyadh, the organisation&#x27;s time zone" in html
    assert 'data-admin-utc-offset="10800"' in html
