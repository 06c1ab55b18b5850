"""The Content-Security-Policy blocks nothing the site itself needs: no violation on the
public pages or in the editors' admin, and the pages still work (the clock ticks, the e-mail
link is decoded, the live preview renders)."""

import pytest

from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation, make_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_no_page_of_the_site_or_the_admin_breaks_the_policy(live_server, page):
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    release = make_release(office, title="New well opens", publish=True)
    editor = make_user("uzbekistan-editor", office=office, role="editor")
    editor.set_password("communique-demo")
    editor.save()
    found = violations(page)

    page.goto(f"{live_server.url}/en/")
    page.goto(live_server.url + release.texts.get().get_absolute_url())
    assert page.locator("a.protected-email").get_attribute("href").startswith("mailto:")
    assert len(page.locator("#clock").inner_text()) == 5

    page.goto(f"{live_server.url}/admin/login/?next=/admin/newsroom/release/{release.pk}/change/")
    page.fill("#id_username", "uzbekistan-editor")
    page.fill("#id_password", "communique-demo")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/newsroom/release/{release.pk}/change/")
    page.goto(f"{live_server.url}/admin/newsroom/text/{release.texts.get().pk}/change/")
    page.fill("#id_body", "**Three** villages")
    page.locator(".live-preview-output strong").wait_for()
    page.goto(f"{live_server.url}/admin/newsroom/release/")
    assert found == []
