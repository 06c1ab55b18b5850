"""The Jinja2 environment of the public pages.

Each installed app may contribute template globals and filters in a `jinja_globals` module
(`GLOBALS` and `FILTERS` dicts), the way Django discovers templatetags. Apps add parts to
pages through `communique.newsroom.extensions` (`page_sections`), never by template name.
"""

from importlib import import_module

from django.apps import apps
from django.utils import translation
from jinja2 import Environment
from markupsafe import Markup

from communique.addresses import address as url
from communique.addresses import static_address
from communique.newsroom.extensions import page_sections


def environment(**options) -> Environment:
    # Public pages escape everything a user typed, whatever settings.TEMPLATES says.
    options.pop("autoescape", None)
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(GETTEXT)
    env.globals.update({"url": url, "static": static_address, "page_sections": page_sections})
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.jinja_globals")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.jinja_globals":
                raise
            continue
        env.globals.update(getattr(module, "GLOBALS", {}))
        env.filters.update(getattr(module, "FILTERS", {}))
    return env


# The i18n extension's "new style" gettext, for an environment that always autoescapes: the
# translation is markup-safe and always a format string (`_("%(n)s of %(m)s", n=1, m=2)`).
# Jinja's own take the template's context, and a call inside a loop copies that context
# first: a page's thirty strings cost more than the rest of its header.
def _trusted(message: str) -> Markup:
    # The catalogs' strings are the project's own, trusted as Jinja's i18n extension trusts
    # them; the values put into them (`variables`) are escaped by `%`.
    return Markup(message)  # noqa: S704  # nosec B704


def _gettext(message: str, /, **variables) -> Markup:
    translated = translation.gettext(message)
    if not variables and "%" not in translated:
        return _trusted(translated)  # what `% {}` gives a string with no % in it, made faster
    return _trusted(translated) % variables


def _ngettext(singular: str, plural: str, number: int, /, **variables) -> Markup:
    variables.setdefault("num", number)
    return _trusted(translation.ngettext(singular, plural, number)) % variables


def _pgettext(context: str, message: str, /, **variables) -> Markup:
    variables.setdefault("context", context)
    return _trusted(translation.pgettext(context, message)) % variables


def _npgettext(context: str, singular: str, plural: str, number: int, /, **variables) -> Markup:
    variables.setdefault("context", context)
    variables.setdefault("num", number)
    return _trusted(translation.npgettext(context, singular, plural, number)) % variables


GETTEXT = {
    "_": _gettext,
    "gettext": _gettext,
    "ngettext": _ngettext,
    "pgettext": _pgettext,
    "npgettext": _npgettext,
}
