"""What every channel says about a public text, worked out once: number, both dates, office,
categories, the other language versions, and when it was last corrected.

Feeds, sitemaps, cards, ninjs and the PDF each lay these facts out in their own format.
"""

import datetime
from dataclasses import dataclass

from django.utils import translation

from communique import calendar
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Organisation, Text
from communique.newsroom.selectors import public


@dataclass(frozen=True)
class Translation:
    language: str
    url: str
    title: str
    is_original: bool


@dataclass(frozen=True)
class TextFacts:
    text: Text
    url: str
    language: str
    title: str
    number: str
    issue_date: datetime.date
    hijri_iso: str  # 1445-04-20
    hijri: str  # 20 Rabi' II 1445, in the text's language
    hijri_line: str  # H. 20 Rabi' II 1445
    gregorian_line: str  # M. Saturday, 04 November 2023
    kind: str
    office_name: str
    office_url: str
    signature: str
    categories: list[tuple[str, str]]  # (name, absolute url)
    translations: list[Translation]  # the other public language versions
    published_at: datetime.datetime
    updated_at: datetime.datetime  # the last correction, else the publication
    withdrawn: bool

    @property
    def dateline(self) -> str:
        """`H. 20 Rabi' II 1445 · No: 1445 / 03 · M. Saturday, 04 November 2023`."""
        with translation.override(self.language):
            number = translation.gettext("No:") + " " + self.number if self.number else ""
        return " · ".join(part for part in (self.hijri_line, number, self.gregorian_line) if part)

    @property
    def original(self) -> Translation | None:
        return next((sibling for sibling in self.translations if sibling.is_original), None)


def last_corrected_at(text: Text) -> datetime.datetime | None:
    if hasattr(text, "last_corrected_at"):
        return text.last_corrected_at
    return max((correction.made_at for correction in text.corrections.all()), default=None)


def text_facts(text: Text, *, base_url: str, languages: list[str] | None = None) -> TextFacts:
    """The facts of a public text; `base_url` is the site's address (`https://example.org`).

    `text` comes from a distribution selector (its release's office, categories and
    `published_siblings` loaded); `languages` are the enabled ones (the organisation's).
    """
    base_url = base_url.rstrip("/")
    language = text.language
    languages = languages or Organisation.current().enabled_languages
    release = text.release
    office = release.office
    hijri = release.hijri_date
    siblings = getattr(release, "published_siblings", None)
    if siblings is None:
        # Through the gate: a sibling published with a time still ahead is not public yet.
        siblings = list(public(release.texts.all()))
    with translation.override(language):
        categories = [
            (pick(category.name, language), base_url + category.get_absolute_url())
            for category in release.categories.all()
        ]
        office_url = base_url + office.get_absolute_url()
        kind = str(release.get_kind_display())
    corrected = last_corrected_at(text)
    return TextFacts(
        text=text,
        url=base_url + text.get_absolute_url(),
        language=language,
        title=text.title,
        number=release.number or "",
        issue_date=release.issue_date,
        hijri_iso=f"{hijri.year:04d}-{hijri.month:02d}-{hijri.day:02d}",
        hijri=calendar.format_hijri(hijri, language),
        hijri_line=calendar.hijri_line(release.issue_date, language, calendar=office.calendar),
        gregorian_line=calendar.gregorian_line(release.issue_date, language),
        kind=kind,
        office_name=pick(office.name, language),
        office_url=office_url,
        signature=pick(office.signature, language),
        categories=categories,
        translations=[
            Translation(
                sibling.language,
                base_url + sibling.get_absolute_url(),
                sibling.title,
                sibling.is_original,
            )
            for sibling in siblings
            if sibling.pk != text.pk
            and sibling.language in languages
            and sibling.status == Text.Status.PUBLISHED
        ],
        published_at=text.published_at,
        updated_at=max(filter(None, (text.published_at, corrected)), default=text.updated_at),
        withdrawn=text.status == Text.Status.WITHDRAWN,
    )
