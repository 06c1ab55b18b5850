"""A printable PDF of a public text, made with WeasyPrint (on Debian's Pango).

`text_pdf()` renders `distribution/release.pdf.html` and turns it into PDF. WeasyPrint reads
nothing from the network: `SiteFileFetcher` serves the site's own static files and the
release's pictures from the media storage, under the `site-file:` scheme, and refuses every
other address. A rendering costs a few hundred milliseconds, so the result is kept in
Django's cache under the text's id, its `updated_at` and a digest of the HTML (which moves
when anything printed changes: an office renamed, a translation published); a cache that
fails is a miss, never an error.
"""

import hashlib
import logging
import mimetypes

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from communique.addresses import with_id
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, Text

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/pdf"
TEMPLATE = "distribution/release.pdf.html"
SCHEME = "site-file:"
CACHE_SECONDS = 60 * 60 * 24 * 7
#: Raise it when the template or its style changes, so that no PDF of the old look is served.
LAYOUT_VERSION = 1

#: The shipped Arabic font (newsroom/static/newsroom/fonts/, SIL OFL), for Arabic script.
ARABIC_FONT = "newsroom/fonts/noto-naskh-arabic-arabic-wght-normal.woff2"
#: The languages written right to left (the PDF sets `dir` from it).
RTL_LANGUAGES = {"ar", "fa", "ur", "he"}


class RefusedAddress(ValueError):
    """WeasyPrint asked for something that is not one of the site's own files."""


def read_site_file(url: str) -> bytes:
    """The bytes behind `site-file:/static/<path>` (a static file) or
    `site-file:/media/<name>` (a stored picture); `RefusedAddress` for any other address."""
    if not url.startswith(SCHEME + "/"):
        raise RefusedAddress(url)
    kind, _slash, name = url.removeprefix(SCHEME + "/").partition("/")
    if not name or ".." in name.split("/"):
        raise RefusedAddress(url)
    if kind == "static":
        path = finders.find(name)
        if not path:
            raise RefusedAddress(url)
        with open(path, "rb") as file:
            return file.read()
    if kind == "media":
        with default_storage.open(name, "rb") as file:
            return file.read()
    raise RefusedAddress(url)


def site_file_fetcher():
    """A WeasyPrint URL fetcher that serves the site's own files and refuses every other
    address, so a PDF never fetches from the network. It lists what it `served` and
    `refused`. (WeasyPrint is imported here, when a PDF is first made, not by every process.)
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFileFetcher(URLFetcher):
        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            try:
                body = read_site_file(url)
            except Exception as error:
                self.refused.append(url)
                raise RefusedAddress(f"Not one of the site's files: {url[:200]}") from error
            self.served.append(url)
            content_type = mimetypes.guess_type(url)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return SiteFileFetcher()


def static_file(name: str) -> str:
    """The address of a static file for WeasyPrint (`newsroom/fonts/…`)."""
    return f"{SCHEME}/static/{name}"


def _picture(image) -> str:
    """The picture's largest rendition (or its original), from the media storage."""
    name = image.image.name
    if image.renditions:
        name = image.renditions[max(image.renditions, key=int)]
    return f"{SCHEME}/media/{name}"


def pdf_path(release_id: int, language: str) -> str:
    """The address of a text's PDF (`/en/releases/12.pdf`)."""
    return with_id("distribution:pdf", release_id, language=language)


def pdf_filename(text: Text) -> str:
    """A plain file name for the download: `uzbekistan-12-en.pdf`."""
    return f"{text.release.office.slug}-{text.release_id}-{text.language}.pdf"


def text_html(text: Text, *, organisation: Organisation | None = None) -> str:
    """The HTML that becomes the PDF, in the text's language."""
    organisation = organisation or Organisation.current()
    release = text.release
    language = text.language
    enabled = organisation.enabled_languages
    siblings = [
        sibling
        for sibling in getattr(release, "published_siblings", [])
        if sibling.language in enabled and sibling.status == Text.Status.PUBLISHED
    ]
    with translation.override(language):
        return render_to_string(
            TEMPLATE,
            {
                "text": text,
                "release": release,
                "office": release.office,
                "organisation_name": pick(
                    organisation.name, language, organisation.default_language
                ),
                "original": next((s for s in siblings if s.is_original and s.pk != text.pk), None),
                "withdrawn": text.status == Text.Status.WITHDRAWN,
                "pictures": [
                    (_picture(image), pick(image.alt, language), pick(image.caption, language))
                    for image in release.images.all()
                ],
                "language": language,
                "direction": "rtl" if language in RTL_LANGUAGES else "ltr",
                "eastern_digits": organisation.eastern_arabic_digits and language == "ar",
                "arabic_font": static_file(ARABIC_FONT),
            },
        )


def render_pdf(html: str, *, url_fetcher=None) -> bytes:
    """HTML to PDF bytes, fetching only the site's own files (`site_file_fetcher()`)."""
    from weasyprint import HTML

    fetcher = url_fetcher or site_file_fetcher()
    return HTML(string=html, base_url=SCHEME + "/", url_fetcher=fetcher).write_pdf()


def _cache_key(text: Text, html: str) -> str:
    digest = hashlib.blake2b(html.encode(), digest_size=16).hexdigest()
    stamp = text.updated_at.timestamp() if text.updated_at else 0
    return f"distribution:pdf:{LAYOUT_VERSION}:{text.pk}:{stamp}:{digest}"


def text_pdf(text: Text, *, organisation: Organisation | None = None) -> bytes:
    """The PDF of a public text, from the cache when it was rendered before.

    Give it a text from `distribution.selectors.text_for_channel()`.
    """
    html = text_html(text, organisation=organisation)
    key = _cache_key(text, html)
    try:
        cached = cache.get(key)
    except Exception:  # the cache accelerates; it is never needed
        logger.warning("PDF cache unavailable; rendering %s", key, exc_info=True)
        cached = None
    if cached is not None:
        return cached
    document = render_pdf(html)
    try:
        cache.set(key, document, CACHE_SECONDS)
    except Exception:
        logger.warning("PDF cache unavailable; not keeping %s", key, exc_info=True)
    return document
