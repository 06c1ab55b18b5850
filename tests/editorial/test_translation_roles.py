"""'Translate into…' and the missing-translations dashboard follow the roles of issue 5."""

import pytest

from communique.newsroom import services
from communique.newsroom.models import Text
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def translate_url(release, language):
    return f"/admin/newsroom/release/{release.pk}/translate/{language}/"


def test_a_translator_may_start_a_text_in_their_language_only(client, people, release):
    client.force_login(people["translator"])
    assert client.get(translate_url(release, "ar")).status_code == 200
    assert client.get(translate_url(release, "ru")).status_code == 403
    client.post(translate_url(release, "ar"))
    client.post(translate_url(release, "ru"))
    assert set(release.texts.values_list("language", flat=True)) == {"en", "ar"}
    arabic = release.texts.get(language="ar")
    assert arabic.status == Text.Status.DRAFT
    assert not arabic.is_original


def test_an_editor_of_another_office_cannot_translate_or_see_the_release(client, people, release):
    client.force_login(people["other_editor"])
    client.post(translate_url(release, "ru"))
    assert not release.texts.filter(language="ru").exists()


def test_the_dashboard_lists_only_the_users_offices(client, people, offices, release):
    services.release_publish(release)
    other = make_release(offices[1], title="Scholarships in Osh", publish=True)
    client.force_login(people["other_editor"])
    html = client.get("/admin/newsroom/release/translations/").content.decode()
    assert "Scholarships in Osh" in html
    assert "Wells for three villages" not in html
    client.force_login(people["site_admin"])
    html = client.get("/admin/newsroom/release/translations/").content.decode()
    assert "Scholarships in Osh" in html and "Wells for three villages" in html
    assert other.pk
