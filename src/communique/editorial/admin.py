"""The editors' admin: releases and texts by role and office, the workflow, revisions, roles and
the audit log. Every check is a selector and every write a service; the admin only asks."""

import datetime
import zoneinfo

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique import calendar
from communique.editorial import selectors, services, views
from communique.editorial.diff import diff_html
from communique.editorial.forms import (
    MembershipForm,
    NewTextForm,
    RestoreForm,
    TextForm,
    language_choices,
)
from communique.editorial.models import AuditEntry, Membership
from communique.newsroom import media
from communique.newsroom.admin_translations import ReleaseTranslationsMixin
from communique.newsroom.body import render_body
from communique.newsroom.models import Office, Release, ReleaseAttachment, ReleaseImage, Text

User = get_user_model()


class RoleScopedAdmin(admin.ModelAdmin):
    """Django's model permissions give way to roles in offices (superusers keep everything)."""

    def has_module_permission(self, request):
        return selectors.has_any_role(request.user)

    def has_view_permission(self, request, obj=None):
        return selectors.has_any_role(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would go around the services (and their audit log).
        actions.pop("delete_selected", None)
        return actions


def _status_badge(text: Text) -> str:
    label = text.get_status_display()
    if text.status == Text.Status.SCHEDULED and text.scheduled_for:
        zone = text.release.office.time_zone
        local = timezone.localtime(text.scheduled_for, calendar_zone(zone))
        label = _("Scheduled for %(time)s") % {"time": f"{local:%Y-%m-%d %H:%M} ({zone})"}
    return format_html('<span class="text-status text-status--{}">{}</span>', text.status, label)


def calendar_zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


# --- releases ------------------------------------------------------------------------------


class NewTextInline(admin.StackedInline):
    """Texts are added here (the original, usually); each is then edited on its own page."""

    model = Text
    form = NewTextForm
    extra = 0
    can_delete = False
    verbose_name = _("new text")
    verbose_name_plural = _("new texts")
    fields = ["language", "is_original", "title", "subtitle", "body"]

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def get_min_num(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def has_view_permission(self, request, obj=None):
        return selectors.has_any_role(request.user)

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return True
        return selectors.can_change_release(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "language":
            codes = {
                code
                for office in selectors.offices_for(request.user)
                for code in selectors.languages_for(request.user, office)
            }
            field.choices = language_choices(
                [code for code, _name in field.choices if code in codes]
            )
        return field


class ReleaseImageInline(admin.TabularInline):
    model = ReleaseImage
    extra = 0
    fields = ["image", "thumbnail", "alt", "caption", "position"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("preview"))
    def thumbnail(self, image):
        if not image.pk:
            return ""
        return format_html('<img src="{}" alt="" class="rendition-thumb">', image.src())

    def has_view_permission(self, request, obj=None):
        return selectors.has_any_role(request.user)

    def has_add_permission(self, request, obj=None):
        return obj is None or selectors.can_change_release(request.user, obj)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


class ReleaseAttachmentInline(ReleaseImageInline):
    model = ReleaseAttachment
    fields = ["file", "title", "size", "position"]
    readonly_fields = ["size"]


@admin.register(Release)
class ReleaseAdmin(ReleaseTranslationsMixin, RoleScopedAdmin):
    list_display = [
        "display_title",
        "office",
        "kind",
        "issue_date",
        "hijri",
        "display_number",
        "languages",
    ]
    list_filter = ["office", "kind", "hijri_year", "texts__status"]
    search_fields = ["texts__title"]
    date_hierarchy = "issue_date"
    filter_horizontal = ["categories"]
    inlines = [NewTextInline, ReleaseImageInline, ReleaseAttachmentInline]
    readonly_fields = ["hijri", "display_number", "first_published_at"]
    fields = [
        "office",
        "kind",
        "issue_date",
        "hijri",
        "display_number",
        "categories",
        "first_published_at",
    ]
    actions = ["publish", "withdraw"]
    change_form_template = "editorial/admin/release_change_form.html"

    class Media:
        js = ["newsroom/admin/hijri-preview.js", "editorial/live-preview.js"]
        css = {"all": ["newsroom/admin/admin.css", "editorial/editorial.css"]}

    # Who sees and may do what -------------------------------------------------------------

    def get_queryset(self, request):
        return (
            selectors.releases_for(request.user)
            .select_related("office")
            .prefetch_related("texts", "office__month_overrides")
        )

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return selectors.has_any_role(request.user)
        return selectors.can_view_release(request.user, obj)

    def has_add_permission(self, request):
        return selectors.offices_for(request.user, selectors.RELEASE_CREATORS).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return selectors.has_any_role(request.user)
        return selectors.can_change_release(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return False
        return selectors.can_delete_release(request.user, obj)

    def get_inlines(self, request, obj):
        # Pictures and documents are added once the release exists (its page then has them).
        return self.inlines if obj is not None else [NewTextInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            kwargs["queryset"] = selectors.offices_for(request.user, selectors.RELEASE_CREATORS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # What the list and the form show --------------------------------------------------------

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
            '<span class="hijri-preview">{}</span>',
            calendar.hijri_line(release.issue_date, "en", calendar=release.office.calendar),
        )

    @admin.display(description=_("number"))
    def display_number(self, release):
        return release.number or _("assigned on first publication")

    @admin.display(description=_("languages"))
    def languages(self, release):
        return format_html_join(
            " ",
            '<span class="text-status text-status--{}" title="{}">{}</span>',
            (
                (text.status, text.get_status_display(), text.language)
                for text in release.texts.all()
            ),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        if obj is None:
            context["can_publish"] = selectors.offices_for(user, selectors.EDITORS).exists()
        else:
            context["can_publish"] = selectors.role_in(user, obj.office_id) in selectors.EDITORS
        if obj is not None:
            context["texts_overview"] = texts_overview(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Writes: every one through a service ----------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            services.release_update(obj, by=request.user, changed=form.changed_data)
        else:
            services.release_add(obj, by=request.user)

    def delete_model(self, request, obj):
        services.release_delete(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        release = form.instance
        if formset.model is Text:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for text_form in formset.forms:
                if not text_form.has_changed() or not text_form.cleaned_data:
                    continue
                data = text_form.cleaned_data
                formset.new_objects.append(
                    services.text_create(
                        by=request.user,
                        release=release,
                        language=data["language"],
                        title=data["title"],
                        subtitle=data.get("subtitle", ""),
                        body=data["body"],
                        is_original=data.get("is_original", False),
                    )
                )
            return
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            if isinstance(deleted, ReleaseImage):
                media.delete_renditions(deleted.renditions)
            deleted.delete()
        for instance in instances:
            if isinstance(instance, ReleaseAttachment):
                instance.size = instance.file.size
            new_image = isinstance(instance, ReleaseImage) and "image" in _changed(
                formset, instance
            )
            instance.save()
            if new_image:
                media.delete_renditions(instance.renditions)
                instance.renditions = media.make_renditions(instance.image)
                instance.save(update_fields=["renditions"])
        if formset.has_changed():
            services.audit(
                services.Action.EDITED,
                by=request.user,
                subject=release,
                office=release.office_id,
                detail=str(formset.model._meta.verbose_name_plural),
            )

    def response_add(self, request, obj, post_url_continue=None):
        self._after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._after_save(request, obj)
        return super().response_change(request, obj)

    def _after_save(self, request, release):
        if "_publish" in request.POST:
            published = services.release_publish(release, by=request.user)
            release.refresh_from_db()
            if published:
                self.message_user(
                    request,
                    _("Published. The release's number is %(number)s.")
                    % {"number": release.number},
                )
        elif "_submit" in request.POST:
            submitted = [
                services.text_submit(text, by=request.user)
                for text in release.texts.select_related("release")
                if selectors.can(request.user, "submit", text)
            ]
            self.message_user(
                request,
                ngettext(
                    "%(count)d text sent for review.",
                    "%(count)d texts sent for review.",
                    len(submitted),
                )
                % {"count": len(submitted)},
            )

    @admin.action(description=_("Publish the selected releases (all their texts)"))
    def publish(self, request, queryset):
        count = 0
        for release in queryset:
            try:
                count += len(services.release_publish(release, by=request.user))
            except PermissionDenied:
                self.message_user(
                    request,
                    _("You may not publish “%(release)s”.") % {"release": release},
                    messages.ERROR,
                )
        self.message_user(request, _("Published %(count)d texts.") % {"count": count})

    @admin.action(description=_("Withdraw the selected releases (their numbers stay used)"))
    def withdraw(self, request, queryset):
        count = 0
        for text in Text.objects.filter(
            release__in=queryset, status=Text.Status.PUBLISHED
        ).select_related("release"):
            if selectors.can(request.user, "withdraw", text):
                services.text_withdraw(text, by=request.user)
                count += 1
        self.message_user(request, _("Withdrew %(count)d texts.") % {"count": count})

    def has_translate_permission(self, request, release=None, language=None):
        if release is None:
            return selectors.has_any_role(request.user)
        if language is None:
            return bool(selectors.languages_for(request.user, release.office_id))
        return selectors.can_add_text(request.user, release, language)

    def get_translation_offices(self, request):
        return selectors.office_ids(request.user)

    def translate(self, request, release, language):
        """ "Translate into…": the new draft goes through the editorial services (role, language,
        revision, audit), like every other text."""
        from communique.newsroom.translation_services import translation_start

        return services.text_create(by=request.user, **translation_start(release, language))

    # The Hijri date beside the issue date while it is picked --------------------------------

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
        if (office_id := request.GET.get("office", "")).isdigit():
            hijri_calendar = get_object_or_404(Office, pk=office_id).calendar
        try:
            line = calendar.hijri_line(day, "en", calendar=hijri_calendar)
        except calendar.CalendarError as error:
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse({"line": line})


def texts_overview(user, release: Release) -> str:
    """The release's texts with their states and links, and the languages this user may add."""
    rows = format_html_join(
        "",
        '<tr><td lang="{}">{}</td><td dir="auto"><a href="{}">{}</a></td><td>{}</td>'
        '<td><a href="{}" target="_blank">{}</a> · <a href="{}">{}</a></td></tr>',
        (
            (
                text.language,
                text.language,
                reverse("admin:newsroom_text_change", args=[text.pk]),
                text.title,
                _status_badge(text),
                reverse("admin:newsroom_text_preview", args=[text.pk]),
                _("Preview"),
                reverse("admin:newsroom_text_revisions", args=[text.pk]),
                _("Revisions"),
            )
            for text in release.texts.select_related("release__office")
        ),
    )
    existing = set(release.texts.values_list("language", flat=True))
    missing = [
        code for code in selectors.languages_for(user, release.office_id) if code not in existing
    ]
    add = format_html_join(
        " ",
        '<a class="button" href="{}?{}">{}</a>',
        (
            (
                reverse("admin:newsroom_text_add"),
                urlencode({"release": release.pk, "language": code}),
                code,
            )
            for code in missing
        ),
    )
    add_line = (
        format_html('<p class="add-text">{} {}</p>', _("Add a text in:"), add) if missing else ""
    )
    return format_html('<table class="texts-overview"><tbody>{}</tbody></table>{}', rows, add_line)


def _changed(formset, instance) -> list[str]:
    for form in formset.forms:
        if form.instance is instance:
            return form.changed_data
    return []


# --- texts ---------------------------------------------------------------------------------


@admin.register(Text)
class TextAdmin(RoleScopedAdmin):
    """One text at a time: write, preview, send through review, schedule, publish, correct."""

    form = TextForm
    list_display = ["title", "language", "office", "state", "version", "updated_at"]
    list_filter = ["status", "language", "release__office"]
    list_select_related = ["release__office"]
    search_fields = ["title"]
    change_form_template = "editorial/admin/text_change_form.html"
    readonly_fields = ["state", "release_link", "number"]

    class Media:
        js = ["editorial/live-preview.js"]
        css = {"all": ["newsroom/admin/admin.css", "editorial/editorial.css"]}

    def get_queryset(self, request):
        return selectors.texts_for(request.user).select_related("release__office")

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return selectors.has_any_role(request.user)
        return selectors.can_view_text(request.user, obj)

    def has_add_permission(self, request):
        return selectors.has_any_role(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return selectors.has_any_role(request.user)
        return selectors.can_edit_text(request.user, obj) or bool(
            selectors.actions_for(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return obj is not None and selectors.can(request.user, "delete", obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class UserTextForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)

        return UserTextForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["release", "language", "title", "subtitle", "body"]
        fields = ["release_link", "number", "state", "title", "subtitle", "body", "based_on"]
        if obj.status == Text.Status.PUBLISHED:
            fields.append("correction_note")
        if selectors.can(request.user, "schedule", obj):
            fields.append("publish_at")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and not selectors.can_edit_text(request.user, obj):
            readonly += ["title", "subtitle", "body"]
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {key: value for key, value in initial.items() if key in {"release", "language"}}

    @admin.display(description=_("office"))
    def office(self, text):
        return text.release.office

    @admin.display(description=_("status"), ordering="status")
    def state(self, text):
        return _status_badge(text)

    @admin.display(description=_("release"))
    def release_link(self, text):
        release = text.release
        return format_html(
            '<a href="{}">{} · {}</a>',
            reverse("admin:newsroom_release_change", args=[release.pk]),
            release.office,
            release.issue_date,
        )

    @admin.display(description=_("number"))
    def number(self, text):
        return text.release.number or _("assigned on first publication")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = selectors.actions_for(request.user, obj)
            context["can_edit"] = selectors.can_edit_text(request.user, obj)
            context["preview_url"] = reverse("admin:newsroom_text_preview", args=[obj.pk])
            context["revisions_url"] = reverse("admin:newsroom_text_revisions", args=[obj.pk])
            context["corrections"] = list(obj.corrections.all())
        context["render_body_url"] = reverse("admin:newsroom_text_render_body")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        request.editorial_publish_at = data.get("publish_at")
        if not change:
            created = services.text_create(
                by=request.user,
                release=data["release"],
                language=data["language"],
                title=data["title"],
                subtitle=data.get("subtitle", ""),
                body=data["body"],
            )
            obj.pk, obj._state.adding = created.pk, False
            return
        if not selectors.can_edit_text(request.user, obj):
            return  # a workflow button on a text this person may not edit
        services.text_update(
            obj,
            by=request.user,
            title=data["title"],
            subtitle=data.get("subtitle", ""),
            body=data["body"],
            based_on=data.get("based_on"),
            correction_note=data.get("correction_note", ""),
        )

    def delete_model(self, request, obj):
        services.text_delete(obj, by=request.user)

    def response_change(self, request, obj):
        text = Text.objects.select_related("release__office").get(pk=obj.pk)
        done = None
        if "_submit" in request.POST:
            services.text_submit(text, by=request.user)
            done = _("Sent for review.")
        elif "_return" in request.POST:
            services.text_return(text, by=request.user)
            done = _("Returned to draft.")
        elif "_schedule" in request.POST:
            at = request.editorial_publish_at  # checked by TextForm: in the future, office time
            services.text_schedule(text, by=request.user, at=at)
            done = _(
                "Scheduled. It will be published at %(time)s (%(zone)s), "
                "and is invisible until then."
            ) % {
                "time": f"{at:%Y-%m-%d %H:%M}",
                "zone": text.release.office.time_zone,
            }
        elif "_publish" in request.POST:
            published = services.text_publish(text, by=request.user)
            done = _("Published. The release's number is %(number)s.") % {
                "number": published.release.number
            }
        elif "_withdraw" in request.POST:
            services.text_withdraw(
                text, by=request.user, reason=request.POST.get("withdraw_reason", "")
            )
            done = _("Withdrawn. Its page now says so; the number stays used.")
        if done:
            self.message_user(request, done, messages.SUCCESS)
            return redirect(reverse("admin:newsroom_text_change", args=[obj.pk]))
        return super().response_change(request, obj)

    # Preview, live preview, revisions -------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("render-body/", wrap(self.render_body_view), name="newsroom_text_render_body"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="newsroom_text_preview"),
            path("<int:pk>/revisions/", wrap(self.revisions_view), name="newsroom_text_revisions"),
        ] + super().get_urls()

    def _text_or_404(self, request, pk) -> Text:
        text = get_object_or_404(Text.objects.select_related("release__office"), pk=pk)
        if not selectors.can_view_text(request.user, text):
            raise Http404  # another office's draft does not exist, as far as this person knows
        return text

    def render_body_view(self, request):
        """The body as readers will get it (same renderer, same sanitiser), while typing."""
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        if not selectors.has_any_role(request.user):
            raise PermissionDenied
        return JsonResponse({"html": render_body(request.POST.get("body", ""))})

    def preview_view(self, request, pk):
        return views.preview(request, self._text_or_404(request, pk))

    def revisions_view(self, request, pk):
        text = self._text_or_404(request, pk)
        revisions = list(selectors.revisions(text))
        if request.method == "POST":
            return self._restore(request, text, revisions)
        by_version = {revision.version: revision for revision in revisions}
        newest = revisions[0] if revisions else None
        try:
            a = by_version.get(int(request.GET.get("a", "")))
            b = by_version.get(int(request.GET.get("b", "")))
        except ValueError:
            a = b = None
        if a is None and b is None and len(revisions) > 1:
            a, b = revisions[1], newest
        comparison = None
        if a and b:
            comparison = [
                (_("title"), diff_html(a.title, b.title)),
                (_("subtitle"), diff_html(a.subtitle, b.subtitle)),
                (_("body"), diff_html(a.body, b.body)),
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Revisions of “%(title)s”") % {"title": text.title},
            "text": text,
            "revisions": revisions,
            "a": a,
            "b": b,
            "comparison": comparison,
            "can_restore": selectors.can(request.user, "restore", text),
            "needs_note": text.status == Text.Status.PUBLISHED,
            "restore_form": RestoreForm(),
        }
        return TemplateResponse(request, "editorial/admin/revisions.html", context)

    def _restore(self, request, text, revisions):
        form = RestoreForm(request.POST)
        if not form.is_valid():
            raise PermissionDenied
        revision = next((r for r in revisions if r.version == form.cleaned_data["revision"]), None)
        if revision is None:
            raise Http404
        try:
            services.text_restore(
                text,
                revision,
                by=request.user,
                correction_note=form.cleaned_data["correction_note"],
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:newsroom_text_revisions", args=[text.pk]))
        self.message_user(
            request, _("Revision %(version)d restored.") % {"version": revision.version}
        )
        return redirect(reverse("admin:newsroom_text_change", args=[text.pk]))


# --- roles ---------------------------------------------------------------------------------


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


# --- the audit log -------------------------------------------------------------------------


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "office", "subject_type", "subject", "detail"]
    list_filter = ["action", "subject_type", "office", "at"]
    search_fields = ["actor_name", "subject", "detail"]
    date_hierarchy = "at"
    list_select_related = ["office"]
    list_per_page = 100

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


# --- who is a site administrator ------------------------------------------------------------

_FLAGS = ("is_superuser", "is_staff", "is_active")

if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
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
