"""The moderation queue, the block list, e-mail choices and the per-release switch in the admin.

Who moderates is the newsroom's roles (`editorial.selectors.can_moderate`): office
administrators and editors moderate their offices' comments; site administrators, all.
"""

import re

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique.comments import selectors, services
from communique.comments.models import (
    BlockRule,
    Comment,
    NotificationPreference,
    ReleaseCommentPolicy,
)
from communique.editorial import selectors as roles
from communique.newsroom.changelist import DateSafeChangeListMixin
from communique.newsroom.converters import IdConverter
from communique.newsroom.models import Office

ID = re.compile(IdConverter.regex)


def _is_moderator(user) -> bool:
    """Staff who moderate some office's comments (their role there says so)."""
    return bool(user.is_active and user.is_staff and roles.can_moderate(user))


class ModeratorsOnly:
    """Moderation pages follow roles in offices, not Django's model permissions."""

    def has_module_permission(self, request):
        return _is_moderator(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_moderator(request.user)

    def has_change_permission(self, request, obj=None):
        return _is_moderator(request.user)

    def has_add_permission(self, request):
        return _is_moderator(request.user)

    def has_delete_permission(self, request, obj=None):
        return _is_moderator(request.user)


class StatusFilter(admin.SimpleListFilter):
    """Opens on the queue (comments awaiting moderation) rather than on every comment."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or Comment.Status.PENDING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class OfficeFilter(admin.SimpleListFilter):
    """The offices a moderator moderates (every office for a superuser)."""

    title = _("office")
    parameter_name = "office"

    def lookups(self, request, model_admin):
        offices = Office.objects.all()
        office_ids = selectors.moderated_office_ids(request.user)
        if office_ids is not None:
            offices = offices.filter(pk__in=office_ids)
        return [(str(office.pk), str(office)) for office in offices]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in {str(pk) for pk, _name in self.lookup_choices}:
            return queryset.none()  # not an office of theirs, or not an office id at all
        return queryset.filter(text__release__office_id=self.value())


@admin.register(Comment)
class CommentAdmin(DateSafeChangeListMixin, admin.ModelAdmin):
    list_display = ["excerpt", "name", "text_title", "office", "status", "created_at", "has_reply"]
    list_filter = [StatusFilter, OfficeFilter, "created_at"]
    search_fields = ["name", "email", "body"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["approve", "reject", "mark_spam", "unpublish", "mark_spam_and_block"]
    fields = [
        "text_link",
        "name",
        "email",
        "website",
        "body",
        "created_at",
        "status",
        "moderated_at",
        "moderated_by",
        "reply",
        "replied_at",
        "replied_by",
    ]
    readonly_fields = [
        "text_link",
        "name",
        "email",
        "website",
        "body",
        "created_at",
        "moderated_at",
        "moderated_by",
        "replied_at",
        "replied_by",
    ]

    def get_queryset(self, request):
        return selectors.moderation_queue(request.user)

    def has_module_permission(self, request):
        return _is_moderator(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return roles.can_moderate(request.user, obj.text.release.office_id)
        return _is_moderator(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Erasing a person's data is `communique comments erase`; moderators reject or mark spam.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False  # comments come from readers

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        words = " ".join(comment.body.split())
        return words[:80] + ("…" if len(words) > 80 else "")

    @admin.display(description=_("text"), ordering="text__title")
    def text_title(self, comment):
        return comment.text.title

    @admin.display(description=_("office"), ordering="text__release__office")
    def office(self, comment):
        return comment.text.release.office

    @admin.display(description=_("reply"), boolean=True)
    def has_reply(self, comment):
        return bool(comment.reply)

    @admin.display(description=_("text"))
    def text_link(self, comment):
        text = comment.text
        return format_html('<a href="{}">{}</a>', text.get_absolute_url(), text.title)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        status = form.base_fields.get("status")
        if status is not None and obj is not None and obj.status != Comment.Status.PENDING:
            # Once moderated, a comment is approved, rejected or spam; it never waits again.
            status.choices = [c for c in status.choices if c[0] != Comment.Status.PENDING]
        return form

    def save_model(self, request, obj, form, change):
        # Through the services, so that the moderator is recorded and pages hear of it.
        if "status" in form.changed_data:
            services.comments_moderate(
                Comment.objects.filter(pk=obj.pk), status=obj.status, by=request.user
            )
        if "reply" in form.changed_data:
            stored = Comment.objects.get(pk=obj.pk)
            services.comment_reply(stored, reply=obj.reply, by=request.user)

    def _report(self, request, count, message):
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(permissions=["change"], description=_("Approve the selected comments"))
    def approve(self, request, queryset):
        count = services.comments_moderate(
            queryset, status=Comment.Status.APPROVED, by=request.user
        )
        self._report(
            request,
            count,
            ngettext("%(count)d comment approved.", "%(count)d comments approved.", count),
        )

    @admin.action(permissions=["change"], description=_("Reject the selected comments"))
    def reject(self, request, queryset):
        count = services.comments_moderate(
            queryset, status=Comment.Status.REJECTED, by=request.user
        )
        self._report(
            request,
            count,
            ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", count),
        )

    @admin.action(permissions=["change"], description=_("Mark the selected comments as spam"))
    def mark_spam(self, request, queryset):
        count = services.comments_moderate(queryset, status=Comment.Status.SPAM, by=request.user)
        self._report(
            request,
            count,
            ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count
            ),
        )

    @admin.action(permissions=["change"], description=_("Unpublish the selected approved comments"))
    def unpublish(self, request, queryset):
        count = services.comments_unpublish(queryset, by=request.user)
        self._report(
            request,
            count,
            ngettext("%(count)d comment unpublished.", "%(count)d comments unpublished.", count),
        )

    @admin.action(permissions=["change"], description=_("Mark as spam and block the senders"))
    def mark_spam_and_block(self, request, queryset):
        note = _("Blocked by %(user)s from the moderation queue") % {"user": request.user}
        for comment in queryset:
            services.sender_block(comment, note=str(note))
        count = services.comments_moderate(queryset, status=Comment.Status.SPAM, by=request.user)
        self._report(
            request,
            count,
            ngettext(
                "%(count)d comment marked as spam; its sender is blocked.",
                "%(count)d comments marked as spam; their senders are blocked.",
                count,
            ),
        )


@admin.register(BlockRule)
class BlockRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ModeratorsOnly, admin.ModelAdmin):
    """Each moderator's own choice; a site administrator sees everyone's."""

    list_display = ["user", "notify"]
    fields = ["notify"]

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("user")
        return rows if request.user.is_superuser else rows.filter(user=request.user)

    def has_add_permission(self, request):
        mine = NotificationPreference.objects.filter(user=request.user).exists()
        return _is_moderator(request.user) and not mine

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReleaseCommentPolicy)
class ReleaseCommentPolicyAdmin(admin.ModelAdmin):
    list_display = ["release", "closed", "updated_at"]
    list_filter = ["closed"]
    raw_id_fields = ["release"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("release__office")
            .prefetch_related("release__texts")
        )

    def get_object(self, request, object_id, from_field=None):
        # Its key is a release's: a number no database key can be is no switch (not a 500).
        if not ID.fullmatch(str(object_id)):
            return None
        return super().get_object(request, object_id, from_field)

    def save_model(self, request, obj, form, change):
        # Through the service, so the release's pages show the switch at once.
        saved = services.release_comments_close(obj.release, closed=obj.closed)
        obj.pk, obj._state.adding = saved.pk, False
