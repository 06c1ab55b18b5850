"""The public templates' environment: its translations and asset addresses."""

from django.template import engines
from django.test import override_settings
from django.utils import translation


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_strings_are_translated_in_the_active_language_and_their_values_escaped():
    source = '{{ _("Reply from %(office)s", office=name) }} · {{ _("Skip to content") }}'
    with translation.override("ar"):
        html = render(source, name="<b>Nukus</b> & co")
    assert html == "رد من &lt;b&gt;Nukus&lt;/b&gt; &amp; co · انتقل إلى المحتوى"
    with translation.override("en"):
        assert render(source, name="Nukus") == "Reply from Nukus · Skip to content"


def test_a_value_may_have_any_name():
    source = '{{ _("%(message)s %(singular)s", message="a", singular="b") }}'
    assert render(source) == "a b"


def test_a_string_without_values_keeps_its_markup_and_its_percent_signs():
    # A string is always a format string, values or not: "%%" is one percent sign.
    assert render('{{ _("Water for 100%% of the wells") }}') == "Water for 100% of the wells"
    assert render('{{ _("<b>Wells</b>") }} {{ "<b>" }}') == "<b>Wells</b> &lt;b&gt;"


def test_strings_in_a_loop_with_a_context_and_a_plural():
    source = (
        "{% for n in [1, 2] %}{{ n }}{% if not loop.last %}"
        '{{ pgettext("list separator", ", ") }}{% endif %}{% endfor %}'
        '|{{ ngettext("%(num)d comment", "%(num)d comments", 2) }}'
    )
    with translation.override("ar"):
        assert render(source).startswith("1، 2|")
    with translation.override("en"):
        assert render(source) == "1, 2|2 comments"


def test_asset_addresses_follow_the_static_settings():
    assert render("{{ static('newsroom/site.css') }}") == "/static/newsroom/site.css"
    with override_settings(STATIC_URL="/assets/"):
        assert render("{{ static('newsroom/site.css') }}") == "/assets/newsroom/site.css"
    assert render("{{ static('newsroom/site.css') }}") == "/static/newsroom/site.css"
