"""The shapes the API reads and writes, as its OpenAPI document states them."""

import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StringConstraints

from communique.newsroom.models import Release

Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # type: ignore[valid-type]
Kind = Literal[tuple(Release.Kind.values)]  # type: ignore[valid-type]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=50)]


def _iso(parse):
    # Pydantic alone also takes numbers as Unix times ("0.5" is a date): only ISO 8601 here.
    def check(value):
        if isinstance(value, str):
            return parse(value)
        if isinstance(value, datetime.date):
            return value
        raise ValueError("use ISO 8601, e.g. 2024-07-24 or 2024-07-24T09:00:00+03:00")

    return BeforeValidator(check)


def _moment(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError as error:  # 0001-01-01T00:00+14:00 is before year 1 in UTC
        raise ValueError("the time is outside the years 1-9999 in UTC") from error


IsoDate = Annotated[datetime.date, _iso(datetime.date.fromisoformat)]
IsoDateTime = Annotated[datetime.datetime, _iso(_moment)]


def _no_control_characters(value: str) -> str:
    # NUL cannot be stored (PostgreSQL refuses it) and other C0 controls are never meant.
    if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        raise ValueError("control characters are not allowed")
    return value


def Plain(max_length: int, min_length: int = 0):  # noqa: N802 - reads as a type
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_no_control_characters),
    ]


class Schema(BaseModel):
    """Plain pydantic models: the API hands them dicts, so django-ninja's Schema (which reads
    attributes off ORM objects) would only slow a page of 50 texts down."""


class Error(Schema):
    message: str = Field(description="What went wrong, in words a person can act on.")
    detail: Any = Field(None, description="Per-field problems, when there are some.")


# --- reading ------------------------------------------------------------------------------


class HijriDate(Schema):
    year: int
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    month_name: str
    text: str = Field(description="The Hijri date alone: 20 Rabi' II 1445.")


class DualDate(Schema):
    """One day in both calendars, with the lines a release page prints."""

    gregorian: datetime.date
    hijri: HijriDate = Field(description="Umm al-Qura with the office's month-start overrides.")
    hijri_line: str = Field(description="H. 20 Rabi' II 1445")
    gregorian_line: str = Field(description="M. Saturday, 04 November 2023")
    language: Language = Field(description="The language of the lines and the month name.")


class OfficeRef(Schema):
    slug: str
    name: str


class Number(Schema):
    label: str = Field(description="As first printed, in the office's format: 1445 / 03.")
    hijri_year: int
    sequence: int


class TextLink(Schema):
    id: int
    language: Language
    title: str
    is_original: bool
    status: Literal["published", "withdrawn"]
    api_url: str
    page_url: str


class ReleaseRef(Schema):
    id: int
    kind: Kind
    office: OfficeRef
    number: Number | None
    issued: DualDate
    categories: list[str] = Field(description="Category slugs.")
    api_url: str


class Text(Schema):
    id: int
    language: Language
    is_original: bool
    title: str
    subtitle: str
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The body as readers see it, sanitised HTML.")
    status: Literal["published", "withdrawn"]
    withdrawn: bool
    published_at: datetime.datetime
    published: DualDate = Field(description="The day of publication in the office's time zone.")
    withdrawn_at: datetime.datetime | None
    release: ReleaseRef
    original: TextLink | None = Field(description="For a translation: the original, if public.")
    translations: list[TextLink] = Field(description="The other public languages.")
    api_url: str
    page_url: str


class ReleaseOut(Schema):
    id: int
    kind: Kind
    office: OfficeRef
    number: Number | None
    issued: DualDate
    categories: list[str]
    first_published_at: datetime.datetime | None
    texts: list[TextLink]
    api_url: str


class Office(Schema):
    id: int
    slug: str
    parent: str | None = Field(description="The parent office's slug.")
    name: dict[str, str] = Field(description="Per language code.")
    signature: dict[str, str]
    address: str
    website: str
    phone: str
    email: str
    time_zone: str


class Category(Schema):
    id: int
    slug: str
    kind: Literal["region", "topic"]
    parent: str | None
    name: dict[str, str]


class TextPage(Schema):
    items: list[Text]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class ReleasePage(Schema):
    items: list[ReleaseOut]
    next_cursor: str | None


# --- writing ------------------------------------------------------------------------------


class ReleaseIn(Schema):
    office: Slug
    kind: Kind = Release.Kind.PRESS_RELEASE.value
    issue_date: IsoDate = Field(description="Gregorian; the Hijri date follows from it.")
    language: Language = Field(description="The original's language.")
    title: Plain(300, 1)
    subtitle: Plain(300) = ""
    body: Plain(200_000, 1) = Field(description="Markdown; raw HTML is not allowed.")
    categories: list[Slug] = Field(default_factory=list, max_length=50)


class TextIn(Schema):
    language: Language
    title: Plain(300, 1)
    subtitle: Plain(300) = ""
    body: Plain(200_000, 1)


class TextEdit(Schema):
    title: Plain(300, 1)
    subtitle: Plain(300) = ""
    body: Plain(200_000, 1)
    version: int = Field(
        ge=1, le=2**31 - 1, description="The version you edited: a newer one answers 409."
    )
    correction_note: Plain(2000) = Field(
        "", description="Required when the text is published: readers see it."
    )


class Draft(Schema):
    """A text as its writer sees it, whatever its state."""

    id: int
    release_id: int
    language: Language
    is_original: bool
    title: str
    status: Literal["draft", "in_review", "scheduled", "published", "withdrawn"]
    version: int
    published_at: datetime.datetime | None


class ReleaseDraft(Schema):
    id: int
    office: str
    kind: Kind
    issue_date: datetime.date
    number: str | None
    texts: list[Draft]
