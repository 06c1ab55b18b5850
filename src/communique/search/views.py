"""The search page. Thin: the selector searches, the template shows."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from communique.newsroom.selectors import published_texts
from communique.search import selectors
from communique.search.forms import SearchFilterForm

#: What the page offers when a search finds nothing.
LATEST = 5


@require_safe
def search(request):
    form = SearchFilterForm(request.GET)
    form.is_valid()  # what is invalid is left out of the filters, and the page says so
    # The query is read as typed (NUL, controls and all): the parser makes it safe.
    text = request.GET.get("q", "")
    results = selectors.search(
        text,
        filters=form.filters(),
        order=form.cleaned_data.get("sort") or selectors.RELEVANCE,
        page=form.cleaned_data.get("page") or 1,
    )
    latest = []
    if not results.hits:
        language = get_language() or settings.LANGUAGE_CODE
        latest = list(published_texts(language)[:LATEST])
    response = render(
        request,
        "search/search.html",
        {
            "results": results,
            "query_text": results.query.text,
            "form": form,
            "ignored_filters": bool(form.errors),
            "latest": latest,
            "params": _params(request),
        },
    )
    # Results follow embargoes to the second: never kept in the shared page cache.
    patch_cache_control(response, private=True, max_age=0)
    return response


def _params(request) -> dict[str, str]:
    """The page's address parameters, to build facet and page links from."""
    keep = ("q", "lang", "office", "category", "kind", "hyear", "date_from", "date_to", "sort")
    return {name: request.GET[name] for name in keep if request.GET.get(name)}
