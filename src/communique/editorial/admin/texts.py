"""Texts in the admin: write, preview, send through review, schedule, publish, correct."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors, services, views
from communique.editorial.admin import confirmations, workflow
from communique.editorial.admin.base import RoleScopedAdmin, local_time, status_badge
from communique.editorial.diff import diff_html
from communique.editorial.forms import RestoreForm, TextForm
from communique.newsroom.body import render_body
from communique.newsroom.models import Text


@admin.register(Text)
class TextAdmin(RoleScopedAdmin):
    """One text at a time: write, preview, send through review, schedule, publish, correct."""

    form = TextForm
    list_display = ["title", "language", "office", "state", "version", "updated"]
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

    def office_of(self, request, object_id):
        if object_id is None:
            release = request.GET.get("release", "")
            found = (
                selectors.releases_for(request.user).filter(pk=release).first()
                if release.isdigit()
                else None
            )
            return found.office if found is not None else None
        text = self.get_object(request, object_id)
        return text.release.office if text is not None else None

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, text):
        return local_time(text.updated_at, text.release.office)

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
        return status_badge(text)

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

    def last_change(self, object_id) -> str:
        if not str(object_id or "").isdigit():
            return ""
        return workflow.last_change(selectors.audit_for("text", int(object_id)).first())

    def response_change(self, request, obj):
        button = workflow.pressed(request)
        if button is None:
            return super().response_change(request, obj)
        text = Text.objects.select_related("release__office").get(pk=obj.pk)
        if confirm := workflow.confirmation_url(request, text):
            return redirect(confirm)  # an irreversible step asks first
        try:
            done = button(text, request)
        except ValidationError as refusal:
            # A stale tab, or someone else acted first: say what happened, change nothing.
            # (PermissionDenied, a button this person was never offered, stays a 403.)
            text.refresh_from_db()
            self.message_user(request, workflow.refusal_message(refusal, text), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect(reverse("admin:newsroom_text_change", args=[obj.pk]))

    # Preview, live preview, revisions -------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("render-body/", wrap(self.render_body_view), name="newsroom_text_render_body"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="newsroom_text_preview"),
            path("<int:pk>/revisions/", wrap(self.revisions_view), name="newsroom_text_revisions"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="newsroom_text_publish"),
            path("<int:pk>/withdraw/", wrap(self.withdraw_view), name="newsroom_text_withdraw"),
        ] + super().get_urls()

    def _text_or_404(self, request, pk) -> Text:
        text = get_object_or_404(Text.objects.select_related("release__office"), pk=pk)
        if not selectors.can_view_text(request.user, text):
            raise Http404  # another office's draft does not exist, as far as this person knows
        return text

    def publish_view(self, request, pk):
        return self._confirm(request, pk, "publish")

    def withdraw_view(self, request, pk):
        return self._confirm(request, pk, "withdraw")

    def _confirm(self, request, pk, kind: str):
        """Ask before publishing a text for the first time, or withdrawing it; then do it."""
        text = self._text_or_404(request, pk)
        change_url = reverse("admin:newsroom_text_change", args=[text.pk])
        if not selectors.can(request.user, kind, text):
            message = _(
                "Nothing was changed: this text is “%(status)s”, and you may not do that now."
            ) % {"status": text.get_status_display()}
            last = workflow.last_change(selectors.audit_for("text", text.pk).first())
            self.message_user(request, f"{message} {last}".strip(), messages.WARNING)
            return redirect(change_url)
        planner = (
            confirmations.publication_plan if kind == "publish" else confirmations.withdrawal_plan
        )
        plan = planner(request.user, [text.release], texts=[text])
        if confirmations.is_confirmed(request):
            reason = request.POST.get("withdraw_reason", "")
            done, refused = confirmations.carry_out(request.user, kind, plan, reason=reason)
            confirmations.report(self, request, kind, done, refused)
            return redirect(change_url)
        return confirmations.render(
            request,
            self.admin_site,
            self.opts,
            kind=kind,
            plan=plan,
            cancel_url=change_url,
            reason=request.GET.get("reason", ""),
        )

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
