"""Translations in the admin: "Translate into…" and the missing-translations dashboard.

`ReleaseTranslationsMixin` goes into the release admin's bases; who may translate what is the
role rule table's (`editorial.selectors`), and the draft is made by `services.text_translate`.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communique.editorial import selectors, services, translation_selectors
from communique.editorial.diff import diff_html
from communique.newsroom.models import Office, Organisation, Release

DASHBOARD_PAGE_SIZE = 50


def language_name(code: str) -> str:
    """A language's name in the admin's language (`Russian`, `русский`)."""
    return str(dict(settings.LANGUAGES)[code])


def language_states(release: Release, languages: list[str]) -> list[dict]:
    """Each language of a release: its text (if any) and whether readers can read it."""
    # The texts come annotated with `is_public` by the selector: the rule is the gate's.
    texts = {text.language: text for text in release.texts.all()}
    return [
        {
            "code": code,
            "name": language_name(code),
            "text": texts.get(code),
            "public": bool(texts.get(code) and texts[code].is_public),
        }
        for code in languages
    ]


class ReleaseTranslationsMixin:
    """Mixed into the release admin: the dashboard, the "Translate into…" page and actions."""

    def has_translate_permission(self, request, release=None, language=None) -> bool:
        """May the user start translations (of this release, into this language)?"""
        if release is None:
            return selectors.has_any_role(request.user)
        if language is None:
            return bool(selectors.languages_for(request.user, release.office_id))
        return selectors.can_add_text(request.user, release, language)

    def translate(self, request, release: Release, language: str):
        """Make the `language` draft of `release` for the user of `request`."""
        return services.text_translate(release=release, language=language, by=request.user)

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        return [
            path(
                "translations/",
                self.admin_site.admin_view(self.translations_view),
                name=self._url_name("translations"),
            ),
            path(
                "<path:object_id>/translate/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name=self._url_name("translate"),
            ),
        ] + super().get_urls()

    def _languages(self) -> list[str]:
        return Organisation.current().enabled_languages

    def translations_view(self, request):
        """Which published releases lack which languages, per office, and for how long."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        languages = self._languages()
        office = None
        if office_id := request.GET.get("office", ""):
            office = get_object_or_404(Office, pk=office_id) if office_id.isdigit() else None
        offices = selectors.office_ids(request.user)
        releases = translation_selectors.releases_lacking_languages(
            languages, office=office, offices=offices
        )
        page = Paginator(releases, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
        behind = translation_selectors.translations_behind(office=office, offices=offices)
        behind_page = Paginator(behind, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("behind"))
        behind_rows = [
            {
                **row,
                "title_diff": diff_html(row["made_from"].title, row["original"].title),
                "body_diff": diff_html(row["made_from"].body, row["original"].body),
            }
            if row["made_from"]
            else row
            for row in translation_selectors.what_changed(list(behind_page.object_list))
        ]
        rows = [
            {"release": release, "languages": language_states(release, languages)}
            for release in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Missing translations"),
            "languages": [(code, language_name(code)) for code in languages],
            "summary": translation_selectors.missing_by_office(languages, offices=offices),
            "office": office,
            "page": page,
            "rows": rows,
            "behind_page": behind_page,
            "behind_rows": behind_rows,
            "can_translate": self.has_translate_permission(request),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "editorial/admin/translations.html", context)

    def translate_view(self, request, object_id, language):
        """Confirm, then start the `language` text of a release from its original."""
        release = self.get_object(request, object_id)
        if release is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_translate_permission(request, release, language):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self._url_name('change')}",
            args=[release.pk],
            current_app=self.admin_site.name,
        )
        if request.method == "POST":
            try:
                draft = self.translate(request, release, language)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            except PermissionDenied as error:
                self.message_user(request, str(error) or _("You may not do that."), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "A draft in %(language)s was made from the original. Translate it "
                        "block by block over the copy, then publish it."
                    )
                    % {"language": language_name(language)},
                    messages.SUCCESS,
                )
                # Straight to the new draft (translating it comes next), unless the page
                # that asked, the dashboard, wants its list back.
                change_url = reverse(
                    f"admin:{self.opts.app_label}_text_change",
                    args=[draft.pk],
                    current_app=self.admin_site.name,
                )
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = change_url
            return redirect(next_url)
        source = services.translation_source(release)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": _("Translate into %(language)s") % {"language": language_name(language)},
            "language": language,
            "language_label": language_name(language),
            "source": source,
            "source_label": language_name(source.language) if source else "",
            "exists": release.texts.filter(language=language).exists(),
            "enabled": language in self._languages(),
            "change_url": change_url,
        }
        return TemplateResponse(request, "editorial/admin/translate.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, object_id)
        if release is not None and self.has_view_or_change_permission(request, release):
            existing = set(release.texts.values_list("language", flat=True))
            extra_context = {
                **(extra_context or {}),
                "translate_into": [
                    (code, language_name(code))
                    for code in self._languages()
                    if code not in existing
                    and self.has_translate_permission(request, release, code)
                ],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "translations_url": reverse(
                f"admin:{self._url_name('translations')}",
                current_app=self.admin_site.name,
            ),
        }
        return super().changelist_view(request, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_translate_permission(request):
            return actions
        for code in self._languages():
            name = f"translate_into_{code}"
            description = gettext_lazy("Translate into %(language)s") % {
                "language": language_name(code)
            }
            actions[name] = (_translate_into_action(code), name, description)
        return actions


def _translate_into_action(language: str):
    def translate_into(modeladmin, request, queryset):
        made = skipped = 0
        for release in queryset:
            try:
                modeladmin.translate(request, release, language)
            except (ValidationError, PermissionDenied):
                skipped += 1  # it has that language already, or is not this user's to translate
            else:
                made += 1
        names = {"language": language_name(language)}
        if made:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d draft made from the original (%(language)s).",
                    "%(count)d drafts made from the originals (%(language)s).",
                    made,
                )
                % {"count": made, **names},
                messages.SUCCESS,
            )
        if skipped:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d release was left as it was: it has a text in %(language)s "
                    "already, or it is not yours to translate.",
                    "%(count)d releases were left as they were: they have a text in "
                    "%(language)s already, or they are not yours to translate.",
                    skipped,
                )
                % {"count": skipped, **names},
                messages.WARNING,
            )

    translate_into.__name__ = f"translate_into_{language}"
    return translate_into
