"""IPTC ninjs 2.1 (News in JSON) of a text, for newsroom systems that ingest wire formats.

`text_ninjs()` is the one builder: the public endpoint, webhooks and the API call it. The
document validates against IPTC's schema, shipped in `schemas/` (CC BY 4.0, see its README).
Where ninjs has no property of its own, the release's facts go in `altids` (roles
`release-number`, `hijri-date`, `gregorian-date`, `release-id`) and `descriptions` (roles
`dateline`, `hijri-date`), as docs/distribution.md describes.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.html import strip_tags

from communique.addresses import with_id
from communique.distribution.facts import text_facts
from communique.distribution.pdf import pdf_path
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, Text

NINJS_VERSION = "2.1"
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "ninjs-schema_2.1.json"
CONTENT_TYPE = "application/json; charset=utf-8"


@lru_cache(maxsize=1)
def schema() -> dict:
    """IPTC's ninjs 2.1 JSON schema, as shipped with the app."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def ninjs_path(release_id: int, language: str) -> str:
    """The stable address of a text's ninjs (`/en/releases/12/ninjs.json`)."""
    return with_id("distribution:ninjs", release_id, language=language)


def _contactinfo(office) -> list[dict]:
    found = []
    if office.address:
        lines = [line.strip() for line in office.address.splitlines() if line.strip()]
        found.append({"type": "address", "role": "office", "address": {"lines": lines}})
    if office.phone:
        found.append({"type": "phone", "role": "office", "value": office.phone})
    if office.email:
        found.append({"type": "email", "role": "office", "value": office.email})
    if office.website:
        found.append({"type": "web", "role": "office", "value": office.website})
    return found


def _embargo(text: Text):
    """Until when the text is embargoed, for a text not yet public (advance copies)."""
    if text.status == Text.Status.SCHEDULED:
        return text.scheduled_for
    if text.published_at and text.published_at > timezone.now():
        return text.published_at
    return None


def _pictures(text: Text, base_url: str) -> list[dict]:
    associations = []
    for index, picture in enumerate(text.release.images.all(), start=1):
        association = {
            "name": f"picture-{index}",
            "uri": base_url + picture.image.url,
            "type": "picture",
            "renditions": [
                {
                    "name": "original",
                    "href": base_url + picture.image.url,
                    **({"width": picture.width, "height": picture.height} if picture.width else {}),
                }
            ],
        }
        if alt := pick(picture.alt, text.language):
            association["descriptions"] = [{"role": "alt", "value": alt}]
        if caption := pick(picture.caption, text.language):
            association["headlines"] = [{"role": "caption", "value": caption}]
        associations.append(association)
    return associations


def text_ninjs(text: Text, *, base_url: str, organisation: Organisation | None = None) -> dict:
    """A text as a ninjs 2.1 document. `base_url` is the site's address (`https://…`).

    Give it a text from `distribution.selectors.text_for_channel()` (one query per relation
    otherwise). A withdrawn text says `pubstatus: canceled` and carries no body.
    """
    base_url = base_url.rstrip("/")
    organisation = organisation or Organisation.current()
    facts = text_facts(text, base_url=base_url, languages=organisation.enabled_languages)
    release = text.release
    office = release.office
    withdrawn = text.status == Text.Status.WITHDRAWN
    published = text.published_at or timezone.now()
    document = {
        "uri": base_url + ninjs_path(release.pk, text.language),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": SCHEMA_URI},
        "type": "text",
        "representationtype": "full",
        "profile": "communique-release",
        "version": str(text.version),
        "firstcreated": (release.first_published_at or published).isoformat(),
        "versioncreated": max(facts.updated_at, text.withdrawn_at or facts.updated_at).isoformat(),
        "pubstatus": "canceled" if withdrawn else "usable",
        "language": text.language,
        "copyrightholder": pick(organisation.name, text.language, organisation.default_language),
        "by": facts.signature or facts.office_name,
        "headlines": [{"role": "main", "value": text.title}]
        + ([{"role": "sub", "value": text.subtitle}] if text.subtitle else []),
        "descriptions": [
            {"role": "dateline", "value": facts.dateline},
            {"role": "hijri-date", "value": facts.hijri},
        ],
        "altids": [
            {"role": "release-id", "value": str(release.pk)},
            {"role": "hijri-date", "value": facts.hijri_iso},
            {"role": "gregorian-date", "value": facts.issue_date.isoformat()},
        ]
        + ([{"role": "release-number", "value": facts.number}] if facts.number else []),
        "genres": [{"name": facts.kind, "literal": release.kind}],
        "subjects": [
            {"name": name, "uri": url, "literal": category.slug, "rel": category.kind}
            for (name, url), category in zip(
                facts.categories, release.categories.all(), strict=True
            )
        ],
        "organisations": [
            {
                "name": facts.office_name,
                "rel": "issuer",
                "uri": facts.office_url,
                "literal": office.slug,
                "contactinfo": _contactinfo(office),
            }
        ],
        "renditions": [
            {"name": "html", "href": facts.url, "contenttype": "text/html"},
            {
                "name": "pdf",
                "title": "PDF",
                "href": base_url + pdf_path(release.pk, text.language),
                "contenttype": "application/pdf",
            },
        ],
        "associations": _pictures(text, base_url)
        + [
            {
                "name": f"translation-{sibling.language}",
                "uri": base_url + ninjs_path(release.pk, sibling.language),
                "type": "text",
                "language": sibling.language,
                "headlines": [{"role": "main", "value": sibling.title}],
                "renditions": [{"name": "html", "href": sibling.url, "contenttype": "text/html"}],
            }
            for sibling in facts.translations
        ],
    }
    if embargo := _embargo(text):
        document["embargoed"] = embargo.isoformat()
    if not withdrawn:
        plain = strip_tags(text.body_html)
        document["bodies"] = [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": text.body_html,
                "charcount": len(plain),
                "wordcount": len(plain.split()),
            }
        ]
    return document
