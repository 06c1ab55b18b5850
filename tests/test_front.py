"""The front layer answers cached pages before Django, exactly as Django would have."""

import io
import time

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from communique.front import FrontLayer
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db(transaction=True)

SECURITY_HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-type",
    "content-language",
    "vary",
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.COMMUNIQUE_PAGE_CACHE_SECONDS = 300
    settings.COMMUNIQUE_FRONT_VERSION_SECONDS = 0  # the generation read on every request


@pytest.fixture
def release():
    make_organisation()
    office = make_office("uzbekistan", name={"en": "Uzbekistan Office"})
    return make_release(office, title="New well opens", publish=True)


class Server:
    """A WSGI server of one request at a time, telling who answered: the layer or Django."""

    def __init__(self):
        self.django = WSGIHandler()
        self.django_calls = 0

        def counted(environ, start_response):
            self.django_calls += 1
            return self.django(environ, start_response)

        self.front = FrontLayer(counted)

    def get(self, path, *, method="GET", query="", cookies="", through_django=False, **headers):
        environ = RequestFactory()._base_environ(
            PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD=method, **headers
        )
        environ["wsgi.input"] = io.BytesIO(b"")
        if cookies:
            environ["HTTP_COOKIE"] = cookies
        before = self.django_calls
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers

        app = self.django if through_django else self.front
        body = b"".join(app(environ, start_response))
        if through_django:
            self.django_calls += 1
        return {
            "status": answer["status"],
            "headers": {name.lower(): value for name, value in answer["headers"]},
            "body": body,
            "by": "django" if self.django_calls > before else "front",
        }


@pytest.fixture
def server():
    return Server()


def url_of(release):
    return release.texts.get().get_absolute_url()


def test_a_cached_page_served_by_the_layer_is_byte_identical_with_the_same_headers(server, release):
    rendered = server.get(url_of(release))
    served = server.get(url_of(release))
    django_hit = server.get(url_of(release), through_django=True)
    assert (rendered["by"], served["by"], django_hit["by"]) == ("django", "front", "django")
    assert served["status"] == django_hit["status"] == "200 OK"
    assert served["body"] == django_hit["body"] == rendered["body"]
    assert b"New well opens" in served["body"]
    assert served["headers"] == django_hit["headers"]
    for header in SECURITY_HEADERS:
        assert served["headers"].get(header) == django_hit["headers"].get(header), header
    assert "frame-ancestors 'none'" in served["headers"]["content-security-policy"]
    assert served["headers"]["x-frame-options"] == "DENY"


def test_a_layer_in_another_process_serves_the_recorded_copy(server, release):
    server.get(url_of(release))
    other = Server()
    assert other.get(url_of(release))["by"] == "front"


def test_a_staff_session_always_reaches_django(server, release, client, settings):
    server.get(url_of(release))
    client.force_login(User.objects.create_user("editor", is_staff=True))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    staff = server.get(url_of(release), cookies=f"{settings.SESSION_COOKIE_NAME}={session}")
    assert staff["by"] == "django"


def test_a_query_string_the_view_does_not_declare_shares_the_entry(server, release):
    server.get(url_of(release))
    tracked = server.get(url_of(release), query="utm_source=newsletter")
    assert tracked["by"] == "front"
    assert b"New well opens" in tracked["body"]


def test_a_page_not_in_the_cache_falls_through_to_django(server, release):
    first = server.get("/en/offices/uzbekistan/")
    assert first["by"] == "django" and first["status"] == "200 OK"
    assert server.get("/en/no-such-page/")["by"] == "django"
    assert server.get("/en/no-such-page/")["by"] == "django"  # a 404 is never replayed


def test_posts_the_admin_and_conditional_requests_reach_django(server, release):
    server.get(url_of(release))
    assert server.get(url_of(release), method="POST")["by"] == "django"
    assert server.get("/admin/login/")["by"] == "django"
    assert server.get("/admin/login/")["by"] == "django"
    assert server.get(url_of(release), HTTP_IF_NONE_MATCH='"x"')["by"] == "django"


def test_a_newsroom_write_drops_the_layers_copy(server, release):
    server.get("/en/")
    assert server.get("/en/")["by"] == "front"
    make_release(release.office, title="Scholarships announced", publish=True)
    fresh = server.get("/en/")
    assert fresh["by"] == "django"
    assert b"Scholarships announced" in fresh["body"]


def test_with_redis_stopped_every_request_falls_through_to_django(own_redis, settings, release):
    server = Server()
    server.get(url_of(release))
    assert server.get(url_of(release))["by"] == "front"
    own_redis.stop()
    answer = server.get(url_of(release))
    assert answer["by"] == "django"
    assert answer["status"] == "200 OK" and b"New well opens" in answer["body"]


def test_with_a_window_a_change_reaches_the_layer_once_the_window_has_passed(settings, release):
    settings.COMMUNIQUE_FRONT_VERSION_SECONDS = 0.2
    server = Server()
    server.get("/en/")
    assert server.get("/en/")["by"] == "front"
    make_release(release.office, title="Scholarships announced", publish=True)
    time.sleep(0.25)
    fresh = server.get("/en/")
    assert fresh["by"] == "django" and b"Scholarships announced" in fresh["body"]


def test_a_change_elsewhere_leaves_the_layers_copy_of_this_page_served(server, release):
    other_office = make_office("kyrgyzstan", name={"en": "Kyrgyzstan Office"})
    server.get(url_of(release))
    assert server.get(url_of(release))["by"] == "front"
    make_release(other_office, title="Scholarships announced", publish=True)
    again = server.get(url_of(release))
    assert again["by"] == "front"  # the page cache dropped only the pages the change touched
    assert b"New well opens" in again["body"]
