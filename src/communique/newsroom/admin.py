"""The newsroom in Django's admin: offices, releases with their texts, categories, menus."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique import calendar
from communique.newsroom import services
from communique.newsroom.models import (
    Category,
    HijriMonthOverride,
    MenuItem,
    Office,
    Organisation,
    Release,
    Text,
)
from communique.newsroom.translated import pick


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "default_language", "clock_time_zone"]

    def has_add_permission(self, request):
        return not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class OverrideFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        overrides = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("starts_on"):
                continue
            overrides[(data["hijri_year"], data["hijri_month"])] = data["starts_on"]
        try:
            calendar.HijriCalendar(overrides)
        except calendar.CalendarError as error:
            raise ValidationError(str(error)) from error


class HijriMonthOverrideInline(admin.TabularInline):
    model = HijriMonthOverride
    formset = OverrideFormSet
    extra = 0
    fields = ["hijri_year", "hijri_month", "starts_on", "note"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["display_name", "slug", "parent", "number_example", "time_zone"]
    list_select_related = ["parent"]
    search_fields = ["slug", "name"]
    prepopulated_fields = {}
    inlines = [HijriMonthOverrideInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "parent", "position"]}),
        (_("Contact block"), {"fields": ["address", "website", "phone", "email", "signature"]}),
        (_("Dates and numbers"), {"fields": ["time_zone", "number_format"]}),
    ]

    @admin.display(description=_("name"))
    def display_name(self, office):
        return pick(office.name)

    @admin.display(description=_("numbers read"))
    def number_example(self, office):
        from communique.newsroom.numbering import format_number

        return format_number(office.number_format, hyear=1445, seq=3, gyear=2023)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            changed = services.office_recompute_hijri_dates(form.instance)
            if changed:
                messages.info(
                    request,
                    ngettext(
                        "The Hijri date of %(count)d release changed with the new month starts.",
                        "The Hijri dates of %(count)d releases changed with the new month starts.",
                        changed,
                    )
                    % {"count": changed},
                )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "parent", "slug", "position"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["slug", "name"]

    @admin.display(description=_("name"))
    def display_name(self, category):
        return pick(category.name)


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["display_title", "menu", "target", "position"]
    list_editable = ["position"]
    list_filter = ["menu"]
    list_select_related = ["office", "category"]

    @admin.display(description=_("title"))
    def display_title(self, item):
        return pick(item.title)

    @admin.display(description=_("links to"))
    def target(self, item):
        return item.get_absolute_url()


class TextInline(admin.StackedInline):
    model = Text
    extra = 0
    min_num = 1
    fields = ["language", "is_original", "title", "subtitle", "body", "status", "published_at"]
    readonly_fields = ["status", "published_at"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["display_title", "office", "kind", "issue_date", "hijri", "display_number", "languages"]
    list_filter = ["office", "kind", "hijri_year", "texts__status"]
    search_fields = ["texts__title"]
    date_hierarchy = "issue_date"
    autocomplete_fields = []
    filter_horizontal = ["categories"]
    inlines = [TextInline]
    readonly_fields = ["hijri", "display_number", "first_published_at"]
    fields = ["office", "kind", "issue_date", "hijri", "display_number", "categories", "first_published_at"]
    actions = ["publish", "withdraw"]
    change_form_template = "admin/newsroom/release/change_form.html"

    class Media:
        js = ["newsroom/admin/hijri-preview.js"]
        css = {"all": ["newsroom/admin/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("office")
            .prefetch_related("texts", "office__month_overrides")
        )

    @admin.display(description=_("title"))
    def display_title(self, release):
        texts = list(release.texts.all())
        original = next((text for text in texts if text.is_original), texts[0] if texts else None)
        return original.title if original else "—"

    @admin.display(description=_("Hijri date"))
    def hijri(self, release):
        if release.pk is None:
            return format_html('<span class="hijri-preview">{}</span>', _("Pick a date"))
        return format_html(
            '<span class="hijri-preview">{}</span>', calendar.hijri_line(release.issue_date, "en", calendar=release.office.calendar)
        )

    @admin.display(description=_("number"))
    def display_number(self, release):
        return release.number or _("assigned on first publication")

    @admin.display(description=_("languages"))
    def languages(self, release):
        return format_html_join(
            " ",
            '<span class="text-status text-status--{}" title="{}">{}</span>',
            ((text.status, text.get_status_display(), text.language) for text in release.texts.all()),
        )

    def get_urls(self):
        return [
            path(
                "hijri-preview/",
                self.admin_site.admin_view(self.hijri_preview),
                name="newsroom_release_hijri_preview",
            ),
        ] + super().get_urls()

    def hijri_preview(self, request):
        """The Hijri date an issue date will get, for the editor picking it."""
        try:
            day = datetime.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            return JsonResponse({"error": str(_("Enter a date as YYYY-MM-DD."))}, status=400)
        hijri_calendar = calendar.UMM_AL_QURA
        if office_id := request.GET.get("office"):
            if office_id.isdigit():
                hijri_calendar = get_object_or_404(Office, pk=office_id).calendar
        try:
            line = calendar.hijri_line(day, "en", calendar=hijri_calendar)
        except calendar.CalendarError as error:
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse({"line": line})

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            services.release_publish(obj, by=request.user)
            obj.refresh_from_db()
            self.message_user(
                request, _("Published. The release's number is %(number)s.") % {"number": obj.number}
            )
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST:
            services.release_publish(obj, by=request.user)
            obj.refresh_from_db()
            self.message_user(
                request, _("Published. The release's number is %(number)s.") % {"number": obj.number}
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Publish the selected releases (all their texts)"))
    def publish(self, request, queryset):
        for release in queryset:
            services.release_publish(release, by=request.user)
        self.message_user(request, _("Published %(count)d releases.") % {"count": len(queryset)})

    @admin.action(description=_("Withdraw the selected releases (their numbers stay used)"))
    def withdraw(self, request, queryset):
        count = 0
        for text in Text.objects.filter(release__in=queryset, status=Text.Status.PUBLISHED):
            services.text_withdraw(text, by=request.user)
            count += 1
        self.message_user(request, _("Withdrew %(count)d texts.") % {"count": count})
