"""The mail admin: subscribers (by reference, never by address) and the outbox."""

from django.contrib import admin
from django.contrib import messages as notices
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from communique.delivery.mail import messages, services
from communique.delivery.mail.models import AccreditedJournalist, Message, Subscriber
from communique.editorial import selectors as roles
from communique.newsroom.models import Text


class _ReadOnly(admin.ModelAdmin):
    """Rows the worker and the readers write; staff look, and may delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(_ReadOnly):
    list_display = ["__str__", "language", "frequency", "confirmed_at", "bouncing_since"]
    list_filter = ["language", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    # Found by the whole address (a reader's request to be forgotten), never listed by it.
    search_fields = ["=email"]
    search_help_text = _("The whole e-mail address.")
    fields = [
        "language",
        "frequency",
        "offices",
        "categories",
        "kinds",
        "created_at",
        "confirmed_at",
        "permanent_failures",
        "bouncing_since",
    ]
    readonly_fields = fields


@admin.register(Message)
class MessageAdmin(_ReadOnly):
    list_display = [
        "pk",
        "kind",
        "subscriber",
        "release",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["subscriber", "release"]
    fields = [
        "kind",
        "subscriber",
        "release",
        "text",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
        "preview",
    ]
    readonly_fields = fields

    @admin.display(description=_("message"))
    def preview(self, obj):
        """The message as it goes out now (the demo's file backend keeps each sent copy)."""
        email = messages.build(obj)
        if email is None:
            return _("Nothing would be sent now (not public, or no subscriber).")
        return format_html("<strong>{}</strong><pre>{}</pre>", email.subject, email.body)


@admin.register(AccreditedJournalist)
class AccreditedJournalistAdmin(admin.ModelAdmin):
    """Each office's list, kept by its editors (the roles of editorial/selectors.py)."""

    list_display = ["name", "office", "language", "time_zone", "active"]
    list_filter = ["office", "active"]
    search_fields = ["name", "email"]
    fields = ["office", "name", "email", "language", "time_zone", "active"]

    def _offices(self, request):
        return roles.office_ids(request.user, roles.EDITORS)

    def _may(self, request, obj=None) -> bool:
        ids = self._offices(request)
        if ids is None:
            return True
        return bool(ids) and (obj is None or obj.office_id in ids)

    def has_module_permission(self, request):
        return self._may(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("office")
        ids = self._offices(request)
        return queryset if ids is None else queryset.filter(office_id__in=ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            kwargs["queryset"] = roles.offices_for(request.user, roles.EDITORS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        send = self.admin_site.admin_view(require_POST(self.send_advance_copies))
        return [
            path("advance/<int:text_id>/", send, name="delivery_advance_copies"),
            *super().get_urls(),
        ]

    def send_advance_copies(self, request, text_id):
        """The release page's "Send advance copies" button (roles checked by the service)."""
        text = get_object_or_404(Text.objects.select_related("release"), pk=text_id)
        try:
            sent = services.advance_copies_send(text, by=request.user)
        except PermissionDenied as refusal:
            notices.error(request, str(refusal))
        except ValidationError as refusal:
            notices.error(request, " ".join(refusal.messages))
        else:
            notices.success(
                request,
                ngettext(
                    "An advance copy is on its way to %(count)d accredited journalist.",
                    "Advance copies are on their way to %(count)d accredited journalists.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
        return redirect(reverse("admin:newsroom_release_change", args=[text.release_id]))
