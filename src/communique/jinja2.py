"""The Jinja2 environment of the public pages.

Each installed app may contribute template globals and filters in a `jinja_globals` module
(`GLOBALS` and `FILTERS` dicts), the way Django discovers templatetags. Apps add parts to
pages through `communique.newsroom.extensions` (`page_sections`), never by template name.
"""

from importlib import import_module

from django.apps import apps
from django.templatetags.static import static
from django.utils import translation
from jinja2 import Environment

from communique.addresses import address as url
from communique.newsroom.extensions import page_sections


def environment(**options) -> Environment:
    # Public pages escape everything a user typed, whatever settings.TEMPLATES says.
    options.pop("autoescape", None)
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update({"url": url, "static": static, "page_sections": page_sections})
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
