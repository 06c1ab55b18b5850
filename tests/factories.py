"""Small factory functions for tests: real objects, made through the services."""

import datetime
import itertools

from django.utils import timezone
from django.utils.text import slugify

from communique import calendar
from communique.newsroom import services
from communique.newsroom.body import render_body
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


def bulk_published_releases(
    office: Office,
    count: int,
    *,
    translations: dict[str, int] | None = None,
    title: str = "Bulk release",
) -> list[Release]:
    """`count` releases published in English at once, in a handful of queries (for sizes).

    `translations` maps a language to a step: every step-th release also gets a published
    text in that language (`{"ar": 2}`: every other release in Arabic). No numbers are given.
    """
    now = timezone.now()
    hijri = calendar.to_hijri(datetime.date(2023, 11, 4), office.calendar)
    releases = Release.objects.bulk_create(
        Release(
            office=office,
            issue_date=datetime.date(2023, 11, 4),
            hijri_year=hijri.year,
            hijri_month=hijri.month,
            hijri_day=hijri.day,
            first_published_at=now,
        )
        for _ in range(count)
    )
    body = "Clean water reached three villages this week."
    texts = []
    for index, release in enumerate(releases):
        published_at = now - datetime.timedelta(seconds=count - index)
        for language, step in {"en": 1, **(translations or {})}.items():
            if index % step:
                continue
            name = f"{title} {index} {language}"
            texts.append(
                Text(
                    release=release,
                    language=language,
                    is_original=language == "en",
                    title=name,
                    slug=slugify(name),
                    body=body,
                    body_html=render_body(body),
                    status=Text.Status.PUBLISHED,
                    published_at=published_at,
                )
            )
    Text.objects.bulk_create(texts, batch_size=500)
    return releases
