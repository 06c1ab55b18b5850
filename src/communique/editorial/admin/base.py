"""What every editorial model admin shares: permissions follow roles in offices, and times
are the office's (the organisation's for site-wide things), with the zone named."""

import logging
import zoneinfo

from django.contrib import admin, messages
from django.db import IntegrityError, OperationalError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors
from communique.editorial.admin import workflow
from communique.newsroom.changelist import DateSafeChangeListMixin
from communique.newsroom.models import Office, Organisation, Text

logger = logging.getLogger(__name__)


def zone_of(office: Office | None = None) -> zoneinfo.ZoneInfo:
    """The office's time zone, or the organisation's reference zone."""
    if office is not None:
        return zoneinfo.ZoneInfo(office.time_zone)
    return zoneinfo.ZoneInfo(Organisation.current().clock_time_zone)


def local_time(moment, office: Office | None = None) -> str:
    """`2026-11-30 02:30 (Asia/Tashkent)`, or "" for no time."""
    if moment is None:
        return ""
    zone = zone_of(office)
    return f"{timezone.localtime(moment, zone):%Y-%m-%d %H:%M} ({zone.key})"


def zone_note(office: Office | None) -> str:
    """The line that says which zone a form's times and "Today"/"Now" use."""
    zone = zone_of(office)
    if office is not None:
        return _(
            "Times on this page, and “Today” and “Now”, are in %(zone)s, the office's time zone."
        ) % {"zone": zone.key}
    return _(
        "Times on this page, and “Today” and “Now”, are in %(zone)s, the organisation's time zone."
    ) % {"zone": zone.key}


class OfficeTimeAdmin(admin.ModelAdmin):
    """Renders the change form in the office's zone, so that Django's "Today" and "Now"
    shortcuts and every time shown are the office's (the organisation's before an office
    is known)."""

    def office_of(self, request, object_id) -> Office | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        office = self.office_of(request, object_id)
        extra_context = {**(extra_context or {}), "zone_note": zone_note(office)}
        with timezone.override(zone_of(office)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # inside the zone: a TemplateResponse renders late otherwise
        return response


class RoleScopedAdmin(DateSafeChangeListMixin, OfficeTimeAdmin):
    """Django's model permissions give way to roles in offices (superusers keep everything)."""

    def has_module_permission(self, request):
        return selectors.has_any_role(request.user)

    def has_view_permission(self, request, obj=None):
        return selectors.has_any_role(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would go around the services (and their audit log).
        actions.pop("delete_selected", None)
        return actions

    # Simultaneous writes: a clear message, never a server error --------------------------

    def last_change(self, object_id) -> str:
        """Who last changed this object, for the busy message (the text admin says)."""
        return ""

    def _answer_busy(self, view, request, *args, object_id=None, **kwargs):
        """Run an admin view; when a simultaneous write made the database refuse this one
        (a lock wait ran out, SQLite's "database is locked", a unique row taken meanwhile),
        everything was rolled back: say so and show the page as it now is."""
        try:
            return view(request, *args, **kwargs)
        except (IntegrityError, OperationalError):
            if request.method != "POST":
                raise
            logger.warning("Simultaneous write refused: %s", request.path, exc_info=True)
            self.message_user(
                request, workflow.busy_message(self.last_change(object_id)), messages.ERROR
            )
            return redirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return self._answer_busy(
            view, request, object_id, form_url, extra_context, object_id=object_id
        )

    def changelist_view(self, request, extra_context=None):
        return self._answer_busy(super().changelist_view, request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        view = super().delete_view
        return self._answer_busy(view, request, object_id, extra_context, object_id=object_id)


def status_badge(text: Text) -> str:
    """A text's state as a coloured label; a scheduled one says when, in its office's zone."""
    label = text.get_status_display()
    if text.status == Text.Status.SCHEDULED and text.scheduled_for:
        zone = text.release.office.time_zone
        local = timezone.localtime(text.scheduled_for, zoneinfo.ZoneInfo(zone))
        label = _("Scheduled for %(time)s") % {"time": f"{local:%Y-%m-%d %H:%M} ({zone})"}
    return format_html('<span class="text-status text-status--{}">{}</span>', text.status, label)
