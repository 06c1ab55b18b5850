"""Apps add to the public pages through the newsroom's slots, never by template name."""

import pytest

from communique.newsroom import extensions
from tests.factories import make_office, make_organisation, make_release

pytestmark = pytest.mark.django_db


class FollowLink(extensions.PageSection):
    slot = "release_tools"
    template_name = "newsroom/_test_section.html"

    def get_context(self, request, *, text, **page):
        return {"label": f"Follow {text.release.office.slug}"}


class NothingHere(extensions.PageSection):
    slot = "release_tools"
    template_name = "does/not/exist.html"

    def get_context(self, request, **page):
        return None


@pytest.fixture
def section_template(settings, tmp_path):
    (tmp_path / "newsroom").mkdir()
    (tmp_path / "newsroom" / "_test_section.html").write_text(
        '<p class="follow">{{ label }} · {{ text.title }} · {{ site_name }}</p>'
    )
    jinja = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**jinja, "DIRS": [tmp_path, *jinja.get("DIRS", [])]},
        *settings.TEMPLATES[1:],
    ]


@pytest.fixture
def registered():
    yield extensions.register
    extensions.unregister(FollowLink)
    extensions.unregister(NothingHere)


def test_a_registered_section_shows_on_the_release_page_with_the_page_context(
    client, section_template, registered
):
    make_organisation()
    release = make_release(make_office("osh"), title="Winter kits reach Osh", publish=True)
    registered(FollowLink())
    registered(NothingHere())
    page = client.get(release.texts.get().get_absolute_url()).content.decode()
    assert (
        '<p class="follow">Follow osh · Winter kits reach Osh · Wellspring Relief Network</p>'
        in page
    )


def test_an_unregistered_section_is_gone_from_the_page(client):
    from communique.comments.sections import CommentSection

    make_organisation()
    release = make_release(make_office("osh"), publish=True)
    url = release.texts.get().get_absolute_url()
    extensions.unregister(CommentSection)
    try:
        assert 'id="comments"' not in client.get(url).content.decode()
    finally:
        extensions.register(CommentSection())
    assert 'id="comments"' in client.get(url).content.decode()


def test_registering_a_section_twice_keeps_one(registered):
    registered(NothingHere())
    registered(NothingHere())
    assert [type(s) for s in extensions.sections("release_tools")].count(NothingHere) == 1


def test_a_section_for_an_unknown_slot_is_refused_naming_the_slots():
    class Misplaced(extensions.PageSection):
        slot = "sidebar"

    with pytest.raises(ValueError, match="release_end"):
        extensions.register(Misplaced())


def test_the_comment_section_comes_through_its_slot_and_not_on_a_withdrawn_release(client):
    from communique.newsroom import services

    make_organisation()
    release = make_release(make_office("osh"), publish=True)
    text = release.texts.get()
    assert 'id="comments"' in client.get(text.get_absolute_url()).content.decode()
    services.text_withdraw(text)
    assert 'id="comments"' not in client.get(text.get_absolute_url()).content.decode()


def test_an_app_adds_a_column_to_the_release_pages_one_query():
    from django.db import connection
    from django.db.models import Count, OuterRef, Subquery
    from django.test.utils import CaptureQueriesContext

    from communique.newsroom import selectors
    from communique.newsroom.models import Text

    make_organisation()
    release = make_release(make_office("osh"), publish=True)
    selectors.text_for_page(release.pk, "en")  # compiled before the app registers

    def languages():
        texts = Text.objects.filter(release=OuterRef("release_id")).order_by().values("release")
        return Subquery(texts.annotate(n=Count("pk")).values("n"))

    extensions.register_release_column("language_count", languages)
    try:
        with CaptureQueriesContext(connection) as queries:
            text = selectors.text_for_page(release.pk, "en")
        assert text.language_count == 1
        assert len(queries) == 1
        with pytest.raises(ValueError, match="registered already"):
            extensions.register_release_column("language_count", lambda: None)
    finally:
        extensions.unregister_release_column("language_count")
    assert not hasattr(selectors.text_for_page(release.pk, "en"), "language_count")
