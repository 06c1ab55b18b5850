import pytest

from tests.factories import make_office, make_organisation


@pytest.fixture
def published(settings, tmp_path):
    """Published files in a folder of the test's own."""
    settings.COMMUNIQUE_PUBLISHED_DIR = str(tmp_path / "published")
    settings.COMMUNIQUE_PUBLISH_FILES = "1"
    return tmp_path / "published"


@pytest.fixture
def office():
    make_organisation(languages=["en", "ru"])
    return make_office("uzbekistan", name={"en": "Uzbekistan Office"})
