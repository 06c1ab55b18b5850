"""Staff pages outside the model admins: the preview, and the admin's "view on site"."""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from communique.editorial import selectors
from communique.newsroom.models import Release, Text


def preview(request, text: Text):
    """Render the public release page for any state of a text (the admin checks who may look)."""
    release = (
        type(text.release)
        .objects.select_related("office__parent")
        .prefetch_related("office__month_overrides", "categories", "images", "attachments")
        .get(pk=text.release_id)
    )
    text.release = release
    siblings = list(release.texts.all())
    # What the page will link to once published: the other texts, as they stand now.
    release.published_siblings = siblings
    with translation.override(text.language):
        request.language_targets = {}
        response = render(
            request,
            "editorial/preview.html",
            {
                "text": text,
                "release": release,
                "office": release.office,
                "siblings": [sibling for sibling in siblings if sibling.pk != text.pk],
                "original": next((sibling for sibling in siblings if sibling.is_original), None),
                "previous": None,
                "next": None,
                "is_preview": True,
            },
        )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" address, for objects this person's roles let them see.

    Django's own checks only that the user is staff before it redirects to the public address,
    whose slug is the title: another office's draft or embargoed title would be read off the
    redirect. Here, anything the admin would not show this person does not exist (404).
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        obj = model._default_manager.get(pk=object_id) if model else None
    except (ObjectDoesNotExist, ValueError, ValidationError, OverflowError):
        obj = None
    if obj is None or not admin.site.is_registered(type(obj)):
        raise Http404
    if not admin.site.get_model_admin(type(obj)).has_view_permission(request, obj):
        raise Http404
    release = release_of(obj)
    if release is not None and not selectors.can_view_release(request.user, release):
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)


def release_of(obj) -> Release | None:
    """The release an object belongs to (itself, its text's, its picture's), if any."""
    if isinstance(obj, Release):
        return obj
    if isinstance(release := getattr(obj, "release", None), Release):
        return release
    text = getattr(obj, "text", None)
    return text.release if isinstance(text, Text) else None
