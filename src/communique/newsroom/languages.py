"""Which languages a page offers, which way they read, and which need the Arabic-script font."""

import re

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language_info, override

#: Languages written in Arabic script: their pages load the shipped Naskh font.
ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug"})

# The Arabic blocks and presentation forms; a single letter is enough to need the font.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
# UTF-8 lead bytes of U+0600–U+06FF and U+0740–U+077F: finding a byte is some ten times faster
# than a regular expression over a whole page, and pages are scanned as they are rendered.
_ARABIC_LEAD_BYTES = (b"\xd8", b"\xd9", b"\xda", b"\xdb", b"\xdd")
# Lead bytes of the rarer blocks (Arabic Extended, presentation forms) among others.
_RARE_LEAD_BYTES = (b"\xe0", b"\xef")


def direction(code: str) -> str:
    """`rtl` or `ltr`, for the `dir` attribute."""
    return "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def local_name(code: str) -> str:
    """A language's name in that language (`العربيّة`, `Русский`), for the switcher."""
    return get_language_info(code)["name_local"]


def has_arabic_script(text) -> bool:
    """Whether `text` (a rendered page, say) holds an Arabic-script letter."""
    text = str(text or "")
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    if any(lead in data for lead in _ARABIC_LEAD_BYTES):
        return True
    return any(lead in data for lead in _RARE_LEAD_BYTES) and bool(_ARABIC_SCRIPT.search(text))


def needs_arabic_font(language: str, *texts) -> bool:
    """Whether a page in `language` showing `texts` should load the Arabic-script font."""
    return language in ARABIC_SCRIPT_LANGUAGES or any(has_arabic_script(text) for text in texts)


def fallback_language(organisation) -> str:
    """Where readers of a language the organisation does not offer are sent."""
    enabled = organisation.enabled_languages
    return organisation.default_language if organisation.default_language in enabled else enabled[0]


def address_in(path: str, code: str) -> str | None:
    """The same public address in another language (`/en/offices/x/` -> `/ar/offices/x/`).

    Public URL patterns are not translated, so addresses differ only in their prefix; this
    is a string operation where Django's translate_url resolves and reverses (some 0.2 ms
    a language, on every page). None for an address without a language prefix.
    """
    script = get_script_prefix()
    for known, _name in settings.LANGUAGES:
        prefix = f"{script}{known}/"
        if path.startswith(prefix):
            return f"{script}{code}/{path[len(prefix) :]}"
    return None


def home_url(code: str) -> str:
    """The home page in a language (`/ar/`)."""
    with override(code):
        return reverse("newsroom:home")
