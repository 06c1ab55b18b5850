"""Who is calling: a token in `Authorization: Bearer …`, checked against its stored digest."""

import datetime

from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from communique.api.models import ApiToken, digest

#: How stale `last_used_at` may get before a request writes it again (not a write per call).
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


class Anonymous:
    """A caller without a token: may read, is rate-limited by address."""

    user = None
    pk = None

    def __bool__(self):
        # Truthy, so that django-ninja counts the request as authenticated-enough to read.
        return True


ANONYMOUS = Anonymous()


def token_for(raw: str) -> ApiToken | None:
    """The live token this string is, with its user; None for anything else."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None and (
        token.last_used_at is None or timezone.now() - token.last_used_at > LAST_USED_PRECISION
    ):
        token.last_used_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token


class TokenAuth(HttpBearer):
    """The write API: a valid token, or 401."""

    def __call__(self, request):
        header = request.headers.get(self.header)
        if header is not None and not header.lower().startswith("bearer "):
            raise AuthenticationError()
        return super().__call__(request)

    def authenticate(self, request, token):
        found = token_for(token.strip())
        if found is None:
            raise AuthenticationError()
        # What the editorial services check roles against.
        request.user = found.user
        return found


class OptionalToken(TokenAuth):
    """The read API: anyone may read; a token (rate-limited on its own) must still be valid."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            return ANONYMOUS
        return super().__call__(request)
