import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile

from communique.log import OneLineRefusals
from tests.console_log import console_log
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def png(size=64) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), "#335577").save(out, "PNG")
    return out.getvalue()


def test_every_page_links_the_neutral_icon_that_ships(client):
    make_organisation()
    html = client.get("/en/").content.decode()
    assert 'rel="icon" href="/static/newsroom/favicon.ico"' in html
    assert 'href="/static/newsroom/favicon.svg" type="image/svg+xml"' in html
    assert finders.find("newsroom/favicon.ico") and finders.find("newsroom/favicon.svg")


def test_favicon_ico_answers_with_the_icon_instead_of_a_404(client):
    make_organisation()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/newsroom/favicon.ico"
    assert "max-age" in response["Cache-Control"]


def test_the_organisation_can_set_its_own_icon(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = make_organisation()
    organisation.favicon = SimpleUploadedFile("icon.png", png(), content_type="image/png")
    organisation.full_clean()
    organisation.save()
    own = organisation.favicon.url
    assert own.startswith("/media/site/icon-")
    html = client.get("/en/").content.decode()
    assert f'<link rel="icon" href="{own}">' in html
    assert "newsroom/favicon.svg" not in html
    assert client.get("/favicon.ico")["Location"] == own


def test_a_refused_request_is_logged_in_one_line_without_a_traceback(client):
    make_organisation()
    staff = get_user_model().objects.create_user("clerk", password="x", is_staff=True)  # noqa: S106
    client.force_login(staff)
    with console_log(OneLineRefusals) as stream:
        response = client.get("/admin/newsroom/office/")
    assert response.status_code == 403
    logged = stream.getvalue()
    assert "Forbidden" in logged and "/admin/newsroom/office/" in logged
    assert "Traceback" not in logged
    assert logged.count("\n") == 1
