"""Writes of the API app itself: issuing and revoking tokens (both written to the audit log)."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communique.api.models import TOKEN_PREFIX, ApiToken, digest
from communique.editorial import selectors
from communique.editorial.models import AuditEntry
from communique.editorial.services import audit


def may_manage_token(by, user) -> bool:
    """A person manages their own tokens; a site administrator manages everyone's."""
    return bool(by and by.is_active) and (by.pk == user.pk or selectors.is_site_admin(by))


@transaction.atomic
def token_issue(*, by, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`. Returns the row and the token itself, which is stored only as a
    digest: show it to the person now, it cannot be shown again."""
    if not may_manage_token(by, user):
        raise PermissionDenied(_("You may only create tokens for yourself."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, hint=raw[:10], digest=digest(raw))
    audit(
        AuditEntry.Action.CREATED,
        by=by,
        subject=token,
        detail=_("API token for %(user)s") % {"user": user.get_username()},
    )
    return token, raw


@transaction.atomic
def token_revoke(token: ApiToken, *, by) -> ApiToken:
    """Stop a token working at once; the row stays, so the audit log can still name it."""
    if not may_manage_token(by, token.user):
        raise PermissionDenied(_("You may only revoke your own tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(AuditEntry.Action.EDITED, by=by, subject=token, detail=_("API token revoked"))
    return token
