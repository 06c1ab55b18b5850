"""The API's docs page works with no network beyond the site itself."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_offline(live_server, page, screenshot_dir):
    elsewhere = []

    def only_the_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/texts/{text_id}", exact=True).first.wait_for(timeout=15_000)
    assert page.get_by_text("Communiqué API").first.is_visible()
    page.screenshot(path=screenshot_dir / "api-docs.png")
    assert elsewhere == []
