"""What the release page's comment include needs: the section's data and plain-text filters."""

import re
import zoneinfo

from django.urls import reverse
from django.utils import timezone, translation
from markupsafe import Markup, escape

from communique import calendar
from communique.comments import abuse, conf, selectors
from communique.comments.forms import CommentForm

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def comment_section(request, text, *, form=None, refusal=None) -> dict:
    """The approved comments of a text and its comment form, in two queries."""
    is_open = selectors.comments_open(text)
    with translation.override(text.language):
        action = reverse("comments:post", kwargs={"pk": text.release_id})
    return {
        "text": text,
        "office": text.release.office,
        "comments": list(selectors.approved_comments(text)),
        "open": is_open,
        "form": form if form is not None else CommentForm(),
        "token": abuse.form_token(text) if is_open else "",
        "honeypot": abuse.HONEYPOT_FIELD,
        "max_length": conf.max_length(),
        "action": action,
        "received": request is not None and request.GET.get("comment") == "received",
        "refusal": refusal,
    }


def comment_paragraphs(value: str) -> Markup:
    """Plain text as paragraphs and line breaks; everything the reader typed is escaped."""
    paragraphs = PARAGRAPH_BREAK.split(str(value).strip())
    return Markup("\n").join(
        Markup("<p>%s</p>") % Markup("<br>\n").join(escape(line) for line in paragraph.split("\n"))
        for paragraph in paragraphs
        if paragraph.strip()
    )


def comment_website(value: str) -> str:
    """A reader's website for a link's href, or nothing unless it is an http(s) address."""
    value = str(value or "")
    return value if value.lower().startswith(("https://", "http://")) else ""


def comment_date(moment, office=None, language=None) -> str:
    """`20 Rabi' II 1445 · 04/11/2023`: the day in the office's time zone and calendar."""
    language = language or translation.get_language()
    zone = zoneinfo.ZoneInfo(office.time_zone) if office is not None else timezone.get_default_timezone()
    day = moment.astimezone(zone).date()
    hijri_calendar = office.calendar if office is not None else calendar.UMM_AL_QURA
    hijri = calendar.to_hijri(day, hijri_calendar)
    return f"{calendar.format_hijri(hijri, language)} · {day:%d/%m/%Y}"


GLOBALS = {"comment_section": comment_section}
FILTERS = {
    "comment_paragraphs": comment_paragraphs,
    "comment_website": comment_website,
    "comment_date": comment_date,
}
