"""The interface is translated completely: every string in every catalog, compiled."""

import pytest
from django.utils import translation

from communique import catalogs


@pytest.fixture(scope="module")
def template():
    return catalogs.extract()


def test_every_catalog_translates_every_interface_string(template):
    problems = catalogs.check(template)
    assert not problems, (
        f"{len(problems)} catalog entries need a translator "
        "(`communique catalogs update`, translate, then `communique catalogs compile`):\n"
        + "\n".join(str(problem) for problem in problems)
    )


def test_extraction_reads_python_jinja2_and_the_admins_django_templates(template):
    found = {message.id if isinstance(message.id, str) else message.id[0] for message in template}
    assert "Arabic" in found  # settings.py, gettext_lazy
    assert "(number assigned on publication)" in found  # a Jinja2 template
    assert "Page %(number)s of %(count)s" in found  # Jinja2, newstyle with variables
    assert "Missing translations" in found  # Python, and a Django admin template
    assert "Every published release is in every language. Nothing is missing." in found


def test_the_check_names_missing_untranslated_and_fuzzy_strings(template):
    catalog = catalogs.read_catalog("ru")
    first, second, third = [message for message in catalog if message.id][:3]
    catalog.delete(first.id, context=first.context)
    second.string = "" if isinstance(second.id, str) else ("",) * catalog.num_plurals
    third.flags.add("fuzzy")
    problems = catalogs.problems_in(catalog, template, "ru")
    found = {(problem.what, problem.message) for problem in problems}

    def label(message):
        return message.id if isinstance(message.id, str) else message.id[0]

    assert ("missing", label(first)) in found
    assert ("untranslated", label(second)) in found
    assert ("fuzzy", label(third)) in found


@pytest.mark.parametrize(
    "language, expected",
    [("ar", "أحدث البيانات"), ("ru", "Последние материалы"), ("uz", "Soʻnggi xabarlar")],
)
def test_the_compiled_catalogs_translate_the_interface(language, expected):
    with translation.override(language):
        assert translation.gettext("Latest releases") == expected
