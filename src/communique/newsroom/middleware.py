"""Keep readers inside the languages the organisation offers."""

from django.shortcuts import redirect
from django.utils.translation import get_language_from_path

from communique.newsroom import reference
from communique.newsroom.languages import address_in, fallback_language, home_url


class EnabledLanguagesMiddleware:
    """A page under a language prefix the organisation has not enabled (`/ru/…` on a site in
    Arabic and English) redirects to the same page in the organisation's default language.

    A redirect rather than a 404: links and bookmarks made while the language was enabled
    still reach the release. A temporary one (302): once the language is enabled again its
    pages must not stay redirected in browsers' and proxies' caches.

    Goes after LocaleMiddleware. Keeps the organisation on `request.organisation`, so the
    page does not read it twice, and opens the request's `reference.scope()`: the reference
    data's version is asked once per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reference.scope():
            return self.answer(request)

    def answer(self, request):
        language = get_language_from_path(request.path_info)
        if language is None:
            return self.get_response(request)
        organisation = reference.current().organisation
        request.organisation = organisation
        if language in organisation.enabled_languages:
            return self.get_response(request)
        target = fallback_language(organisation)
        url = address_in(request.path, target) or home_url(target)
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        return redirect(url)
