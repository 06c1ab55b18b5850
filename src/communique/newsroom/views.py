"""Public pages. Thin: each asks a selector for its data and renders a Jinja2 template."""

import datetime
import re

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.static import serve

from communique import calendar
from communique.newsroom import archives, batch, page_cache, selectors
from communique.newsroom.languages import (
    direction,
    fallback_language,
    home_url,
    local_name,
)
from communique.newsroom.models import Office, Organisation

#: An office's slug, as SlugField allows it.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def _page(request, items, *, key: tuple, count: int | None = None):
    """One page of a list; a page number out of range or not a number gives the nearest page.

    `key` names the list, so that a batch of renders (the export's, the worker's) counts it
    once and reads each page from where the one before ended (`batch`). `count`, where the
    page knows it already (an office's year counts), saves the COUNT query.
    """
    paginator = batch.ListPaginator(items, settings.COMMUNIQUE_PAGE_SIZE, key=key)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def _organisation(request) -> Organisation:
    return getattr(request, "organisation", None) or selectors.organisation()


def _language(request) -> str:
    return get_language() or settings.LANGUAGE_CODE


@require_safe
def root_redirect(request):
    organisation = _organisation(request)
    language = getattr(request, "LANGUAGE_CODE", None)
    if language not in organisation.enabled_languages:
        language = fallback_language(organisation)
    return redirect(f"/{language}/")


@page_cache.query_parameters("page")
@require_safe
def home(request):
    language = _language(request)
    page = _page(request, selectors.published_texts(language), key=("home", language))
    page_cache.tag(request, page_cache.home_tag(_language(request)))
    return render(request, "newsroom/home.html", {"page": page})


@page_cache.query_parameters()
@require_safe
def office_list(request):
    page_cache.tag(request, page_cache.OFFICES)
    return render(request, "newsroom/office_list.html", {"offices": selectors.office_list()})


#: The office page's query parameter saying that the release a reader came for is missing in
#: the page's language: part of the address, so the page stays one that caches can share.
UNAVAILABLE = "unavailable"


def unavailable_url(office, language: str) -> str:
    """An office's page in `language`, saying that the release asked for is not in it."""
    with override(language):
        return f"{office.get_absolute_url()}?{UNAVAILABLE}={language}"


@page_cache.query_parameters("page", UNAVAILABLE)
@require_safe
def office_detail(request, slug):
    office = _office(slug)
    language = _language(request)
    years, gregorian_years = _year_counts(office, language)
    total = sum(year["count"] for year in years)
    key = ("office", office.pk, language)
    page = _page(request, selectors.office_texts(office, language), key=key, count=total)
    page_cache.tag(request, page_cache.office_tag(office.pk, language))
    unavailable = request.GET.get(UNAVAILABLE)
    return render(
        request,
        "newsroom/office.html",
        {
            "office": office,
            "page": page,
            "years": years,
            "gregorian_years": gregorian_years,
            # Only a language the site knows names itself: nothing typed is shown.
            "unavailable_in": local_name(unavailable) if unavailable in _codes() else None,
        },
    )


def _office(slug: str) -> Office:
    if (office := selectors.office_by_slug(slug)) is None:
        raise Http404("No such office.")
    return office


def _year_counts(office: Office, language: str) -> tuple[list[dict], list[dict]]:
    """An office's year counts, taken once in a batch of renders (all of its pages show them)."""
    return batch.remembered(
        ("office-years", office.pk, language),
        lambda: selectors.office_year_counts(office, language),
    )


def _codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@page_cache.query_parameters("page")
@require_safe
def office_year(request, slug, year):
    """A year's archive, Hijri (1343–1500) or Gregorian (1924–2077): the converter says which."""
    office = _office(slug)
    language = _language(request)
    archive = archives.archive_year(year, office.calendar)
    calendar_year = {"hijri_year" if archive.is_hijri else "gregorian_year": year}
    years, gregorian_years = _year_counts(office, language)
    counts = years if archive.is_hijri else gregorian_years
    total = next((row["count"] for row in counts if row["year"] == year), 0)
    page = _page(
        request,
        selectors.office_texts(office, language, **calendar_year),
        key=("office", office.pk, language, *calendar_year.items()),
        count=total,
    )
    page_cache.tag(request, page_cache.office_tag(office.pk, language))
    return render(
        request,
        "newsroom/office_year.html",
        {
            "office": office,
            "year": year,
            "archive": archive,
            "page": page,
            "years": years,
            "gregorian_years": gregorian_years,
        },
    )


@page_cache.query_parameters("page")
@require_safe
def category_detail(request, slug):
    if (category := selectors.category_by_slug(slug)) is None:
        raise Http404("No such category.")
    language = _language(request)
    key = ("category", category.pk, language)
    page = _page(request, selectors.category_texts(category, language), key=key)
    page_cache.tag(request, page_cache.category_tag(category.pk, _language(request)))
    return render(request, "newsroom/category.html", {"category": category, "page": page})


@page_cache.query_parameters()
@require_safe
def release_detail(request, pk, slug=None):
    language = _language(request)
    text = selectors.text_for_page(pk, language)
    if text is None:
        # The release is not in this language (yet): its office's page in this language is
        # the nearest page there is, as the language switcher would have led.
        office = selectors.public_release_office(pk)
        if office is None:
            raise Http404("No such release in this language.")
        return redirect(unavailable_url(office, language))
    if slug != text.slug:
        return redirect(text.get_absolute_url(), permanent=True)
    previous, following = selectors.neighbours(text)
    page_cache.tag(
        request,
        page_cache.release_tag(text.release_id),
        *(page_cache.text_tag(shown.pk) for shown in (text, previous, following) if shown),
    )
    organisation = _organisation(request)
    enabled = organisation.enabled_languages
    siblings = [
        sibling for sibling in text.release.published_siblings if sibling.language in enabled
    ]
    original = next((sibling for sibling in siblings if sibling.is_original), None)
    sibling_urls = {sibling.language: sibling.get_absolute_url() for sibling in siblings}
    # The switcher leads to the same release where it exists in that language, and to the
    # office's page in that language otherwise: never to a 404.
    request.language_targets = {
        code: sibling_urls[code]
        if code in sibling_urls
        else unavailable_url(text.release.office, code)
        for code, _name in settings.LANGUAGES
    }
    request.language_alternates = sibling_urls | (
        {"x-default": original.get_absolute_url()} if original else {}
    )
    return render(
        request,
        "newsroom/release.html",
        {
            "text": text,
            "release": text.release,
            "office": text.release.office,
            "siblings": [sibling for sibling in siblings if sibling.pk != text.pk],
            "original": original,
            "original_updated": bool(text.behind and organisation.translation_notice),
            "previous": previous,
            "next": following,
        },
    )


@page_cache.query_parameters("office")
@require_safe
def month_starts(request):
    """The month starts the header's script needs, an office's or Umm al-Qura's."""
    hijri_calendar = calendar.UMM_AL_QURA
    if slug := request.GET.get("office"):
        if not SLUG.fullmatch(slug):  # NUL and the like: PostgreSQL refuses them in a query
            raise Http404("No such office.")
        hijri_calendar = _office(slug).calendar
    page_cache.tag(request, page_cache.OFFICES)  # the offices' calendars
    today = calendar.today(_organisation(request).clock_time_zone)
    start = today - datetime.timedelta(days=400)
    end = today + datetime.timedelta(days=400)
    response = JsonResponse({"months": calendar.month_starts(hijri_calendar, start, end)})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def favicon(request):
    """The site's icon at the address browsers ask for (the organisation's own, or ours)."""
    response = redirect(_organisation(request).favicon_url())
    response["Cache-Control"] = "public, max-age=86400"
    return response


def media_file(request, path):
    """A release's picture or document (embedded setup; nginx serves /media/ in production)."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name too long for the file system, say: no such file
        raise Http404("No such file.") from error


def page_not_found(request, exception=None):
    # In another language this address is no page either: the switcher leads home instead.
    request.language_targets = {code: home_url(code) for code, _name in settings.LANGUAGES}
    request.language_alternates = {}
    return render(request, "newsroom/404.html", status=404)


def server_error(request):
    # Rendered without the database or the templates: whatever broke may be either.
    language = get_language() or settings.LANGUAGE_CODE
    return HttpResponse(
        format_html(
            '<!doctype html><html lang="{}" dir="{}"><meta charset="utf-8"><title>{}</title>'
            "<h1>{}</h1><p>{}</p></html>",
            language,
            direction(language),
            _("Server error"),
            _("Something went wrong on our side."),
            _("Please try again in a moment."),
        ),
        status=500,
    )
