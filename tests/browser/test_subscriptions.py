"""A reader subscribes from an office page and confirms by the link in the e-mail."""

import re

import pytest

from communique.delivery.mail import services
from communique.delivery.mail.models import Subscriber
from tests.delivery.smtp import serving
from tests.factories import make_office, make_organisation, make_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings):
    yield from serving(settings)


def test_a_reader_subscribes_from_an_office_page_and_confirms(
    live_server,
    page,
    smtp,
    settings,
    screenshot_dir,
):
    settings.COMMUNIQUE_MAIL_MIN_FILL_SECONDS = 1
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    make_release(office, title="New well brings clean water", publish=True)

    page.goto(f"{live_server.url}{office.get_absolute_url()}")
    page.get_by_role("link", name="Receive these releases by e-mail").click()
    page.wait_for_url(re.compile(r"/en/subscribe/\?office="))
    assert page.get_by_role("checkbox", name="Uzbekistan Office").is_checked()
    page.get_by_role("textbox", name="E-mail (*)").fill("amina@example.org")
    page.get_by_role("radio", name="A daily digest").check()
    page.wait_for_timeout(1100)  # people take longer than the minimum fill time
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/en/subscribe/sent/")
    assert "Check your inbox" in page.get_by_role("heading", level=1).inner_text()
    page.screenshot(path=str(screenshot_dir / "subscribe-sent.png"), full_page=True)

    services.deliver()  # what the worker does
    [message] = smtp.mailbox.to("amina@example.org")
    link = re.search(r"https://news\.example\.org(\S+/confirm/\S+/)", smtp.mailbox.text(message))
    page.goto(f"{live_server.url}{link.group(1)}")
    page.get_by_role("button", name="Confirm my subscription").click()
    page.wait_for_url("**/en/subscribe/manage/**")
    assert "Your subscription is confirmed" in page.get_by_role("status").inner_text()
    assert page.get_by_role("radio", name="A daily digest").is_checked()
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert list(subscriber.offices.all()) == [office]
    assert "amina@example.org" not in page.content()  # the address is never shown
