"""The write API: everything through the editorial services, with the token's user as `by`.

Which releases and texts a token can name is `editorial.selectors.releases_for/texts_for`:
another office's ids answer 404, exactly like ids that do not exist, so nothing leaks; what
the role may do there is the services' answer (403 when the role does not allow it).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Status

from communique.api import representations, schemas
from communique.api.auth import TokenAuth
from communique.api.site import WRITE_ERRORS, api
from communique.editorial import selectors, services
from communique.newsroom.models import Category, Office

writes = {"auth": TokenAuth(), "tags": ["write"]}
Id = Path(..., ge=1, le=2**63 - 1)


def _errors(status: int, ok_schema) -> dict:
    return {status: ok_schema, **{code: schemas.Error for code in WRITE_ERRORS}}


def _text(request, text_id: int):
    return get_object_or_404(
        selectors.texts_for(request.auth.user).select_related("release__office"), pk=text_id
    )


@api.post(
    "/releases", response=_errors(201, schemas.ReleaseDraft), url_name="release-create", **writes
)
def create_release(request, payload: schemas.ReleaseIn):
    """Start a release with its original text, as a draft (editors and authors)."""
    office = Office.objects.filter(slug=payload.office).first()
    if office is None:
        raise Http404
    categories = list(Category.objects.filter(slug__in=payload.categories))
    if len(categories) != len(set(payload.categories)):
        known = {category.slug for category in categories}
        unknown = sorted(set(payload.categories) - known)
        raise ValidationError(
            {"categories": [_("No such category: %(slugs)s.") % {"slugs": ", ".join(unknown)}]}
        )
    release = services.release_create(
        by=request.auth.user,
        office=office,
        issue_date=payload.issue_date,
        language=payload.language,
        title=payload.title,
        subtitle=payload.subtitle,
        body=payload.body,
        kind=payload.kind,
        categories=categories,
    )
    return Status(201, representations.release_draft(release))


@api.post(
    "/releases/{release_id}/texts",
    response=_errors(201, schemas.Draft),
    url_name="text-create",
    **writes,
)
def add_text(request, payload: schemas.TextIn, release_id: int = Id):
    """Add a language version (a translation) to a release, as a draft."""
    release = get_object_or_404(selectors.releases_for(request.auth.user), pk=release_id)
    text = services.text_create(
        by=request.auth.user,
        release=release,
        language=payload.language,
        title=payload.title,
        subtitle=payload.subtitle,
        body=payload.body,
    )
    return Status(201, representations.draft(text))


@api.put("/texts/{text_id}", response=_errors(200, schemas.Draft), url_name="text-edit", **writes)
def edit_text(request, payload: schemas.TextEdit, text_id: int = Id):
    """Save new content. `version` is the one you edited: if someone saved since, 409."""
    text = services.text_update(
        _text(request, text_id),
        by=request.auth.user,
        title=payload.title,
        subtitle=payload.subtitle,
        body=payload.body,
        based_on=payload.version,
        correction_note=payload.correction_note,
    )
    return representations.draft(text)


@api.post(
    "/texts/{text_id}/submit",
    response=_errors(200, schemas.Draft),
    url_name="text-submit",
    **writes,
)
def submit_text(request, text_id: int = Id):
    """Send a draft for review."""
    return representations.draft(
        services.text_submit(_text(request, text_id), by=request.auth.user)
    )


@api.post(
    "/texts/{text_id}/publish",
    response=_errors(200, schemas.Draft),
    url_name="text-publish",
    **writes,
)
def publish_text(request, text_id: int = Id):
    """Publish now (editors); the release gets its number with its first published text."""
    return representations.draft(
        services.text_publish(_text(request, text_id), by=request.auth.user)
    )
