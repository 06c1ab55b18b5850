"""The release list, and the pages that ask before a first publication or a withdrawal."""

import pytest

from communique.newsroom.models import Text
from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation, make_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "communique-demo")
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_url}")


def editor_of(office, username="osh-editor"):
    editor = make_user(username, office=office, role="editor")
    editor.set_password("communique-demo")
    editor.save()
    return editor


def test_an_editor_confirms_a_publication_and_a_withdrawal(live_server, page, screenshot_dir):
    make_organisation()
    office = make_office("osh", name={"en": "Osh Office"}, time_zone="Asia/Bishkek")
    make_release(office, title="Clean water for Kara-Suu", publish=True)
    draft = make_release(office, title="Winter kits reach Osh")
    editor_of(office)
    sign_in(page, live_server, "osh-editor", "/admin/newsroom/release/")
    assert "Communiqué" in page.title() and "Django" not in page.title()
    page.screenshot(path=str(screenshot_dir / "admin-release-list.png"), full_page=True)

    page.check(f"input[name=_selected_action][value='{draft.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_selector(".confirm__plan")
    assert page.locator(".confirm__number").inner_text() == "1445 / 02"
    assert "Winter kits reach Osh" in page.locator(".confirm__plan").inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-confirm-publish.png"), full_page=True)
    page.click("input[type=submit][value='Yes, publish']")
    page.wait_for_selector(".messagelist")
    assert "Published 1 text. Number: 1445 / 02." in page.locator(".messagelist").inner_text()

    text = draft.texts.get()
    page.goto(f"{live_server.url}/admin/newsroom/text/{text.pk}/change/")
    page.fill("input[name=withdraw_reason]", "Sent twice")
    page.click("input[name=_withdraw]")
    page.wait_for_selector(".confirm__plan")
    warnings = page.locator(".confirm__warnings").inner_text()
    assert "A withdrawal cannot be undone." in warnings
    assert page.locator("#id_withdraw_reason").input_value() == "Sent twice"
    page.screenshot(path=str(screenshot_dir / "admin-confirm-withdraw.png"), full_page=True)
    page.click("input[type=submit][value='Yes, withdraw']")
    page.wait_for_selector(".messagelist")
    text.refresh_from_db()
    assert text.status == Text.Status.WITHDRAWN


def test_the_text_form_buttons_leave_the_title_visible(live_server, page, screenshot_dir):
    make_organisation()
    office = make_office("osh", name={"en": "Osh Office"})
    long_title = "Winter kits reach Osh, Jalal-Abad and Batken before the first snow of the year"
    text = make_release(office, title=long_title).texts.get()
    editor_of(office)
    sign_in(page, live_server, "osh-editor", f"/admin/newsroom/text/{text.pk}/change/")

    title = page.locator("#content h2").first.bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"]  # below the title, not over it
    page.screenshot(path=str(screenshot_dir / "admin-text-form.png"), full_page=True)


def test_the_new_release_form_shows_no_error_before_a_date_is_typed(live_server, page):
    make_organisation()
    office = make_office("osh", name={"en": "Osh Office"})
    editor_of(office)
    sign_in(page, live_server, "osh-editor", "/admin/newsroom/release/add/")

    page.wait_for_timeout(1200)  # the preview's watcher runs every half second
    preview = page.locator(".field-hijri .readonly").inner_text()
    assert "Enter a date" not in preview
    assert page.locator("#id_office").input_value() == str(office.pk)  # their only office
    assert page.locator("#id_texts-0-is_original").is_checked()
    page.fill("#id_issue_date", "2023-11-04")
    # A locator's wait, not wait_for_function: the admin's CSP forbids evaluated strings.
    page.locator(".field-hijri .readonly", has_text="1445").wait_for()
