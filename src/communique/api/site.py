"""The API itself: one django-ninja instance, its errors, and its OpenAPI document.

Every error is JSON, `{"message": …}` (with `detail` where there is more to say), with the
status that fits: 400 malformed, 401 no valid token, 403 your role does not allow it, 404 not
found (or not yours: another office's ids get the same answer as ids that do not exist),
409 the text changed or its state does not allow it, 422 invalid values, 429 too many.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger

from communique.api.cursors import BadCursor
from communique.api.ratelimit import RateLimit
from communique.editorial.services import EditConflict

logger = logging.getLogger(__name__)

#: The responses every operation may give besides its own, as the OpenAPI document lists them.
READ_ERRORS = (400, 401, 404, 422, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422, 429)


class CommuniqueAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Reads take a token but do not need one: say so ({} is "no authentication").
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("security") == [{"OptionalToken": []}]:
                    operation["security"] = [{}, {"TokenAuth": []}]
        schemes = schema.get("components", {}).get("securitySchemes", {})
        if "OptionalToken" in schemes:
            schemes.setdefault("TokenAuth", schemes.pop("OptionalToken"))
        return schema


api = CommuniqueAPI(
    title="Communiqué API",
    version="1",
    description=(
        "Releases and their texts, dated in the Hijri (Umm al-Qura) and Gregorian calendars. "
        "Reading needs no token; writing needs `Authorization: Bearer <token>` "
        "(tokens are made in the admin). See docs/api.md."
    ),
    urls_namespace="api",
    # The docs page loads Swagger UI from django-ninja's own static files, never a CDN;
    # validatorUrl None keeps it from calling validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    throttle=[RateLimit()],
)


def _error(request, status: int, message: str, detail=None):
    body = {"message": str(message)}
    if detail is not None:
        body["detail"] = detail
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return _error(request, 422, _("Some values are not valid."), detail=_plain(exc.errors))


def _plain(errors):
    # Pydantic puts the offending input and exception objects in its errors: keep the words.
    return [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in errors
    ]


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(
        request, 401, _("This needs a valid API token: Authorization: Bearer <token>.")
    )
    response["WWW-Authenticate"] = 'Bearer realm="communique"'
    return response


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    return _error(request, 429, _("Too many requests: wait a little and try again."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Your role does not allow this."))


@api.exception_handler(EditConflict)
def _conflict(request, exc: EditConflict):
    return _error(
        request,
        409,
        _(
            "Someone saved this text since the version you edited: "
            "read it again and redo your change."
        ),
        detail={"current_version": exc.current.version},
    )


@api.exception_handler(DjangoValidationError)
def _refused(request, exc: DjangoValidationError):
    messages = exc.messages
    if getattr(exc, "code", None) == "transition":
        return _error(request, 409, messages[0])
    detail = exc.message_dict if hasattr(exc, "error_dict") else None
    return _error(request, 422, " ".join(messages), detail=detail)


@api.exception_handler(BadCursor)
def _bad_cursor(request, exc):
    return _error(request, 400, str(exc))


@api.exception_handler(Exception)
def _unexpected(request, exc):
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, _("Something went wrong on our side; it has been logged."))


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""
    return _error(request, 404, _("There is nothing at this address in the API."))
