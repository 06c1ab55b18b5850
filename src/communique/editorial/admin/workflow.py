"""The text form's workflow buttons: which service each one calls and what it then says.

A withdrawal and a first publication go to their confirmation page first
(`confirmation_url`, `confirmations.py`).

A button is a function `(text, request) -> message`; the text admin looks up the button
that was pressed and shows its message, or the refusal the service raised.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from communique.editorial import selectors, services
from communique.newsroom.models import Release, Text

Button = Callable[[Text, object], str]


def _submit(text: Text, request) -> str:
    services.text_submit(text, by=request.user)
    return _("Sent for review.")


def _return(text: Text, request) -> str:
    services.text_return(text, by=request.user)
    return _("Returned to draft.")


def _schedule(text: Text, request) -> str:
    at = request.editorial_publish_at  # checked by TextForm: in the future, office time
    services.text_schedule(text, by=request.user, at=at)
    return _(
        "Scheduled. It will be published at %(time)s (%(zone)s), and is invisible until then."
    ) % {"time": f"{at:%Y-%m-%d %H:%M}", "zone": text.release.office.time_zone}


def _publish(text: Text, request) -> str:
    published = services.text_publish(text, by=request.user)
    return _("Published. The release's number is %(number)s.") % {
        "number": published.release.number
    }


def _withdraw(text: Text, request) -> str:
    services.text_withdraw(text, by=request.user, reason=request.POST.get("withdraw_reason", ""))
    return _("Withdrawn. Its page now says so; the number stays used.")


#: The submit button's name in the form -> what it does.
BUTTONS: dict[str, Button] = {
    "_submit": _submit,
    "_return": _return,
    "_schedule": _schedule,
    "_publish": _publish,
    "_withdraw": _withdraw,
}


def confirmation_url(request, text: Text) -> str | None:
    """Where an irreversible button asks first: a withdrawal, or a first publication."""
    if "_withdraw" in request.POST and selectors.can(request.user, "withdraw", text):
        query = urlencode({"reason": request.POST.get("withdraw_reason", "")})
        return reverse("admin:newsroom_text_withdraw", args=[text.pk]) + "?" + query
    if (
        "_publish" in request.POST
        and text.release.number_seq is None
        and selectors.can(request.user, "publish", text)
    ):
        return reverse("admin:newsroom_text_publish", args=[text.pk])
    return None


def pressed(request) -> Button | None:
    """The workflow button of this POST, if one was pressed."""
    return next((button for name, button in BUTTONS.items() if name in request.POST), None)


def last_change(entry) -> str:
    """`Last change: published by uz-head at 2024-07-24 11:05 (UTC).`, or nothing."""
    if entry is None:
        return ""
    return _("Last change: %(action)s by %(who)s at %(time)s (UTC).") % {
        "action": entry.get_action_display(),
        "who": entry.actor_name,
        "time": f"{entry.at:%Y-%m-%d %H:%M}",
    }


def refusal_message(refusal: ValidationError, text: Text) -> str:
    """What the person is told when a service refused (a stale tab, or someone was faster)."""
    reason = " ".join(refusal.messages)
    message = _("Nothing was changed: %(reason)s The text is now “%(status)s”.") % {
        "reason": reason,
        "status": text.get_status_display(),
    }
    return f"{message} {last_change(selectors.audit_for('text', text.pk).first())}".strip()


def release_refusal_message(reason: str, release: Release) -> str:
    """The release form's and the bulk action's counterpart of `refusal_message`."""
    message = _("Nothing was published of “%(release)s”: %(reason)s") % {
        "release": release,
        "reason": reason,
    }
    return f"{message} {last_change(selectors.release_texts_audit(release).first())}".strip()


def busy_message(last: str = "") -> str:
    """What a person is told when another write held the database (or the same rows) too."""
    message = _(
        "Someone else was changing this at the same moment, so nothing was changed. "
        "This is the page as it is now: check it and try again."
    )
    return f"{message} {last}".strip()
