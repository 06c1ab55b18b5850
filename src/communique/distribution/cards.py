"""Social cards and structured data of a release page: Open Graph, Twitter, JSON-LD."""

import json
import unicodedata

from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext, override
from markupsafe import Markup

from communique.addresses import address, static_address
from communique.distribution.facts import TextFacts, text_facts
from communique.distribution.ninjs import ninjs_path
from communique.newsroom.body import plain_text
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, Text

#: Open Graph wants a locale (ll_CC) where we keep a language.
OG_LOCALES = {"ar": "ar_AR", "en": "en_US", "ru": "ru_RU", "uz": "uz_UZ"}
#: Shown when a release has no picture of its own (1200 × 630).
DEFAULT_IMAGE = "distribution/card.png"

# What must not appear raw inside <script>: it would end the element or open a comment.
# (Three replaces: `str.translate` with a table looks up every character, some 40 times
# slower on a card's payload.)
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language)


def json_ld_script(data: dict) -> Markup:
    """A JSON-LD <script>, escaped so that no string in it can close the element."""
    payload = json.dumps(data, ensure_ascii=False)
    for character, escaped in _SCRIPT_ESCAPES:
        payload = payload.replace(character, escaped)
    # Safe: every <, > and & of the payload is a \\u escape, so it is inert inside <script>.
    return Markup(f'<script type="application/ld+json">{payload}</script>')  # noqa: S704  # nosec B704: the payload is escaped above


def description(text: Text) -> str:
    if text.status == Text.Status.WITHDRAWN:
        return gettext("This release was withdrawn.")  # its body is off the page, and the card
    return text.subtitle or shorten(plain_text(text.body_html).strip(), 200)


def shorten(text: str, length: int) -> str:
    """What `Truncator(text).chars(length)` gives. Where none of the first `length` + 1
    characters can be a combining one (all are U+0300 or above), each of them counts and
    the cut is a slice, without Truncator's walk through them one by one."""
    text = unicodedata.normalize("NFC", text)
    head = text[: length + 1]
    if not head or max(head) >= "\u0300":
        return Truncator(text).chars(length)
    if len(text) <= length:
        return text
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])


def image(text: Text, base_url: str, organisation: Organisation) -> dict:
    """The release's first picture, else the organisation's card image."""
    pictures = list(text.release.images.all())
    if pictures:
        picture = pictures[0]
        return {
            "url": base_url + picture.src(),
            "alt": pick(picture.alt, text.language),
            "width": picture.width,
            "height": picture.height,
        }
    return {
        "url": base_url + static_address(DEFAULT_IMAGE),
        "alt": pick(organisation.name, text.language),
        "width": 1200,
        "height": 630,
    }


def news_article(facts: TextFacts, *, site_name: str, home_url: str, image_url: str) -> dict:
    """schema.org NewsArticle, with the translation links between language versions."""
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": facts.url,
        "url": facts.url,
        "mainEntityOfPage": facts.url,
        "headline": shorten(facts.title, 110),
        "datePublished": facts.published_at.isoformat(),
        "dateModified": facts.updated_at.isoformat(),
        "inLanguage": facts.language,
        "image": [image_url],
        "articleSection": facts.kind,
        "identifier": facts.number,
        "keywords": [name for name, _url in facts.categories],
        "author": {"@type": "Organization", "name": facts.office_name, "url": facts.office_url},
        "publisher": {"@type": "Organization", "name": site_name, "url": home_url},
    }
    original = facts.original
    if not facts.text.is_original and original is not None:
        article["translationOfWork"] = {
            "@type": "NewsArticle",
            "@id": original.url,
            "inLanguage": original.language,
            "headline": original.title,
        }
    if facts.text.is_original and facts.translations:
        article["workTranslation"] = [
            {"@type": "NewsArticle", "@id": sibling.url, "inLanguage": sibling.language}
            for sibling in facts.translations
        ]
    return article


def card(text: Text, *, base_url: str, organisation: Organisation) -> dict:
    """Everything the head of a release page says about it to crawlers and link previews."""
    facts = text_facts(text, base_url=base_url, languages=organisation.enabled_languages)
    site_name = pick(organisation.name, text.language, organisation.default_language)
    with override(text.language):
        home_url = base_url + address("newsroom:home")
    ninjs_url = ninjs_path(text.release_id, text.language)
    picture = image(text, base_url, organisation)
    return {
        "facts": facts,
        "title": facts.title,
        "description": description(text),
        "site_name": site_name,
        "image": picture,
        "locale": og_locale(facts.language),
        "alternate_locales": [og_locale(sibling.language) for sibling in facts.translations],
        "ninjs_url": ninjs_url,
        "json_ld": json_ld_script(
            news_article(facts, site_name=site_name, home_url=home_url, image_url=picture["url"])
        ),
    }
