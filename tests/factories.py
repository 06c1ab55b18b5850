"""Small factory functions for tests: real objects, made through the services."""

import datetime
import itertools

from communique.newsroom import services
from communique.newsroom.models import Category, Office, Organisation, Release, Text

_counter = itertools.count(1)


def make_organisation(**fields) -> Organisation:
    defaults = {
        "name": {"en": "Wellspring Relief Network", "ar": "شبكة الينابيع للإغاثة"},
        "languages": ["ar", "en", "ru", "uz"],
        "clock_label": {"en": "Makkah time", "ar": "بتوقيت مكة المكرمة"},
    }
    organisation = Organisation(**{**defaults, **fields})
    organisation.save()
    return organisation


def make_office(slug: str | None = None, **fields) -> Office:
    slug = slug or f"office-{next(_counter)}"
    defaults = {
        "name": {"en": f"Office {slug}", "ar": f"مكتب {slug}"},
        "signature": {"en": f"Press Office of the Network in {slug}"},
        "email": f"press@{slug}.example.org",
        "phone": "+998 71 000 00 00",
        "address": "12 Example Street",
        "website": "https://example.org",
    }
    office = Office(slug=slug, **{**defaults, **fields})
    office.full_clean()
    office.save()
    return office


def make_category(slug: str | None = None, **fields) -> Category:
    slug = slug or f"category-{next(_counter)}"
    category = Category(slug=slug, name=fields.pop("name", {"en": slug.title()}), **fields)
    category.save()
    return category


def make_release(
    office: Office | None = None,
    *,
    issue_date: datetime.date = datetime.date(2023, 11, 4),
    language: str = "en",
    title: str | None = None,
    body: str = "Clean water reached three villages this week.",
    kind: str = Release.Kind.PRESS_RELEASE,
    categories=(),
    publish: bool = False,
) -> Release:
    release = services.release_create(
        office=office or make_office(),
        issue_date=issue_date,
        language=language,
        title=title or f"Water project {next(_counter)} opens",
        body=body,
        kind=kind,
        categories=categories,
    )
    if publish:
        services.release_publish(release)
    return release


def make_text(
    release: Release, language: str, *, title: str | None = None, publish: bool = False
) -> Text:
    text = services.text_create(
        release=release,
        language=language,
        title=title or f"Translation {next(_counter)}",
        body="Translated body.",
    )
    if publish:
        services.text_publish(text)
    return text
