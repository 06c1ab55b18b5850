"""The newsroom in Django's admin: the organisation, offices, categories, menus."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique import calendar
from communique.newsroom import services
from communique.newsroom.language_fields import pick
from communique.newsroom.models import (
    Category,
    HijriMonthOverride,
    MenuItem,
    Office,
    Organisation,
)
from communique.newsroom.numbering import format_number


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
    list_filter = ["menu", "kind"]
    list_select_related = ["office", "category", "release__office"]
    radio_fields = {"kind": admin.VERTICAL}
    raw_id_fields = ["release"]
    fieldsets = [
        (None, {"fields": ["menu", "title", "position"]}),
        (
            _("Links to"),
            {
                "fields": ["kind", "office", "category", "release", "url"],
                "description": _(
                    "Pages of the site open in the reader's language. Fill in only the "
                    "field that goes with the kind chosen."
                ),
            },
        ),
    ]

    @admin.display(description=_("title"))
    def display_title(self, item):
        return pick(item.title)

    @admin.display(description=_("links to"))
    def target(self, item):
        named = {"office": item.office, "category": item.category, "release": item.release}
        target = named.get(item.kind) or item.url
        label = item.get_kind_display()
        return f"{label}: {target}" if target else label


# Releases and texts are edited in communique.editorial.admin: by role, through the workflow.
