"""Irreversible actions ask first: what a first publication or a withdrawal will do, exactly.

A plan lists, release by release, the texts the person may act on (by the role rule table,
as the services will check) and, for a first publication, the number that will be given
(`newsroom.selectors.numbers_to_be_given`, which allocates nothing). The confirmation page
shows the plan; only its "Yes" runs the services. Django's `delete_selected` is the pattern.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communique.editorial import selectors, services
from communique.editorial.admin import workflow
from communique.newsroom import selectors as newsroom_selectors
from communique.newsroom.models import Release, Text

#: The value of the hidden field that says "the person confirmed" (as `delete_selected`'s).
logger = logging.getLogger(__name__)
CONFIRMED = "yes"


@dataclass
class Step:
    """One release of a plan: the texts it touches and its number, new or kept."""

    release: Release
    texts: list[Text] = field(default_factory=list)
    new_number: str | None = None

    @property
    def languages(self) -> list[tuple[Text, str]]:
        names = dict(settings.LANGUAGES)
        return [(text, str(names.get(text.language, text.language))) for text in self.texts]


def _ordered(releases) -> list[Release]:
    # Oldest first: the order in which the numbers will be given, on the page and for real.
    return sorted(releases, key=lambda release: (release.issue_date, release.pk))


def _steps(user, action: str, releases, texts) -> list[Step]:
    """The releases, oldest first, each with the texts of it that this person may `action`."""
    steps = []
    for release in _ordered(releases):
        candidates = texts if texts is not None else release.texts.all()
        mine = [
            text
            for text in candidates
            if text.release_id == release.pk and selectors.can(user, action, text)
        ]
        if mine:
            steps.append(Step(release=release, texts=mine))
    return steps


def publication_plan(user, releases, *, texts=None) -> list[Step]:
    """What publishing `releases` (or only `texts`) will do for this person; nothing is written."""
    steps = _steps(user, "publish", releases, texts)
    numbers = newsroom_selectors.numbers_to_be_given([step.release for step in steps])
    for step in steps:
        step.new_number = numbers.get(step.release.pk)
    return steps


def withdrawal_plan(user, releases, *, texts=None) -> list[Step]:
    """What withdrawing `releases` (or only `texts`) will do for this person."""
    return _steps(user, "withdraw", releases, texts)


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("post") == CONFIRMED


def texts_in(plan: list[Step]) -> list[Text]:
    return [text for step in plan for text in step.texts]


def render(
    request,
    admin_site,
    opts,
    *,
    kind: str,
    plan: list[Step],
    cancel_url: str,
    hidden=(),
    reason: str | None = None,
) -> TemplateResponse:
    """The confirmation page for `kind` ("publish" or "withdraw")."""
    count = len(texts_in(plan))
    if kind == "publish":
        title = _("Publish these texts?") if count > 1 else _("Publish this text?")
        submit = _("Yes, publish")
        warnings = [
            _("Readers will see the texts at once, on every page, feed and channel."),
        ]
        if any(step.new_number for step in plan):
            warnings.append(
                _(
                    "A first publication gives the release its number for good: it is never "
                    "given again, even if the release is withdrawn."
                )
            )
    else:
        title = _("Withdraw these texts?") if count > 1 else _("Withdraw this text?")
        submit = _("Yes, withdraw")
        warnings = [
            _("A withdrawal cannot be undone."),
            _(
                "Each page stays at its address and says that the text was withdrawn, and when; "
                "the release's number stays used and is never given again."
            ),
        ]
    context = {
        **admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "kind": kind,
        "plan": plan,
        "warnings": warnings,
        "submit_label": submit,
        "cancel_url": cancel_url,
        "hidden": list(hidden),
        "confirmed": CONFIRMED,
        "ask_reason": kind == "withdraw",
        "reason": reason or "",
    }
    return TemplateResponse(request, "editorial/admin/confirm.html", context)


def carry_out(
    user, kind: str, plan: list[Step], *, reason: str = ""
) -> tuple[list[Text], list[str]]:
    """Run the confirmed plan through the services: what was done, and what was refused."""
    done, refused = [], []
    for text in texts_in(plan):
        try:
            if kind == "publish":
                done.append(services.text_publish(text, by=user))
            else:
                done.append(services.text_withdraw(text, by=user, reason=reason))
        except ValidationError as refusal:
            # Someone acted first since the page was shown: say who, and go on with the rest.
            text.refresh_from_db()
            refused.append(f"“{text.title}”: {workflow.refusal_message(refusal, text)}")
        except PermissionDenied as refusal:
            refused.append(f"“{text.title}”: {refusal}")
        except (IntegrityError, OperationalError):
            # A simultaneous write held the rows (a lock wait ran out, SQLite was busy): this
            # text's change was rolled back with its savepoint; say so, go on with the rest.
            logger.warning("Simultaneous write refused for text %s", text.pk, exc_info=True)
            last = workflow.last_change(selectors.audit_for("text", text.pk).first())
            refused.append(f"“{text.title}”: {workflow.busy_message(last)}")
    return done, refused


def report(modeladmin, request, kind: str, done: list[Text], refused: list[str]) -> None:
    """Say what happened: never a success for nothing."""
    if done and kind == "publish":
        numbers = sorted({text.release.number for text in done if text.release.number})
        message = ngettext(
            "Published %(count)d text. Number: %(numbers)s.",
            "Published %(count)d texts. Numbers: %(numbers)s.",
            len(done),
        ) % {"count": len(done), "numbers": ", ".join(numbers)}
        modeladmin.message_user(request, message, messages.SUCCESS)
    elif done:
        message = ngettext(
            "Withdrew %(count)d text. Its page says so; its number stays used.",
            "Withdrew %(count)d texts. Their pages say so; their numbers stay used.",
            len(done),
        ) % {"count": len(done)}
        modeladmin.message_user(request, message, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(
            request, _("Not done: %(reason)s") % {"reason": line}, messages.ERROR
        )
    if not done and not refused:
        nothing_to_do(modeladmin, request, kind)


def nothing_to_do(modeladmin, request, kind: str) -> None:
    if kind == "publish":
        message = _(
            "Nothing was published: the selected releases have no text that you may publish "
            "(they are published already, or not yours to publish)."
        )
    else:
        message = _(
            "Nothing was withdrawn: the selected releases have no published text that you "
            "may withdraw."
        )
    modeladmin.message_user(request, message, messages.WARNING)
