"""Remembered addresses (`communique.addresses`, the templates' `url()`) are exactly what
`reverse()` gives."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from communique.addresses import address as url
from communique.addresses import with_id


@pytest.mark.parametrize("language", ["en", "ar", "ru", "uz"])
@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("newsroom:home", (), {}),
        ("newsroom:office", (), {"slug": "uzbekistan"}),
        ("newsroom:release", (), {"pk": 12, "slug": "clean-water"}),
        ("newsroom:release", (), {"pk": 12, "slug": "مياه-نظيفة"}),
        ("newsroom:office-year", (), {"slug": "uzbekistan", "year": 1446}),
    ],
)
def test_an_address_is_what_reverse_gives_in_each_language(language, name, args, kwargs):
    with translation.override(language):
        expected = reverse(name, args=args or None, kwargs=kwargs)
        assert url(name, *args, **kwargs) == expected
        assert url(name, *args, **kwargs) == expected  # remembered, the same
        assert expected.startswith(f"/{language}/")


def test_an_address_that_does_not_exist_is_still_an_error():
    with pytest.raises(NoReverseMatch):
        url("newsroom:release", pk="not-a-number", slug="x")


@override_settings(FORCE_SCRIPT_NAME="/press/")
def test_a_site_under_a_prefix_gets_its_prefix(settings):
    from django.urls import set_script_prefix

    set_script_prefix("/press/")
    try:
        with translation.override("en"):
            assert url("newsroom:home") == reverse("newsroom:home") == "/press/en/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert url("newsroom:home") == "/en/"


@pytest.mark.parametrize("language", ["en", "ar", "ru", "uz"])
@pytest.mark.parametrize(
    "name", ["distribution:pdf", "distribution:ninjs", "comments:post", "comments:token"]
)
def test_an_address_with_an_id_is_what_reverse_gives_in_the_language_asked(language, name):
    with translation.override(language):
        expected = {pk: reverse(name, kwargs={"pk": pk}) for pk in (1, 12, 918273645, 10**9)}
    with translation.override("en"):  # another language active: the one asked for is given
        assert {pk: with_id(name, pk, language=language) for pk in expected} == expected
        assert translation.get_language() == "en"
    with translation.override(language):
        assert with_id(name, 12) == expected[12]


def test_an_address_with_an_id_refuses_what_is_no_id():
    with pytest.raises(ValueError, match="invalid literal"):
        with_id("distribution:pdf", "12/../admin")
