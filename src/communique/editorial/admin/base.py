"""What every editorial model admin shares: permissions follow roles in offices."""

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
from communique.newsroom.models import Text

logger = logging.getLogger(__name__)


class RoleScopedAdmin(DateSafeChangeListMixin, admin.ModelAdmin):
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
