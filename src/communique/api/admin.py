"""Tokens in the admin: made here (the token is shown once, on the page after saving) and
revoked here; each person sees and manages their own, a site administrator everyone's."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique.api import services
from communique.api.models import ApiToken
from communique.editorial import selectors


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = TokenForm
    list_display = ["name", "hint", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "hint", "user__username"]
    readonly_fields = ["user", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        if selectors.is_site_admin(request.user):
            return tokens
        return tokens.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or services.may_manage_token(request.user, obj.user)
        )

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        # A token is never edited, only revoked (an action on the list).
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else ["user", "name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "user" in form.base_fields:
            users = get_user_model().objects.filter(is_active=True)
            if not selectors.is_site_admin(request.user):
                users = users.filter(pk=request.user.pk)
            form.base_fields["user"].queryset = users
            form.base_fields["user"].initial = request.user.pk
        return form

    def save_model(self, request, obj, form, change):
        token, raw = services.token_issue(
            by=request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        messages.warning(
            request,
            _(
                "The token for “%(name)s” is %(token)s — copy it now: it is stored only as a "
                "digest and cannot be shown again."
            )
            % {"name": token.name, "token": raw},
        )

    def log_addition(self, request, obj, message):
        # The audit log has the entry already (services.token_issue).
        return None

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset:
            if token.revoked_at is None:
                services.token_revoke(token, by=request.user)
                revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )
