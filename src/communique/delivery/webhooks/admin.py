"""Webhooks in the admin: endpoints and their deliveries, for site administrators only.

An endpoint holds a signing secret and points the site's server at another address, so
office staff never see or change one; the counts on a release's page are theirs instead
(`panels.py`). Writes go through the services.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique.delivery.webhooks import selectors, services, transport
from communique.delivery.webhooks.models import Attempt, Delivery, Endpoint, Event
from communique.editorial.admin.base import zone_of
from communique.editorial.selectors import is_site_admin


def local_time(moment) -> str:
    """`2026-11-30 12:30 (Asia/Riyadh)` in the zone the page is rendered in, or ""."""
    if moment is None:
        return ""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"


class SiteAdminOnly:
    """Every permission is a site administrator's; anyone else gets a 403 at every address.
    Pages are rendered in the organisation's zone (these are site-wide things), read once."""

    def _in_zone(self, view, *args):
        with timezone.override(zone_of(None)):
            response = view(*args)
            if hasattr(response, "render"):
                response.render()  # inside the zone: a TemplateResponse renders late otherwise
        return response

    def changelist_view(self, request, extra_context=None):
        return self._in_zone(super().changelist_view, request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_zone(super().changeform_view, request, object_id, form_url, extra_context)

    def has_module_permission(self, request):
        return is_site_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_add_permission(self, request, *args):
        return is_site_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_site_admin(request.user)


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this endpoint is called for."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only texts in these languages; none chosen means every language."),
    )
    new_secret = forms.BooleanField(
        label=_("Make a new signing secret"),
        required=False,
        help_text=_(
            "The receiver must then be given the new one: calls are signed with it at once."
        ),
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "offices", "languages", "is_active"]
        widgets = {"offices": forms.CheckboxSelectMultiple}

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            transport.check_url(url)
        except transport.Refused as refusal:
            raise ValidationError(str(refusal), code="refused") from refusal
        return url


@admin.register(Endpoint)
class EndpointAdmin(SiteAdminOnly, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "url", "is_active", "event_list", "filters", "disabled_reason"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["signing_secret", "disabled", "deliveries_link"]

    def get_fieldsets(self, request, obj=None):
        main = ["name", "url", "events", "offices", "languages", "is_active"]
        if obj is None:
            return [(None, {"fields": main})]
        shown = [*main, "disabled"] if obj.disabled_at else main
        return [
            (None, {"fields": [*shown, "deliveries_link"]}),
            (_("Signing"), {"fields": ["signing_secret", "new_secret"]}),
        ]

    @admin.display(description=_("events"))
    def event_list(self, endpoint):
        names = dict(Event.choices)
        return ", ".join(str(names.get(event, event)) for event in endpoint.events or [])

    @admin.display(description=_("only"))
    def filters(self, endpoint):
        offices = [str(office) for office in endpoint.offices.all()]
        return ", ".join([*offices, *(endpoint.languages or [])]) or _("everything")

    @admin.display(description=_("signing secret"))
    def signing_secret(self, endpoint):
        return format_html(
            '<code class="webhook-secret">{}</code><div class="help">{}</div>',
            endpoint.secret,
            _("Give it to the receiver; it checks each call's signature with it."),
        )

    @admin.display(description=_("disabled"))
    def disabled(self, endpoint):
        if endpoint.disabled_at is None:
            return ""
        return f"{local_time(endpoint.disabled_at)}: {endpoint.disabled_reason}"

    @admin.display(description=_("deliveries"))
    def deliveries_link(self, endpoint):
        url = reverse("admin:delivery_delivery_changelist") + f"?endpoint__id__exact={endpoint.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Every delivery and its attempts"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("offices")

    def save_model(self, request, obj, form, change):
        if obj.is_active:
            obj.disabled_at, obj.disabled_reason = None, ""  # switched on again by a person
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("new_secret"):
            services.endpoint_rotate_secret(obj)
            messages.warning(request, _("A new signing secret was made: give it to the receiver."))


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["started", "status_code", "duration_ms", "error", "response_excerpt", "outcome"]
    readonly_fields = fields
    verbose_name_plural = _("attempts")

    @admin.display(description=_("started at"))
    def started(self, attempt):
        return local_time(attempt.started_at)

    def has_view_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(SiteAdminOnly, admin.ModelAdmin):
    list_display = [
        "number",
        "event",
        "endpoint",
        "text",
        "status",
        "attempts",
        "occurred",
        "next_attempt",
        "last_error",
    ]
    list_display_links = ["number", "event"]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint", "text"]
    search_fields = ["=id", "text__title", "endpoint__name"]
    actions = ["send_again"]
    inlines = [AttemptInline]
    fields = [
        "endpoint",
        "event",
        "text",
        "correction",
        "status",
        "attempts",
        "occurred",
        "next_attempt",
        "delivered",
        "retried_until",
        "last_error",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return selectors.deliveries()

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read only; "Send again" is the one thing done to a delivery

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("delivery"), ordering="pk")
    def number(self, delivery):
        return f"#{delivery.pk}"

    @admin.display(description=_("occurred at"), ordering="occurred_at")
    def occurred(self, delivery):
        return local_time(delivery.occurred_at)

    @admin.display(description=_("next attempt"), ordering="next_attempt_at")
    def next_attempt(self, delivery):
        return local_time(delivery.next_attempt_at) if delivery.status == "pending" else ""

    @admin.display(description=_("delivered at"))
    def delivered(self, delivery):
        return local_time(delivery.delivered_at)

    @admin.display(description=_("retried until"))
    def retried_until(self, delivery):
        return local_time(delivery.retry_until)

    @admin.action(description=_("Send again"))
    def send_again(self, request, queryset):
        queued, refused = services.send_again(queryset)
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery will be sent again.",
                    "%(count)d deliveries will be sent again.",
                    queued,
                )
                % {"count": queued},
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery was not queued: its endpoint is inactive.",
                    "%(count)d deliveries were not queued: their endpoint is inactive.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )
