"""The admin speaks the product: the organisation's name with "Communiqué", never "Django"."""

from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from communique.newsroom.models import Organisation

#: How an empty value looks in every list and read-only field (never "None").
EMPTY = "—"


def _header() -> str:
    # Read at each page, so that renaming the organisation shows at once (one small query).
    name = str(Organisation.current())
    return name if name == "Communiqué" else f"{name} · Communiqué"


def _index_title() -> str:
    return _("Newsroom")


def name_the_site(site: admin.AdminSite) -> None:
    site.site_header = lazy(_header, str)()
    site.site_title = lazy(_header, str)()
    site.index_title = lazy(_index_title, str)()
    site.empty_value_display = EMPTY
