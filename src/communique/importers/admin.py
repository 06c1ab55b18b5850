"""Imported texts in the admin: read-only, so editors see which hand-typed dates were wrong."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors
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
        "release_link",
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

    # Editors see their offices' imports, as they see their releases (editorial's roles).
    def has_module_permission(self, request):
        return selectors.has_any_role(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return selectors.has_any_role(request.user)
        return selectors.can_view_release(request.user, obj.release)

    def get_queryset(self, request):
        releases = selectors.releases_for(request.user)
        return super().get_queryset(request).filter(release__in=releases)

    @admin.display(description=_("release"), ordering="release")
    def release_link(self, obj):
        url = reverse("admin:newsroom_release_change", args=[obj.release_id])
        return format_html('<a href="{}">{}</a>', url, obj.release)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
