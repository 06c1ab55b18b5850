"""Imported texts in the admin: read-only, so editors see which hand-typed dates were wrong."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from communique.importers.models import ImportedText


class MismatchFilter(admin.SimpleListFilter):
    title = _("written Hijri date")
    parameter_name = "hijri"

    def lookups(self, request, model_admin):
        return [("wrong", _("differs from the computed date")), ("none", _("not written"))]

    def queryset(self, request, queryset):
        if self.value() == "wrong":
            return queryset.exclude(days_off=0).exclude(days_off__isnull=True)
        if self.value() == "none":
            return queryset.filter(days_off__isnull=True)
        return queryset


@admin.register(ImportedText)
class ImportedTextAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "release",
        "text",
        "written_hijri",
        "written_hijri_iso",
        "computed_hijri_iso",
        "days_off",
        "imported_at",
    ]
    list_filter = [MismatchFilter, "release__office"]
    search_fields = ["source", "text__title", "written_hijri"]
    list_select_related = ["release__office", "text"]
    readonly_fields = [field.name for field in ImportedText._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
