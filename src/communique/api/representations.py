"""Models into the API's documents (plain dicts, checked against the schemas on the way out)."""

import datetime
import zoneinfo

from django.utils import timezone

from communique import calendar
from communique.addresses import with_id
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Office, Release, Text


def dual_date(day: datetime.date, office: Office, language: str) -> dict:
    hijri = calendar.to_hijri(day, office.calendar)
    return {
        "gregorian": day,
        "hijri": {
            "year": hijri.year,
            "month": hijri.month,
            "day": hijri.day,
            "month_name": hijri.month_name(language),
            "text": calendar.format_hijri(hijri, language),
        },
        "hijri_line": calendar.hijri_line(day, language, calendar=office.calendar),
        "gregorian_line": calendar.gregorian_line(day, language),
        "language": language,
    }


def local_day(moment: datetime.datetime, office: Office) -> datetime.date:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(office.time_zone)).date()


def number(release: Release) -> dict | None:
    if release.number_seq is None:
        return None
    return {
        "label": release.number,
        "hijri_year": release.number_year,
        "sequence": release.number_seq,
    }


def office_ref(office: Office, language: str) -> dict:
    return {"slug": office.slug, "name": pick(office.name, language)}


def page_address(text: Text) -> str:
    """The text's page (a list of 50 texts links some 200: `release_path` fills in a pattern
    reversed once per language)."""
    return text.get_absolute_url()


def api_address(name: str, pk: int) -> str:
    key = "text_id" if name == "api:text" else "release_id"
    return with_id(name, pk, key=key)


def text_link(request, text: Text) -> dict:
    return {
        "id": text.pk,
        "language": text.language,
        "title": text.title,
        "is_original": text.is_original,
        "status": text.status,
        "api_url": request.build_absolute_uri(api_address("api:text", text.pk)),
        "page_url": request.build_absolute_uri(page_address(text)),
    }


def release_ref(request, release: Release, language: str) -> dict:
    return {
        "id": release.pk,
        "kind": release.kind,
        "office": office_ref(release.office, language),
        "number": number(release),
        "issued": dual_date(release.issue_date, release.office, language),
        "categories": [category.slug for category in release.categories.all()],
        "api_url": request.build_absolute_uri(api_address("api:release", release.pk)),
    }


def text(request, text: Text) -> dict:
    """A public text with its release; expects texts from `api.selectors.texts()`."""
    release = text.release
    siblings = [other for other in release.public_texts if other.pk != text.pk]
    original = next((other for other in siblings if other.is_original), None)
    return {
        **text_link(request, text),
        "subtitle": text.subtitle,
        "body": text.body,
        "body_html": text.body_html,
        "withdrawn": text.status == Text.Status.WITHDRAWN,
        "published_at": text.published_at,
        "published": dual_date(
            local_day(text.published_at, release.office), release.office, text.language
        ),
        "withdrawn_at": text.withdrawn_at,
        "release": release_ref(request, release, text.language),
        "original": text_link(request, original) if original and text.is_translation else None,
        "translations": [text_link(request, other) for other in siblings],
    }


def release(request, release: Release, language: str) -> dict:
    """A release with its public texts; expects releases from `api.selectors.releases()`."""
    return {
        **release_ref(request, release, language),
        "first_published_at": release.first_published_at,
        "texts": [text_link(request, one) for one in release.public_texts],
    }


def office(office: Office) -> dict:
    return {
        "id": office.pk,
        "slug": office.slug,
        "parent": office.parent.slug if office.parent_id else None,
        "name": office.name or {},
        "signature": office.signature or {},
        "address": office.address,
        "website": office.website,
        "phone": office.phone,
        "email": office.email,
        "time_zone": office.time_zone,
    }


def category(category) -> dict:
    return {
        "id": category.pk,
        "slug": category.slug,
        "kind": category.kind,
        "parent": category.parent.slug if category.parent_id else None,
        "name": category.name or {},
    }


def draft(text: Text) -> dict:
    return {
        "id": text.pk,
        "release_id": text.release_id,
        "language": text.language,
        "is_original": text.is_original,
        "title": text.title,
        "status": text.status,
        "version": text.version,
        "published_at": text.published_at,
    }


def release_draft(release: Release) -> dict:
    return {
        "id": release.pk,
        "office": release.office.slug,
        "kind": release.kind,
        "issue_date": release.issue_date,
        "number": release.number,
        "texts": [draft(one) for one in release.texts.order_by("-is_original", "language")],
    }
