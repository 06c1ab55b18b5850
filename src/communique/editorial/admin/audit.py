"""The audit log, read-only for site administrators, and the accounts that change it."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors, services
from communique.editorial.admin.base import local_time
from communique.editorial.models import AuditEntry
from communique.newsroom.changelist import DateSafeChangeListMixin

User = get_user_model()


@admin.register(AuditEntry)
class AuditEntryAdmin(DateSafeChangeListMixin, admin.ModelAdmin):
    list_display = ["when", "actor_name", "action", "office", "subject_type", "subject", "detail"]
    list_filter = ["action", "subject_type", "office", "at"]
    search_fields = ["actor_name", "subject", "detail"]
    date_hierarchy = "at"
    list_select_related = ["office"]
    list_per_page = 100

    @admin.display(description=_("when"), ordering="at")
    def when(self, entry):
        return local_time(entry.at, entry.office)

    def has_module_permission(self, request):
        return selectors.is_site_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return selectors.is_site_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


_FLAGS = ("is_superuser", "is_staff", "is_active")

# Groups are a second permission table beside the roles in offices: not offered.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(DateSafeChangeListMixin, UserAdmin):
    """Django's user admin, with changes to site administrators written to the audit log."""

    def save_model(self, request, obj, form, change):
        if change:
            before = dict(
                zip(_FLAGS, User.objects.filter(pk=obj.pk).values_list(*_FLAGS).get(), strict=True)
            )
        else:
            before = dict.fromkeys(_FLAGS, False)
        super().save_model(request, obj, form, change)
        services.user_flags_changed(obj, by=request.user, before=before)
