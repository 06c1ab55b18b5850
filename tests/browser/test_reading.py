import datetime
import zoneinfo

import pytest

from tests.factories import make_office, make_organisation, make_release

RIYADH = zoneinfo.ZoneInfo("Asia/Riyadh")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_a_release_from_the_home_page_and_sees_its_dates_and_number(
    live_server, page, screenshot_dir
):
    make_organisation()
    office = make_office(
        "uzbekistan", name={"en": "Uzbekistan Office"}, number_format="{hyear} / {seq:02}"
    )
    for day in (datetime.date(2023, 10, 1), datetime.date(2023, 10, 20)):
        make_release(office, issue_date=day, publish=True)
    make_release(
        office,
        issue_date=datetime.date(2023, 11, 4),
        title="New well brings clean water",
        body="The elder said «الماء أساس الحياة» (water is the basis of life).",
        publish=True,
    )

    page.goto(f"{live_server.url}/en/")
    assert "Time now:" in page.locator(".clock").inner_text()
    page.get_by_role("link", name="New well brings clean water").click()
    page.wait_for_url("**/releases/**")

    dateline = page.locator(".dateline")
    assert dateline.locator(".dateline__hijri").inner_text() == "H. 20 Rabi' II 1445"
    assert dateline.locator(".dateline__number").inner_text() == "No: 1445 / 03"
    assert dateline.locator(".dateline__gregorian").inner_text() == "M. Saturday, 04 November 2023"
    assert page.locator("h1").inner_text() == "New well brings clean water"
    # The script turned the protected address back into a working link.
    email = page.locator("a.protected-email")
    assert email.get_attribute("href") == "mailto:press@uzbekistan.example.org"
    # The clock ticks in the reference zone: HH:MM.
    assert len(page.locator("#clock").inner_text()) == 5
    page.screenshot(path=str(screenshot_dir / "release-en.png"), full_page=True)


def test_the_header_date_rolls_over_at_midnight_in_the_reference_zone(live_server, page):
    from communique import calendar

    make_organisation()
    page.goto(f"{live_server.url}/en/")
    server_line = page.locator("#today").inner_text()
    today = calendar.today("Asia/Riyadh")
    assert server_line == calendar.header_line(today, "en")

    # Forty days on, a minute before midnight in Makkah: the page (a published file, say) is
    # opened then. The fake clock is paused, so only run_for() moves it: the interval's
    # ticks and the midnight fall at the same moments in every run.
    later = today + datetime.timedelta(days=40)
    eve = datetime.datetime(later.year, later.month, later.day, tzinfo=RIYADH) - datetime.timedelta(
        minutes=1
    )
    page.clock.install(time=eve - datetime.timedelta(seconds=10))
    page.clock.pause_at(eve)
    page.goto(f"{live_server.url}/en/")
    assert page.locator("#today").inner_text() == calendar.header_line(
        later - datetime.timedelta(days=1), "en"
    )
    # Thirty seconds later it is still the day before ...
    page.clock.run_for(30_000)
    assert page.locator("#today").inner_text() == calendar.header_line(
        later - datetime.timedelta(days=1), "en"
    )
    # ... and the first tick after midnight shows the new day in both calendars.
    page.clock.run_for(60_000)
    assert page.locator("#today").inner_text() == calendar.header_line(later, "en")
