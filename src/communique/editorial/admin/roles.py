"""Roles in the admin: who holds which role in which office, granted through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors, services
from communique.editorial.forms import MembershipForm
from communique.editorial.models import Membership
from communique.newsroom.models import Office


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "office", "role", "language_list"]
    list_filter = ["role", "office"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "office"]

    def get_queryset(self, request):
        return selectors.memberships_for(request.user)

    def has_module_permission(self, request):
        return selectors.can_manage_roles(request.user)

    has_view_permission = has_add_permission = lambda self, request, obj=None: (
        selectors.can_manage_roles(request.user)
    )  # noqa: E731

    def has_change_permission(self, request, obj=None):
        return selectors.can_manage_roles(request.user, obj.office_id if obj else None)

    has_delete_permission = has_change_permission

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            ids = selectors.office_ids(request.user, {"office_admin"})
            kwargs["queryset"] = (
                Office.objects.all() if ids is None else Office.objects.filter(pk__in=ids)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("languages"))
    def language_list(self, membership):
        return ", ".join(membership.languages or [])

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.membership_change(
                obj, by=request.user, role=data["role"], languages=data["languages"]
            )
        else:
            created = services.membership_grant(
                by=request.user,
                user=data["user"],
                office=data["office"],
                role=data["role"],
                languages=data["languages"],
            )
            obj.pk, obj._state.adding = created.pk, False

    def delete_model(self, request, obj):
        services.membership_revoke(obj, by=request.user)
