"""Writes about translations: starting a release's text in another language."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communique.newsroom import services
from communique.newsroom.models import Organisation, Release, Text


def translation_source(release: Release) -> Text | None:
    """The text a translation starts from: the original, else the oldest text there is."""
    texts = sorted(release.texts.all(), key=lambda text: (not text.is_original, text.pk))
    return texts[0] if texts else None


def translation_start(release: Release, language: str) -> dict:
    """What a new `language` text of a release starts as: a copy of the original's fields.

    A copy rather than an empty skeleton: the translator overwrites it block by block in the
    same editor, so headings, lists, tables, links, figures, names and quotations that stay
    in their own language keep exactly the original's structure. Raises ValidationError when
    the language is not offered, is there already, or there is nothing to start from.
    """
    if language not in Organisation.current().enabled_languages:
        raise ValidationError(_("This site does not offer that language."), code="language")
    if release.texts.filter(language=language).exists():
        raise ValidationError(_("This release already has a text in that language."), code="exists")
    source = translation_source(release)
    if source is None:
        raise ValidationError(_("This release has no text to translate yet."), code="empty")
    return {
        "release": release,
        "language": language,
        "title": source.title,
        "subtitle": source.subtitle,
        "body": source.body,
        "is_original": False,
    }


@transaction.atomic
def text_translate_into(*, release: Release, language: str, by=None) -> Text:
    """Start the `language` text of a release: a draft holding a copy of the original.

    It stays a draft, and the missing-translations dashboard keeps listing its language,
    until it is published.
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
    return services.text_create(**translation_start(release, language))
