"""Other apps add panels to a release's admin page through one registry."""

import pytest
from django.template import engines

from communique.editorial.admin import panels

pytestmark = pytest.mark.django_db


class WellCountPanel(panels.ReleasePanel):
    title = "Wells"
    template_name = "panel_test.html"

    def get_context(self, request, release):
        if release.office.slug != "uzbekistan":
            return None
        return {"wells": 12}


@pytest.fixture
def registered(settings, monkeypatch):
    django_engine = engines["django"]
    loader = django_engine.engine.template_loaders[0]
    original = loader.get_template

    def get_template(name, *args, **kwargs):
        if name == "panel_test.html":
            return django_engine.engine.from_string("{{ panel.wells }} wells dug")
        return original(name, *args, **kwargs)

    monkeypatch.setattr(django_engine.engine, "get_template", get_template, raising=False)
    panel = panels.register(WellCountPanel())
    yield panel
    panels.unregister(WellCountPanel)


def test_a_registered_panel_shows_on_the_release_page_with_its_title(
    client, people, release, registered
):
    client.force_login(people["editor"])
    page = client.get(f"/admin/newsroom/release/{release.pk}/change/").content.decode()
    assert "<h2>Wells</h2>" in page
    assert "12 wells dug" in page


def test_a_panel_with_nothing_to_say_is_left_out(client, people, offices, registered):
    from tests.factories import make_release

    other = make_release(offices[1], title="Scholarships announced")
    client.force_login(people["site_admin"])
    page = client.get(f"/admin/newsroom/release/{other.pk}/change/").content.decode()
    assert "<h2>Wells</h2>" not in page
