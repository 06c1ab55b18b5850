import pytest
from django.contrib.auth import get_user_model

from communique.editorial.models import Membership
from tests.factories import make_office, make_organisation, make_release


def make_user(
    username: str, *, office=None, role: str | None = None, languages=(), superuser=False
):
    """A staff account with a role in an office (or a site administrator)."""
    User = get_user_model()
    # No password: tests sign in with force_login, and hashing one costs half a second.
    user = User.objects.create_user(
        username, f"{username}@example.org", None, is_staff=True, is_superuser=superuser
    )
    if role:
        Membership.objects.create(user=user, office=office, role=role, languages=list(languages))
    return user


@pytest.fixture
def offices(db):
    make_organisation()
    return make_office("uzbekistan", time_zone="Asia/Tashkent"), make_office(
        "kyrgyzstan", time_zone="Asia/Bishkek"
    )


@pytest.fixture
def people(offices):
    uz, kg = offices
    return {
        "site_admin": make_user("root", superuser=True),
        "office_admin": make_user("uz-head", office=uz, role="office_admin"),
        "editor": make_user("uz-editor", office=uz, role="editor"),
        "author": make_user("uz-author", office=uz, role="author"),
        "translator": make_user("uz-translator-ar", office=uz, role="translator", languages=["ar"]),
        "other_editor": make_user("kg-editor", office=kg, role="editor"),
    }


@pytest.fixture
def release(offices):
    return make_release(offices[0], title="Wells for three villages")
