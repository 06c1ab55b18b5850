"""Public pages. Thin: each asks a selector for its data and renders a Jinja2 template."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import translate_url
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from communique import calendar
from communique.newsroom import selectors
from communique.newsroom.models import Category, Office, Organisation


def _page(request, items):
    """One page of a list; a page number out of range or not a number gives the nearest page."""
    paginator = Paginator(items, settings.COMMUNIQUE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _language(request) -> str:
    return get_language() or settings.LANGUAGE_CODE


@require_safe
def root_redirect(request):
    organisation = Organisation.current()
    language = request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else None
    if language not in organisation.enabled_languages:
        language = organisation.default_language
    return redirect(f"/{language}/")


@require_safe
def home(request):
    page = _page(request, selectors.published_texts(_language(request)))
    return render(request, "newsroom/home.html", {"page": page})


@require_safe
def office_list(request):
    return render(request, "newsroom/office_list.html", {"offices": list(selectors.offices())})


@require_safe
def office_detail(request, slug):
    office = get_object_or_404(selectors.offices(), slug=slug)
    language = _language(request)
    page = _page(request, selectors.office_texts(office, language))
    return render(
        request,
        "newsroom/office.html",
        {"office": office, "page": page, "years": selectors.office_years(office, language)},
    )


@require_safe
def office_year(request, slug, year):
    office = get_object_or_404(selectors.offices(), slug=slug)
    language = _language(request)
    page = _page(request, selectors.office_texts(office, language, hijri_year=year))
    return render(
        request,
        "newsroom/office_year.html",
        {
            "office": office,
            "year": year,
            "page": page,
            "years": selectors.office_years(office, language),
        },
    )


@require_safe
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    page = _page(request, selectors.category_texts(category, _language(request)))
    return render(request, "newsroom/category.html", {"category": category, "page": page})


@require_safe
def release_detail(request, pk, slug=None):
    text = selectors.text_for_page(pk, _language(request))
    if text is None:
        raise Http404("No such release in this language.")
    if slug != text.slug:
        return redirect(text.get_absolute_url(), permanent=True)
    previous, following = selectors.neighbours(text)
    siblings = text.release.published_siblings
    # The language switcher leads to the same release where it exists in that language, and
    # to the office's page in that language otherwise: never to a 404.
    request.language_targets = {
        code: translate_url(text.release.office.get_absolute_url(), code)
        for code, _name in settings.LANGUAGES
    } | {sibling.language: sibling.get_absolute_url() for sibling in siblings}
    return render(
        request,
        "newsroom/release.html",
        {
            "text": text,
            "release": text.release,
            "office": text.release.office,
            "siblings": [sibling for sibling in siblings if sibling.pk != text.pk],
            "original": next((sibling for sibling in siblings if sibling.is_original), None),
            "previous": previous,
            "next": following,
        },
    )


@require_safe
def month_starts(request):
    """The month starts the header's script needs, for an office (with its overrides) or Umm al-Qura."""
    hijri_calendar = calendar.UMM_AL_QURA
    if slug := request.GET.get("office"):
        hijri_calendar = get_object_or_404(
            Office.objects.prefetch_related("month_overrides"), slug=slug
        ).calendar
    today = datetime.date.today()
    start = today - datetime.timedelta(days=400)
    end = today + datetime.timedelta(days=400)
    response = JsonResponse({"months": calendar.month_starts(hijri_calendar, start, end)})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def today(request):
    """The header's date line for today in the reference zone, for pages rendered earlier."""
    organisation = Organisation.current()
    language = request.GET.get("lang", organisation.default_language)
    if language not in calendar.SUPPORTED_LANGUAGES:
        language = organisation.default_language
    zone = zoneinfo.ZoneInfo(organisation.clock_time_zone)
    now = timezone.now().astimezone(zone)
    eastern = organisation.eastern_arabic_digits and language == "ar"
    response = JsonResponse(
        {
            "date": now.date().isoformat(),
            "line": calendar.header_line(now.date(), language, eastern_digits=eastern),
        }
    )
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), zone)
    response["Cache-Control"] = f"public, max-age={max(1, int((midnight - now).total_seconds()))}"
    return response


def page_not_found(request, exception=None):
    return render(request, "newsroom/404.html", status=404)


def server_error(request):
    # Rendered without the database: whatever broke may be the database.
    return HttpResponse(
        "<!doctype html><meta charset=utf-8><title>Server error</title>"
        "<h1>Something went wrong on our side.</h1><p>Please try again in a moment.</p>",
        status=500,
    )
