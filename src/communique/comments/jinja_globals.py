"""What the release page's comment include needs: the section's data and plain-text filters."""

import re
from functools import lru_cache

from django.utils.translation import get_language
from jinja2 import pass_context
from markupsafe import Markup, escape

from communique.addresses import with_id
from communique.comments import abuse, conf, selectors
from communique.comments.forms import CommentForm

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@lru_cache(maxsize=4)
def _blank_form(max_length: int) -> CommentForm:
    """The empty form, which templates only read: one per process (and length limit, a
    setting), rather than one made, its fields copied, on every release page."""
    return CommentForm()


FIELDS_TEMPLATE = "comments/_form_fields.html"


def _render_fields(environment, section: dict) -> Markup:
    return Markup(environment.get_template(FIELDS_TEMPLATE).render(section=section))  # noqa: S704  # nosec B704: an autoescaped template


@lru_cache(maxsize=32)
def _blank_fields(environment, language: str, max_length: int, honeypot: str) -> Markup:
    section = {"form": _blank_form(max_length), "max_length": max_length, "honeypot": honeypot}
    return _render_fields(environment, section)


@pass_context
def comment_form_fields(context, section: dict) -> Markup:
    """The form's fields. The process's blank form shows the same fields on every release
    page of a language (its labels, limits and trap, never a reader's value), so they are
    rendered once per process and language; any other form (what a reader typed, its
    errors) every time."""
    max_length = section["max_length"]
    if section["form"] is not _blank_form(max_length):
        return _render_fields(context.environment, section)
    return _blank_fields(context.environment, get_language(), max_length, section["honeypot"])


def comment_form(
    release_id: int, language: str, *, form=None, refusal=None, token: str = ""
) -> dict:
    """What the form include needs: the form (bound or not), where it posts, and where its
    script fetches the reader's own token (`token`: one already made, on uncached pages)."""
    action = with_id("comments:post", release_id, language=language)
    token_url = with_id("comments:token", release_id, language=language)
    return {
        "form": form if form is not None else _blank_form(conf.max_length()),
        "token": token,
        "token_url": token_url,
        "honeypot": abuse.HONEYPOT_FIELD,
        "max_length": conf.max_length(),
        "action": action,
        "refusal": refusal,
    }


def comment_section(
    request, text, *, form=None, is_open=None, with_comments=True, token_for: str | None = None
) -> dict:
    """The approved comments of a text and its comment form, in two queries.

    The comment view, which knows that comments are open and shows a form with errors alone,
    passes `is_open` and `with_comments=False` and so spends no query here. The release page
    is cached and shared, so its form carries no token (its script fetches one); the comments
    page is not, and passes `token_for` (the reader's address hash) to print one.
    """
    if is_open is None:
        is_open = selectors.comments_open(text)
    section = {
        "text": text,
        "office": text.release.office,
        "comments": selectors.approved_comments(text) if with_comments else [],
        "with_comments": with_comments,
        "open": is_open,
        "received": request is not None and request.GET.get("comment") == "received",
    }
    if is_open:
        section.update(comment_form(text.release_id, text.language, form=form))
        if token_for is not None:  # an uncached page: the token is printed, script or not
            section["token"] = abuse.form_token(
                release_id=text.release_id, language=text.language, address=token_for
            )
    return section


def comment_paragraphs(value: str) -> Markup:
    """Plain text as paragraphs and line breaks; everything the reader typed is escaped."""
    paragraphs = PARAGRAPH_BREAK.split(str(value).strip())
    return Markup("\n").join(
        Markup("<p>%s</p>") % Markup("<br>").join(escape(line) for line in paragraph.split("\n"))
        for paragraph in paragraphs
        if paragraph.strip()
    )


def comment_website(value: str) -> str:
    """A reader's website for a link's href, or nothing unless it is an http(s) address."""
    value = str(value or "")
    return value if value.lower().startswith(("https://", "http://")) else ""


GLOBALS = {"comment_section": comment_section, "comment_form_fields": comment_form_fields}
FILTERS = {
    "comment_paragraphs": comment_paragraphs,
    "comment_website": comment_website,
}
