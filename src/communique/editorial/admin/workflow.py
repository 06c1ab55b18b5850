"""The text form's workflow buttons: which service each one calls and what it then says.

A button is a function `(text, request) -> message`; the text admin looks up the button
that was pressed and shows its message, or the refusal the service raised.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communique.editorial import selectors, services
from communique.newsroom.models import Text

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


def pressed(request) -> Button | None:
    """The workflow button of this POST, if one was pressed."""
    return next((button for name, button in BUTTONS.items() if name in request.POST), None)


def refusal_message(refusal: ValidationError, text: Text) -> str:
    """What the person is told when a service refused (a stale tab, or someone was faster)."""
    reason = " ".join(refusal.messages)
    message = _("Nothing was changed: %(reason)s The text is now “%(status)s”.") % {
        "reason": reason,
        "status": text.get_status_display(),
    }
    last = selectors.audit_for("text", text.pk).first()
    if last is not None:
        message += " " + _("Last change: %(action)s by %(who)s at %(time)s (UTC).") % {
            "action": last.get_action_display(),
            "who": last.actor_name,
            "time": f"{last.at:%Y-%m-%d %H:%M}",
        }
    return message
