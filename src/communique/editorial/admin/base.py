"""What every editorial model admin shares: permissions follow roles in offices."""

import zoneinfo

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors
from communique.newsroom.models import Text


class RoleScopedAdmin(admin.ModelAdmin):
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


def status_badge(text: Text) -> str:
    """A text's state as a coloured label; a scheduled one says when, in its office's zone."""
    label = text.get_status_display()
    if text.status == Text.Status.SCHEDULED and text.scheduled_for:
        zone = text.release.office.time_zone
        local = timezone.localtime(text.scheduled_for, zoneinfo.ZoneInfo(zone))
        label = _("Scheduled for %(time)s") % {"time": f"{local:%Y-%m-%d %H:%M} ({zone})"}
    return format_html('<span class="text-status text-status--{}">{}</span>', text.status, label)
