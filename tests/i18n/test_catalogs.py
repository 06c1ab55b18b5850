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


def test_a_new_string_arrives_untranslated_never_as_the_english(tmp_path, monkeypatch, template):
    import shutil

    for language in catalogs.languages():
        copy = tmp_path / language / "django.po"
        copy.parent.mkdir(parents=True)
        shutil.copy(catalogs.po_path(language), copy)
    monkeypatch.setattr(catalogs, "po_path", lambda language: tmp_path / language / "django.po")
    new = "Clean water reached a fourth village today."
    template = catalogs.Catalog(project="Communiqué", charset="utf-8", fuzzy=False)
    for message in catalogs.extract():
        if message.id:
            template.add(message.id, locations=message.locations, flags=message.flags)
    template.add(new, locations=[("newsroom/views.py", 1)])
    todo = catalogs.update(template)
    assert catalogs.read_catalog("ru").get(new).string == ""
    assert catalogs.read_catalog("uz").get(new).string == ""
    assert catalogs.read_catalog("en").get(new).string == new
    assert todo["ru"] >= 1 and todo["en"] == 0
