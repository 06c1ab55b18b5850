import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.newsroom import services
from communique.newsroom.body import render_body
from communique.newsroom.models import MenuItem, Office, Organisation, Text
from tests.factories import make_category, make_office, make_organisation, make_release, make_text

pytestmark = pytest.mark.django_db


def test_the_hijri_date_is_computed_from_the_issue_date():
    release = make_release(issue_date=datetime.date(2015, 11, 20))
    assert (release.hijri_year, release.hijri_month, release.hijri_day) == (1437, 2, 8)


def test_changing_the_issue_date_recomputes_the_hijri_date():
    release = make_release(issue_date=datetime.date(2024, 7, 24))
    release.issue_date = datetime.date(2024, 11, 21)
    release.save()
    release.refresh_from_db()
    assert (release.hijri_year, release.hijri_month, release.hijri_day) == (1446, 5, 19)


def test_an_office_override_moves_the_hijri_date_of_its_releases_only():
    sighting = make_office("uzbekistan")
    sighting.month_overrides.create(
        hijri_year=1447, hijri_month=9, starts_on=datetime.date(2026, 2, 19)
    )
    plain = make_office("central")
    day = datetime.date(2026, 2, 18)
    assert make_release(Office.objects.get(pk=sighting.pk), issue_date=day).hijri_date.month == 8
    assert make_release(plain, issue_date=day).hijri_date.month == 9


def test_an_issue_date_outside_the_calendar_is_refused_clearly():
    with pytest.raises(ValidationError) as error:
        make_release(issue_date=datetime.date(2099, 1, 1))
    assert "issue_date" in error.value.message_dict


def test_a_release_has_one_text_per_language():
    release = make_release(language="en")
    with pytest.raises(ValidationError):
        make_text(release, "en")
    with pytest.raises(IntegrityError), transaction.atomic():
        Text.objects.create(release=release, language="en", title="Again", body="x")


def test_a_release_has_at_most_one_original():
    release = make_release(language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        Text.objects.create(release=release, language="ar", title="أصل", body="x", is_original=True)


def test_there_is_one_organisation():
    make_organisation()
    second = Organisation(name={"en": "Another"})
    second.save()  # saving always targets the one row
    assert Organisation.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(pk=2, name={"en": "Two"})


def test_an_office_cannot_be_its_own_ancestor():
    parent = make_office("central")
    child = make_office("regional", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.full_clean()


def test_a_menu_item_links_to_exactly_one_place():
    office = make_office()
    with pytest.raises(ValidationError):
        MenuItem(title={"en": "Nowhere"}).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        MenuItem.objects.create(title={"en": "Two"}, office=office, category=make_category())
    with pytest.raises(ValidationError):
        MenuItem(title={"en": "Bad"}, url="javascript:alert(1)").full_clean()


def test_publishing_sets_the_time_and_first_publication():
    release = make_release()
    text = services.text_publish(release.texts.get())
    release.refresh_from_db()
    assert text.status == Text.Status.PUBLISHED
    assert release.first_published_at == text.published_at


def test_body_markdown_is_rendered_with_directional_paragraphs():
    html = render_body("Hello\n\n> «الماء حياة»\n\n# Heading")
    assert '<p dir="auto">Hello</p>' in html
    assert '<blockquote dir="auto">' in html
    assert "<h2" in html and "<h1" not in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://example.org'></iframe>",
    ],
)
def test_body_never_carries_script(source):
    html = render_body(source)
    assert "<script" not in html
    assert 'href="javascript:' not in html
    assert "<img" not in html
    assert "<iframe" not in html


@settings(max_examples=300, deadline=None)
@given(
    release_id=st.integers(min_value=1, max_value=10**17),
    slug=st.one_of(
        st.text(min_size=1, max_size=30),
        st.sampled_from(["-", "clean-water", "مياه-نظيفة", "чистая-вода", "oʻzbek", "a%20b?#"]),
    ),
    language=st.sampled_from(["en", "ar", "ru", "uz"]),
)
def test_a_release_address_is_exactly_what_reverse_gives(release_id, slug, language):
    from django.urls import NoReverseMatch, reverse

    from communique.newsroom.models import release_path

    with translation.override(language):
        try:
            expected = reverse("newsroom:release", kwargs={"pk": release_id, "slug": slug})
        except NoReverseMatch:
            expected = None
    if expected is None:
        with pytest.raises(NoReverseMatch):
            release_path(release_id, slug, language)
    else:
        assert release_path(release_id, slug, language) == expected
