"""Bad input never answers 500: each known case, then every URL pattern with hostile strings.

The URL patterns are walked from the URL configuration (tests/urlwalk.py), so a pattern
added later is attacked too.
"""

import datetime
import time
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from communique.newsroom.models import MenuItem, Office
from communique.newsroom.numbering import validate_number_format
from communique.newsroom.validators import validate_menu_address
from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation, make_release
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db

#: Traversal and injection strings, as the server receives them once decoded.
HOSTILE = [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd\x00.png",
    "\x00",
    "' OR '1'='1",
    "1; DROP TABLE newsroom_release; --",
    '" onmouseover="alert(1)',
    "<script>alert(1)</script>",
    "{{7*7}}{% debug %}",
    "${7*7}",
    "\u202e\u2066exe.txt",
    "9" * 20,
    "-1",
    "1e309",
    "A" * 10_000,
    "\udcff" if False else "\ufffe\uffff",
    "__proto__",
]
#: Query parameters the site's views and the admin's lists read.
QUERY_NAMES = ["page", "office", "q", "date", "comment", "o", "p", "e", "_popup"]


@pytest.fixture
def site():
    make_organisation()
    office = make_office("uzbekistan")
    release = make_release(office, title="Wells for three villages", publish=True)
    return office, release


def _answers(client, address, data=None):
    response = client.post(address, data or {}) if data is not None else client.get(address)
    return response.status_code


# The known cases -------------------------------------------------------------------------------


def test_month_starts_with_a_nul_office_is_a_404(client, site):
    assert client.get("/calendar/month-starts.json?office=%00").status_code == 404
    assert client.get("/calendar/month-starts.json?office=uzbekistan").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "issue_date__year=99999999999999999999",
        "issue_date__year=2023&issue_date__month=99999999999999999999",
        "issue_date__year=2023&issue_date__month=11&issue_date__day=99999999999999999999",
        "issue_date__year=9999&issue_date__month=12",
        "issue_date__year=9999",
        "issue_date__year=0",
        "issue_date__year=-5",
    ],
)
def test_impossible_date_filters_in_the_admin_are_the_wrong_filter_page(client, site, query):
    client.force_login(make_user("root", superuser=True))
    lists = {
        "/admin/newsroom/release/": "issue_date",
        "/admin/editorial/auditentry/": "at",
        "/admin/comments/comment/": "created_at",
    }
    for address, field in lists.items():
        response = client.get(f"{address}?{query.replace('issue_date', field)}")
        assert response.status_code in (200, 302), address
        if response.status_code == 302:
            assert "?e=1" in response["Location"]


def test_a_number_format_whose_longest_number_exceeds_the_column_is_refused(site):
    office = site[0]
    fits = "No. {seq:05}/{hyear}"
    validate_number_format(fits)
    too_long = "{hyear}/{seq:070}"  # 75 characters: every publish in the office would fail
    with pytest.raises(ValidationError, match="largest numbers"):
        validate_number_format(too_long)
    started = time.monotonic()
    with pytest.raises(ValidationError, match="largest numbers"):
        validate_number_format("{seq:0999999999}")
    assert time.monotonic() - started < 1  # refused before anything is built
    office.number_format = too_long
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "number_format" in error.value.message_dict


def test_every_office_format_that_is_accepted_can_publish(site):
    office = Office.objects.get(pk=site[0].pk)
    office.number_format = "{gyear}-{hyear}-{seq:05}-" + "x" * 30
    office.full_clean()
    office.save()
    release = make_release(office, issue_date=datetime.date(2024, 1, 10), publish=True)
    release.refresh_from_db()
    assert release.number == "2024-1445-00002-" + "x" * 30


@pytest.mark.parametrize(
    "address",
    [
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " //evil.example",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://",
        "https:evil.example",
        "evil.example",
    ],
)
def test_a_menu_address_that_would_lead_off_site_unseen_is_refused(address):
    with pytest.raises(ValidationError):
        validate_menu_address(address)
    item = MenuItem(menu="main", title={"en": "Home"}, url=address)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize(
    "address", ["/en/", "/ar/offices/uzbekistan/", "https://example.org/water", "http://a.example"]
)
def test_a_menu_address_on_the_site_or_a_full_web_address_is_accepted(address):
    validate_menu_address(address)


# Every URL pattern -----------------------------------------------------------------------------


def _hostile_addresses(route, strings=HOSTILE):
    """The route with each hostile string in each parameter, quoted and (traversal) raw."""
    for value in strings:
        values = {name: quote(value, safe="") for name in route.parameters}
        yield route.address(values, default="")
        if "/" in value or "\\" in value:
            yield route.address({name: value for name in route.parameters})
        if not route.parameters:
            break


def _queries():
    for value in HOSTILE[::4]:
        yield "?" + "&".join(f"{name}={quote(value, safe='')}" for name in QUERY_NAMES)


@pytest.mark.parametrize("route", routes(), ids=str)
def test_no_url_pattern_answers_500_to_traversal_or_injection(site, route):
    in_admin = str(route).startswith("/admin/")
    client = Client(raise_request_exception=False)
    if in_admin:  # to the anonymous, every staff page is the same sign-in redirect
        client.force_login(make_user("root", superuser=True))
    # Staff pages cost more: every third string there (each kind is still tried).
    addresses = list(_hostile_addresses(route, HOSTILE[::3] if in_admin else HOSTILE))
    if not route.parameters:
        addresses += [addresses[0] + query for query in _queries()]
    failures = [
        (status, address[:120])
        for address in addresses
        if (status := _answers(client, address)) >= 500
    ]
    if route.name == "comments:post":  # the one public form that is posted
        for value in HOSTILE:
            data = {name: value for name in ["name", "email", "website", "comment", "token"]}
            if (status := _answers(client, route.address({"pk": "1"}), data)) >= 500:
                failures.append((status, f"POST {value[:40]!r}"))
    assert failures == [], "\n".join(map(str, failures))
