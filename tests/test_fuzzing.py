"""Hypothesis over every public view's parameters and every admin form: never a 500.

Bounded in time (a few dozen examples each, no deadline); the routes and the forms come from
the URL configuration and the admin's registry, so new ones are fuzzed too.
"""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.editorial.conftest import make_user
from tests.factories import make_office, make_organisation, make_release
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PUBLIC = [r for r in routes() if not str(r).startswith(("/admin/", "/media/"))]
QUERY_NAMES = ["page", "office", "comment", "q", "lang"]
#: Text as hostile input comes: any code point but surrogates, short or long.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60) | st.sampled_from(
    ["\x00", "9" * 20, "-1", "../../etc/passwd", "' OR 1=1 --", "A" * 5000]
)


@pytest.fixture
def site():
    make_organisation()
    office = make_office("uzbekistan")
    return make_release(office, title="Wells for three villages", publish=True)


@FUZZ
@given(
    route=st.sampled_from(PUBLIC),
    values=st.dictionaries(st.sampled_from(["slug", "pk", "year", "path"]), TEXT),
    query=st.dictionaries(st.sampled_from(QUERY_NAMES), TEXT, max_size=3),
)
def test_public_views_answer_every_parameter_without_a_server_error(site, route, values, query):
    client = Client(raise_request_exception=False)
    address = route.address({k: v for k, v in values.items() if "/" not in v}, default="1")
    try:
        response = client.get(address, query)
    except ValueError:  # the test client itself refuses some addresses (a NUL in the path)
        return
    assert response.status_code < 500, (address, query)


ADMIN_FORMS = sorted(  # (add address, model admin)
    (f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/", model_admin)
    for model, model_admin in admin.site._registry.items()
    if model_admin.has_add_permission  # every one; sorted by address
)


def _fields(model_admin, user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return list(model_admin.get_form(request).base_fields)


@FUZZ
@given(form=st.sampled_from(ADMIN_FORMS), data=st.data())
def test_admin_forms_answer_every_input_without_a_server_error(site, form, data):
    url, model_admin = form
    root = _root()
    client = Client(raise_request_exception=False)
    client.force_login(root)
    fields = {name: TEXT for name in _fields(model_admin, root)}
    posted = data.draw(st.fixed_dictionaries({}, optional=fields))
    response = client.post(url, {**posted, "texts-TOTAL_FORMS": "0", "texts-INITIAL_FORMS": "0"})
    assert response.status_code < 500, (url, posted)


def _root():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="root").first() or make_user(
        "root", superuser=True
    )
