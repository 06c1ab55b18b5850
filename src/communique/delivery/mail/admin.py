"""The mail admin: subscribers (by reference, never by address) and the outbox."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communique.delivery.mail import messages
from communique.delivery.mail.models import Message, Subscriber


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
