"""The demo moves with today and keeps its shape."""

import datetime
import re
from collections import Counter

import pytest

from communique.newsroom.demo import load_demo
from communique.newsroom.models import Release, Text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def shape() -> dict:
    """What a visitor sees of the demo's make-up, whatever the day."""
    texts = Text.objects.select_related("release__office")
    originals = {t.release_id: t.title for t in texts if t.is_original}
    languages = Counter(t.release_id for t in texts)
    return {
        "releases": Counter(Release.objects.values_list("office__slug", flat=True)),
        "texts": Counter((t.release.office.slug, t.language, t.status) for t in texts),
        "missing": sorted(title for pk, title in originals.items() if languages[pk] < 4),
    }


def assert_newest_are_recent(today: datetime.date) -> None:
    published = Release.objects.filter(texts__status=Text.Status.PUBLISHED).distinct()
    newest = sorted(published.values_list("issue_date", flat=True), reverse=True)[:5]
    assert all(today - datetime.timedelta(days=7) <= day < today for day in newest), newest
    assert Release.objects.order_by("-issue_date").first().issue_date == today  # a draft


def test_the_demo_moves_with_today_keeps_its_shape_and_its_titles_read_well():
    load_demo(today=datetime.date(2026, 12, 1))
    assert_newest_are_recent(datetime.date(2026, 12, 1))
    first = shape()
    assert sum(first["releases"].values()) == 60
    assert set(first["releases"]) == {
        "central",
        "uzbekistan",
        "kyrgyzstan",
        "kazakhstan",
        "tajikistan",
    }
    assert first["missing"]  # some translations are missing, as in any newsroom
    assert_titles_differ_by_more_than_a_number_and_start_as_their_language_writes()

    # Loaded again a week later: nothing new, nothing changed.
    assert load_demo(today=datetime.date(2026, 12, 9))["releases_created"] == 0
    assert shape() == first

    # Loaded afresh years later: the same demo, moved to that day.
    Release.objects.all().delete()
    load_demo(today=datetime.date(2031, 3, 20))
    assert_newest_are_recent(datetime.date(2031, 3, 20))
    assert shape() == first


def assert_titles_differ_by_more_than_a_number_and_start_as_their_language_writes():
    for language in ("ar", "en", "ru", "uz"):
        titles = list(Text.objects.filter(language=language).values_list("title", flat=True))
        shapes = Counter(re.sub(r"[0-9]+", "#", title) for title in titles)
        assert max(shapes.values()) == 1, shapes.most_common(2)
        for title in titles:
            assert title[0] == title[0].upper(), title
