"""Releases in the admin: their own fields, their new texts, pictures and documents."""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communique import calendar
from communique.editorial import selectors, services
from communique.editorial.admin import confirmations, panels, workflow
from communique.editorial.admin.base import RoleScopedAdmin, local_time, status_badge
from communique.editorial.admin.translations import ReleaseTranslationsMixin
from communique.editorial.forms import NewTextForm, language_choices
from communique.newsroom.models import Office, Release, ReleaseAttachment, ReleaseImage, Text


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
    readonly_fields = ["hijri", "display_number", "first_published"]
    fields = [
        "office",
        "kind",
        "issue_date",
        "hijri",
        "display_number",
        "categories",
        "first_published",
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

    def _only_office(self, request):
        """The office of a person's new release, when they may start releases in one only."""
        offices = list(selectors.offices_for(request.user, selectors.RELEASE_CREATORS)[:2])
        return offices[0] if len(offices) == 1 else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "office" not in initial and (office := self._only_office(request)) is not None:
            initial["office"] = office.pk
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, NewTextInline) and obj.pk is None and request.method != "POST":
            # The first text of a release is its original, in the office's language.
            language = selectors.default_language(request.user, self._only_office(request))
            kwargs["initial"] = [{"language": language, "is_original": True}]
        return kwargs

    def office_of(self, request, object_id):
        if object_id is None:
            return self._only_office(request)
        release = self.get_object(request, object_id)
        return release.office if release is not None else None

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

    @admin.display(description=_("first published"))
    def first_published(self, release):
        # A read-only method's None would print as "None": say "—" like every empty value.
        return (
            local_time(release.first_published_at, release.office)
            or self.admin_site.empty_value_display
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
            texts = list(obj.texts.select_related("release__office"))
            existing = {text.language for text in texts}
            context["texts"] = [(text, status_badge(text)) for text in texts]
            context["languages_to_add"] = [
                code
                for code in selectors.languages_for(user, obj.office_id)
                if code not in existing
            ]
            context["panels"] = panels.panels_for(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Writes: every one through a service ----------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            services.release_update(
                obj,
                by=request.user,
                changed=[name for name in form.changed_data if name != "categories"],
                categories=form.cleaned_data.get("categories"),
            )
        else:
            services.release_add(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        if not change:
            form.save_m2m()  # a new release's categories; a changed one's went through the service
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.release_delete(obj, by=request.user)

    def last_change(self, object_id) -> str:
        release = Release.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if release is None:
            return ""
        return workflow.last_change(selectors.release_texts_audit(release).first())

    def save_formset(self, request, form, formset, change):
        if formset.model is Text:
            self._save_new_texts(request, form.instance, formset)
            return
        formset.save(commit=False)
        for deleted in formset.deleted_objects:
            services.release_media_delete(deleted, by=request.user)
        for item, changed in formset.changed_objects:
            services.release_media_save(item, by=request.user, new_file="image" in changed)
        for item in formset.new_objects:
            services.release_media_save(item, by=request.user)

    def _save_new_texts(self, request, release, formset):
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

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, release):
        """The form's workflow buttons; a first publication goes to its confirmation page."""
        if "_publish" in request.POST:
            release.refresh_from_db()
            if release.number_seq is None:
                self.message_user(request, _("Saved. Check what publishing will do, then confirm."))
                return redirect(self._publish_url(release))
            plan = confirmations.publication_plan(request.user, [release])
            if not plan:
                # A stale tab: someone published it meanwhile. Say who, and when.
                reason = _("it has no text left to publish (its number is %(number)s).") % {
                    "number": release.number or "—"
                }
                message = workflow.release_refusal_message(reason, release)
                self.message_user(request, message, messages.WARNING)
                return None
            confirmations.report(
                self, request, "publish", *confirmations.carry_out(request.user, "publish", plan)
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
                messages.SUCCESS if submitted else messages.WARNING,
            )
        return None

    def _publish_url(self, release) -> str:
        return reverse("admin:newsroom_release_publish", args=[release.pk])

    def _change_url(self, release) -> str:
        return reverse("admin:newsroom_release_change", args=[release.pk])

    # Irreversible actions ask first (confirmations.py) --------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Offer only what this person may do somewhere; the services refuse the rest anyway.
        for action in ("publish", "withdraw"):
            if not selectors.may_ever(request.user, action):
                actions.pop(action, None)
        return actions

    def _plan_releases(self, queryset):
        return list(
            queryset.select_related("office").prefetch_related("texts", "office__month_overrides")
        )

    def _bulk(self, request, queryset, kind: str):
        releases = self._plan_releases(queryset)
        if kind == "publish":
            plan = confirmations.publication_plan(request.user, releases)
        else:
            plan = confirmations.withdrawal_plan(request.user, releases)
        if not plan:
            confirmations.nothing_to_do(self, request, kind)
            return None
        if confirmations.is_confirmed(request):
            reason = request.POST.get("withdraw_reason", "")
            done, refused = confirmations.carry_out(request.user, kind, plan, reason=reason)
            confirmations.report(self, request, kind, done, refused)
            return None
        hidden = [("action", kind), *((ACTION_CHECKBOX_NAME, r.pk) for r in releases)]
        return confirmations.render(
            request,
            self.admin_site,
            self.opts,
            kind=kind,
            plan=plan,
            hidden=hidden,
            cancel_url=request.get_full_path(),
        )

    @admin.action(description=_("Publish the selected releases (all their texts)"))
    def publish(self, request, queryset):
        return self._bulk(request, queryset, "publish")

    @admin.action(description=_("Withdraw the selected releases (their numbers stay used)"))
    def withdraw(self, request, queryset):
        return self._bulk(request, queryset, "withdraw")

    def publish_view(self, request, object_id):
        """Confirm, then publish every text of one release this person may publish."""
        release = self.get_object(request, object_id)
        if release is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        plan = confirmations.publication_plan(
            request.user, self._plan_releases(Release.objects.filter(pk=release.pk))
        )
        if not plan:
            confirmations.nothing_to_do(self, request, "publish")
            return redirect(self._change_url(release))
        if confirmations.is_confirmed(request):
            done, refused = confirmations.carry_out(request.user, "publish", plan)
            confirmations.report(self, request, "publish", done, refused)
            return redirect(self._change_url(release))
        return confirmations.render(
            request,
            self.admin_site,
            self.opts,
            kind="publish",
            plan=plan,
            cancel_url=self._change_url(release),
        )

    # The Hijri date beside the issue date while it is picked --------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="newsroom_release_publish",
            ),
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
