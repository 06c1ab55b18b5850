import re

import pytest

from communique.newsroom.models import Release
from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_writes_previews_and_publishes_a_release(live_server, page, screenshot_dir):
    make_organisation()
    office = make_office(
        "uzbekistan", name={"en": "Uzbekistan Office"}, number_format="{hyear} / {seq:02}"
    )
    editor = make_user("uzbekistan-editor", office=office, role="editor")
    editor.set_password("communique-demo")
    editor.save()

    page.goto(f"{live_server.url}/admin/login/?next=/admin/newsroom/release/add/")
    page.fill("#id_username", "uzbekistan-editor")
    page.fill("#id_password", "communique-demo")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/newsroom/release/add/")

    page.select_option("#id_office", str(office.pk))
    page.fill("#id_issue_date", "2023-11-04")
    page.select_option("#id_texts-0-language", "en")
    page.check("#id_texts-0-is_original")
    page.fill("#id_texts-0-title", "New well brings clean water")
    page.fill(
        "#id_texts-0-body",
        "The elder said «الماء أساس الحياة».\n\n**Three** villages now have water.",
    )
    # The live preview shows the body as readers will get it, while typing.
    preview = page.locator(".live-preview-output strong")
    preview.wait_for()
    assert preview.inner_text() == "Three"
    assert page.locator(".live-preview-output p").first.get_attribute("dir") == "auto"
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r".*/release/\d+/change/$"))

    release = Release.objects.get()
    text = release.texts.get()
    page.goto(f"{live_server.url}/admin/newsroom/text/{text.pk}/preview/")
    assert page.locator(".dateline__number").inner_text() == "No: (number assigned on publication)"
    assert page.locator("h1").inner_text() == "New well brings clean water"
    assert page.locator(".preview-banner").is_visible()
    page.screenshot(path=str(screenshot_dir / "editorial-preview.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/newsroom/release/{release.pk}/change/")
    page.click("input[name=_publish]")
    # A first publication asks first, showing the number it will give.
    page.wait_for_selector(".confirm__plan")
    assert page.locator(".confirm__number").inner_text() == "1445 / 01"
    page.click("input[type=submit][value='Yes, publish']")
    page.wait_for_selector(".messagelist")
    assert "Published 1 text. Number: 1445 / 01." in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(screenshot_dir / "editorial-published.png"), full_page=True)

    page.goto(f"{live_server.url}{text.get_absolute_url()}")
    assert page.locator(".dateline__number").inner_text() == "No: 1445 / 01"
    assert page.locator(".release__body strong").inner_text() == "Three"
