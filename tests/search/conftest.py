import contextlib

import pytest
from django.db import connection

from tests.factories import make_office, make_release, make_text


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose writes count as committed: the index follows on commit.

    The test's own transaction never commits, so changes gathered before the block (for a
    commit that will not come) are dropped, as a real commit or rollback would have done.
    """

    @contextlib.contextmanager
    def block():
        connection._search_pending = None
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


@pytest.fixture
def publish(committed):
    """Publish a release with one text and return that text, indexed."""

    def publish(title="Untitled", body="Body.", *, language="en", office=None, **fields):
        with committed():
            release = make_release(
                office or make_office(),
                language=language,
                title=title,
                body=body,
                publish=True,
                **fields,
            )
        return release.texts.get()

    return publish


@pytest.fixture
def translate(committed):
    def translate(text, language, title, *, publish=True):
        with committed():
            return make_text(text.release, language, title=title, publish=publish)

    return translate
