"""A reader leaves a comment; a moderator approves it in the admin; the reader sees it."""

import re

import pytest
from django.contrib.auth import get_user_model

from communique.editorial.models import Membership
from tests.factories import make_office, make_organisation, make_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "The new well saves us a long walk.\n<b>Thank you</b> to the team in Chirchiq!"


def test_a_reader_comments_and_a_moderator_approves(live_server, browser, screenshot_dir, settings):
    settings.COMMUNIQUE_COMMENTS_MIN_FILL_SECONDS = 1
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    text = make_release(office, title="New well brings clean water", publish=True).texts.get()
    user = get_user_model().objects.create_user(
        "dilnoza", "dilnoza@relief.example", "a-long-password-9", is_staff=True
    )
    Membership.objects.create(user=user, office=office, role="editor")  # editors moderate
    release_url = f"{live_server.url}{text.get_absolute_url()}"

    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = reader.new_page()
    page.goto(release_url)
    form = page.locator("#comment-form")
    assert "Required fields are marked (*)" in form.inner_text()
    assert "HTML is not allowed" in form.inner_text()
    trap = page.locator("#id_comment_subject").bounding_box()
    assert trap is None or trap["x"] + trap["width"] <= 0  # the honeypot is off-screen
    page.get_by_role("textbox", name="Name (*)").fill("Amina Rahimova")
    page.get_by_role("textbox", name="E-mail (*)").fill("amina@example.org")
    page.get_by_role("textbox", name="Comment (*)").fill(TYPED)
    page.wait_for_timeout(1100)  # people take longer than the minimum fill time
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_url(re.compile(r"\?comment=received#comments$"))
    assert "awaits moderation" in page.get_by_role("status").inner_text()
    assert page.locator(".comment").count() == 0
    page.screenshot(path=str(screenshot_dir / "comment-sent.png"), full_page=True)

    moderator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    admin = moderator.new_page()
    admin.goto(f"{live_server.url}/admin/comments/comment/")
    admin.fill("#id_username", "dilnoza")
    admin.fill("#id_password", "a-long-password-9")
    admin.locator("input[type=submit]").click()
    admin.wait_for_url("**/admin/comments/comment/")
    row = admin.locator("#result_list tbody tr")
    assert row.count() == 1
    assert "Amina Rahimova" in row.inner_text()
    row.locator("input.action-select").check()
    admin.select_option("select[name=action]", "approve")
    admin.locator("button[name=index]").click()
    assert "1 comment approved." in admin.locator(".messagelist").inner_text()
    moderator.close()

    page.goto(release_url)
    comment = page.locator(".comment")
    assert comment.count() == 1
    assert comment.locator(".comment__name").inner_text() == "Amina Rahimova"
    body = comment.locator(".comment__body").inner_text()
    assert body == TYPED  # line break kept, markup shown as typed
    assert comment.locator("b").count() == 0
    assert "amina@example.org" not in page.content()
    page.locator("#comments").screenshot(path=str(screenshot_dir / "comment-approved.png"))
    reader.close()
