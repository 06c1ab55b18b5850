"""The read API: offices, categories, releases and texts, through the public gate only."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from ninja import Field, Path, Query, Schema

from communique.api import conf, cursors, representations, schemas, selectors
from communique.api.auth import OptionalToken
from communique.api.formats import FORMATS, TextFormat
from communique.api.site import READ_ERRORS, api

reads = {"auth": OptionalToken(), "tags": ["read"]}
LINES_LANGUAGE = Query(
    None, description="Language of the date lines (default: `language`, else English)."
)


def _errors(ok_schema) -> dict:
    return {200: ok_schema, **{code: schemas.Error for code in READ_ERRORS}}


class ListParams(Schema):
    office: schemas.Slug | None = Field(None, description="An office's slug.")
    language: schemas.Language | None = None
    category: schemas.Slug | None = Field(
        None, description="A category's slug; its subcategories are included."
    )
    kind: schemas.Kind | None = None
    hijri_year: int | None = Field(None, ge=1343, le=1500, description="The issue date's year.")
    issued_from: schemas.IsoDate | None = Field(None, description="Issue date, Gregorian, from.")
    issued_to: schemas.IsoDate | None = Field(None, description="Issue date, Gregorian, until.")
    published_since: schemas.IsoDateTime | None = Field(
        None, description="Published at or after (ISO 8601; UTC unless a zone is given)."
    )
    cursor: str | None = Field(None, max_length=2000, description="`next_cursor` of a page.")
    limit: int | None = Field(None, ge=1, le=100, description="Items per page (default 20).")

    def filters(self) -> selectors.Filters:
        return selectors.Filters(
            office=self.office,
            language=self.language,
            category=self.category,
            kind=self.kind,
            hijri_year=self.hijri_year,
            issued_from=self.issued_from,
            issued_to=self.issued_to,
            published_since=self.published_since,
        )


def _page(rows, *, listing: str, cursor: str | None, limit: int, key):
    """Keyset pagination on (a field, pk), both descending; key(row) -> [value, pk]."""
    field, parse = key
    if cursor:
        value, pk = cursors.decode(listing, cursor)
        try:
            value, pk = parse(value), int(pk)
        except (TypeError, ValueError) as error:
            raise cursors.BadCursor(str(error)) from error
        rows = rows.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk}))
    found = list(rows[: limit + 1])
    page, more = found[:limit], len(found) > limit
    next_cursor = None
    if more:
        last = page[-1]
        next_cursor = cursors.encode(listing, [_attr(last, field).isoformat(), last.pk])
    return page, next_cursor


def _attr(row, field: str):
    for part in field.split("__"):
        row = getattr(row, part)
    return row


@api.get("/offices", response=_errors(list[schemas.Office]), url_name="offices", **reads)
def list_offices(request):
    """Every office (a short list: not paginated)."""
    return [representations.office(office) for office in selectors.offices()]


@api.get("/offices/{slug}", response=_errors(schemas.Office), url_name="office", **reads)
def get_office(request, slug: schemas.Slug):
    office = selectors.offices().filter(slug=slug).first()
    if office is None:
        raise Http404
    return representations.office(office)


@api.get("/categories", response=_errors(list[schemas.Category]), url_name="categories", **reads)
def list_categories(request):
    """Every category, regions and topics (not paginated)."""
    return [representations.category(category) for category in selectors.categories()]


@api.get("/releases", response=_errors(schemas.ReleasePage), url_name="releases", **reads)
def list_releases(
    request,
    params: Query[ListParams],
    lang: schemas.Language | None = LINES_LANGUAGE,
):
    """Releases readers can read in at least one language, newest issue date first."""
    page, next_cursor = _page(
        selectors.releases(params.filters()),
        listing="releases",
        cursor=params.cursor,
        limit=params.limit or conf.page_size(),
        key=("issue_date", cursors.parse_date),
    )
    language = lang or params.language or settings.LANGUAGE_CODE
    return {
        "items": [representations.release(request, release, language) for release in page],
        "next_cursor": next_cursor,
    }


@api.get(
    "/releases/{release_id}", response=_errors(schemas.ReleaseOut), url_name="release", **reads
)
def get_release(
    request,
    release_id: int = Path(..., ge=1, le=2**63 - 1),
    lang: schemas.Language | None = LINES_LANGUAGE,
):
    release = selectors.releases().filter(pk=release_id).first()
    if release is None:
        raise Http404
    return representations.release(request, release, lang or settings.LANGUAGE_CODE)


@api.get("/texts", response=_errors(schemas.TextPage), url_name="texts", **reads)
def list_texts(request, params: Query[ListParams]):
    """Public texts, newest publication first; withdrawn ones are included and marked."""
    page, next_cursor = _page(
        selectors.texts(params.filters()),
        listing="texts",
        cursor=params.cursor,
        limit=params.limit or conf.page_size(),
        key=("published_at", cursors.parse_datetime),
    )
    return {
        "items": [representations.text(request, text) for text in page],
        "next_cursor": next_cursor,
    }


def _public_text(text_id: int):
    text = selectors.texts().filter(pk=text_id).first()
    if text is None:
        raise Http404
    return text


@api.get("/texts/{text_id}", response=_errors(schemas.Text), url_name="text", **reads)
def get_text(request, text_id: int = Path(..., ge=1, le=2**63 - 1)):
    return representations.text(request, _public_text(text_id))


def _format_operation(text_format: TextFormat):
    def view(request, text_id: int = Path(..., ge=1, le=2**63 - 1)):
        return text_format.document(request, _public_text(text_id))

    view.__name__ = f"get_text_{text_format.name}"
    view.__doc__ = text_format.description
    return view


# The place where other documents of a text (ninjs first) join the API: see formats.py.
for _format in FORMATS:
    api.get(
        f"/texts/{{text_id}}/{_format.name}",
        response=_errors(dict),
        url_name=f"text-{_format.name}",
        **reads,
    )(_format_operation(_format))

# Search will add `GET /search` here, reading through the search app's own selector (which
# narrows to public texts the same way) and answering with schemas.TextPage.
