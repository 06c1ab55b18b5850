"""The headers every API response carries: CORS for the read API, the rate limit, and
`Cache-Control: private` (counted, per-token answers are not for the site's page cache)."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from communique.api import conf

PREFIX = "/api/v1/"
READ_METHODS = ("GET", "HEAD")


def allowed_origin(origin: str | None) -> str | None:
    """What Access-Control-Allow-Origin says for this Origin, or None for no CORS at all."""
    origins = conf.cors_origins()
    if not origin or not origins:
        return None
    if "*" in origins:
        return "*"
    return origin if origin in origins else None


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        origin = allowed_origin(request.headers.get("Origin"))
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            return self._preflight(request, origin)
        response = self.get_response(request)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            response = self._not_allowed(request, response)
        response["Cache-Control"] = "private, no-store"
        if origin and request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = (
                "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
            )
        if origin != "*":
            response["Vary"] = ", ".join(filter(None, [response.get("Vary"), "Origin"]))
        if rate := getattr(request, "rate_limit", None):
            limit, remaining, reset = rate
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(remaining)
            response["X-RateLimit-Reset"] = str(reset)
        return response

    @staticmethod
    def _not_allowed(request, response) -> JsonResponse:
        # django-ninja answers a method an address does not take in plain text.
        allowed = response.get("Allow", "")
        answer = JsonResponse(
            {
                "message": _("This address does not take %(method)s; it takes %(allowed)s.")
                % {"method": request.method[:10], "allowed": allowed}
            },
            status=405,
        )
        answer["Allow"] = allowed
        return answer

    @staticmethod
    def _preflight(request, origin: str | None) -> HttpResponse:
        # Only reads are offered across origins: the write API is for servers, not browsers.
        response = HttpResponse(status=204)
        asked = request.headers.get("Access-Control-Request-Method", "").upper()
        if origin and asked in READ_METHODS:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "Authorization"
            response["Access-Control-Max-Age"] = "3600"
        response["Vary"] = "Origin"
        return response
