"""The interface's gettext catalogs: extract, update, compile and check them, with Babel.

Django's makemessages cannot read Jinja2 templates, so Babel reads everything: Python,
the Jinja2 templates of the public pages and e-mails, and the admin's Django templates
(through Django's own `templatize`, as makemessages would). `locale/babel.cfg` maps files
to readers. One catalog per language: `locale/<code>/LC_MESSAGES/django.po`, compiled to
`django.mo` beside it (committed, so an installed copy needs no build step).
"""

import datetime
import importlib.metadata
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_python
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

SOURCE_DIR = Path(__file__).resolve().parent  # src/communique
LOCALE_DIR = SOURCE_DIR / "locale"
MAPPING = LOCALE_DIR / "babel.cfg"
DOMAIN = "django"

KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ["Translators:"]

# Written into a new catalog. Arabic's is the one Django's and most tools' Arabic catalogs
# use (forms: 0, 1, 2, 3–10, 11–99, others), so translators find the forms where they expect.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5);",
    "en": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "uz": "nplurals=2; plural=(n != 1);",
}
#: The language the source strings are written in: its catalog repeats them.
SOURCE_LANGUAGE = "en"


def extract_django_template(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for Django templates, by way of Django's `templatize`."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    python = templatize(source).encode("utf-8")
    yield from extract_python(io.BytesIO(python), keywords, comment_tags, {"encoding": "utf-8"})


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """Every translatable string in the source, as a catalog template."""
    with MAPPING.open() as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(MAPPING))
    template = Catalog(project="Communiqué", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE_DIR,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _new_catalog(language: str) -> Catalog:
    header = (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {language}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"\n'
    )
    return read_po(io.StringIO(header), locale=language, domain=DOMAIN)


def read_catalog(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return _new_catalog(language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No line numbers: a catalog should change when its strings do, not when code moves.
    write_po(buffer, catalog, width=100, include_lineno=False)
    return buffer.getvalue()


def _without_dates(po: bytes) -> bytes:
    return re.sub(rb'^"(POT-Creation|PO-Revision)-Date: .*$', b"", po, flags=re.M)


def write_catalog(catalog: Catalog, language: str) -> bool:
    """Write a catalog; untouched (dates and all) when only its dates would change."""
    path = po_path(language)
    catalog.project, catalog.version = "Communiqué", _version()
    catalog.msgid_bugs_address = ""
    catalog.language_team = catalog.last_translator = "Communiqué translators"
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(_render(catalog)):
        return False
    catalog.revision_date = datetime.datetime.now(datetime.UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_render(catalog))
    return True


def _version() -> str:
    try:
        return importlib.metadata.version("communique")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


def update(template: Catalog | None = None) -> dict[str, int]:
    """Bring every catalog up to date with the source; returns each one's count of entries
    to translate. New strings come in untranslated; changed ones as fuzzy guesses."""
    template = template or extract()
    todo = {}
    for language in languages():
        catalog = read_catalog(language)
        known = {message.id for message in catalog}
        catalog.update(template, update_header_comment=False)
        catalog.obsolete.clear()
        if language != SOURCE_LANGUAGE:
            # A string new to this catalog arrives as Babel copies it from the template: make
            # sure it is untranslated (never the English), so the check asks for it.
            for message in catalog:
                if message.id and message.id not in known and "fuzzy" not in message.flags:
                    message.string = (
                        ("",) * len(message.string) if isinstance(message.string, tuple) else ""
                    )
        if language == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        write_catalog(catalog, language)
        todo[language] = len(problems_in(catalog, template, language))
    return todo


def compile_all() -> None:
    """Write each catalog's .mo file (Django reads those)."""
    for language in languages():
        catalog = read_catalog(language)
        with mo_path(language).open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


@dataclass(frozen=True)
class Problem:
    language: str
    message: str
    what: str

    def __str__(self):
        return f"{self.language}: {self.what}: {self.message!r}"


def _key(message) -> tuple:
    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
    context = message.context
    if isinstance(context, bytes):  # read_mo gives contexts undecoded
        context = context.decode("utf-8")
    return context, msgid


def _strings(message) -> tuple:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not strings or any(not text for text in strings)


def problems_in(catalog: Catalog, template: Catalog, language: str) -> list[Problem]:
    """What stops a catalog from being complete: strings missing, untranslated, fuzzy, or with
    placeholders the source does not have."""
    problems = []
    for source in template:
        if not source.id:
            continue
        label = source.id if isinstance(source.id, str) else source.id[0]
        message = catalog.get(source.id, context=source.context)
        if message is None:
            problems.append(Problem(language, label, "missing"))
        elif _untranslated(message):
            problems.append(Problem(language, label, "untranslated"))
        elif message.fuzzy:
            problems.append(Problem(language, label, "fuzzy"))
        else:
            for error in message.check(catalog):
                problems.append(Problem(language, label, f"wrong placeholders ({error})"))
    return problems


def check(template: Catalog | None = None) -> list[Problem]:
    """Everything that keeps the catalogs from translating the whole interface, and .mo files
    that do not match their .po."""
    template = template or extract()
    problems = []
    for language in languages():
        catalog = read_catalog(language)
        problems += problems_in(catalog, template, language)
        if not mo_path(language).exists():
            problems.append(Problem(language, str(mo_path(language)), "not compiled"))
            continue
        with mo_path(language).open("rb") as handle:
            compiled = read_mo(handle)
        expected = {
            _key(message): _strings(message)
            for message in catalog
            if message.id and not message.fuzzy and not _untranslated(message)
        }
        found = {_key(message): _strings(message) for message in compiled if message.id}
        if expected != found:
            problems.append(Problem(language, str(mo_path(language)), "compiled from another .po"))
    return problems
