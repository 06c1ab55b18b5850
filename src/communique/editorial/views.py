"""The preview: a text exactly as readers will see it, before it is public."""

from django.shortcuts import render
from django.utils import translation

from communique.newsroom.models import Text


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
