"""What every public page's header and footer show."""

import datetime
import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language

from communique import calendar
from communique.newsroom import selectors
from communique.newsroom.language_fields import pick
from communique.newsroom.languages import address_in, home_url, local_name

#: What of a page's query string names the same page in another language (a list's page).
SAME_PAGE_PARAMETERS = ("page",)


def _same_page(request, enabled: list[str]) -> dict[str, str]:
    """This page's address in each enabled language, with the page of a list (`?page=2`).
    Empty where the address did not resolve."""
    if request.resolver_match is None:
        return {}
    urls = {code: address_in(request.path, code) for code in enabled}
    kept = QueryDict(mutable=True)
    for name in SAME_PAGE_PARAMETERS:
        if name in request.GET:
            kept[name] = request.GET[name]
    query = kept.urlencode()
    return {code: f"{url}?{query}" if query else url for code, url in urls.items() if url}


def language_targets(request, enabled: list[str], same_page: dict[str, str]) -> dict[str, str]:
    """Where the switcher leads in each language: never to a page that does not exist.

    A view may say (a release leads to its sibling texts, else to its office); otherwise it
    is the same page in the other language, and the home page where there is none.
    """
    targets = getattr(request, "language_targets", None) or {}
    current = get_language()
    links = {}
    for code in enabled:
        url = targets.get(code) or same_page.get(code)
        if not url or (url.split("?")[0] == request.path and code != current):
            url = home_url(code)
        links[code] = url
    return links


def alternates(request, default: str, same_page: dict[str, str]) -> list[tuple[str, str]]:
    """`hreflang` alternates: a view's own (a release's sibling texts), else this page in every
    enabled language; none on a page without siblings."""
    urls = getattr(request, "language_alternates", None)
    if urls is None:
        urls = dict(same_page)
        if default in urls:
            urls["x-default"] = urls[default]
    if len(urls.keys() - {"x-default"}) < 2:
        return []
    return [(code, request.build_absolute_uri(url)) for code, url in urls.items()]


@lru_cache(maxsize=64)
def _header_date(today: datetime.date, language: str, eastern: bool) -> str:
    return calendar.header_line(today, language, eastern_digits=eastern)


@lru_cache(maxsize=64)
def _header_table(today: datetime.date, language: str, eastern: bool) -> dict:
    """What the header's script needs to keep the date current for the coming year."""
    return calendar.header_table(
        calendar.UMM_AL_QURA,
        today - datetime.timedelta(days=1),
        today + datetime.timedelta(days=366),
        language,
        eastern_digits=eastern,
    )


def site(request):
    organisation = getattr(request, "organisation", None) or selectors.organisation()
    language = get_language() or settings.LANGUAGE_CODE
    zone = zoneinfo.ZoneInfo(organisation.clock_time_zone)
    now = timezone.now().astimezone(zone)
    eastern = organisation.eastern_arabic_digits and language == "ar"
    header_date = _header_date(now.date(), language, eastern)
    clock = now.strftime("%H:%M")
    enabled = organisation.enabled_languages
    same_page = _same_page(request, enabled)
    targets = language_targets(request, enabled, same_page)
    site_menus = selectors.menus()
    return {
        "organisation": organisation,
        "favicon_url": organisation.favicon_url(),
        "language_names": {code: local_name(code) for code in enabled},
        "language_links": [
            (code, {"url": targets[code], "label": local_name(code)}) for code in enabled
        ],
        "alternates": alternates(request, organisation.default_language, same_page),
        "site_name": pick(organisation.name, language, organisation.default_language),
        "language": language,
        "eastern_digits": eastern,
        "header_date": header_date,
        "clock": calendar.to_eastern_digits(clock) if eastern else clock,
        "clock_label": pick(organisation.clock_label, language, "en"),
        "clock_time_zone": organisation.clock_time_zone,
        "header_table": _header_table(now.date(), language, eastern),
        "main_menu": site_menus["main"],
        "footer_menu": site_menus["footer"],
    }
