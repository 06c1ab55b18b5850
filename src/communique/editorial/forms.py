"""The admin's forms for writing a text: what was typed is kept, whatever goes wrong."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communique.editorial import selectors, services
from communique.editorial.diff import diff_html
from communique.editorial.models import Membership, Role
from communique.newsroom.models import Text


class BodyTextarea(forms.Textarea):
    """The Markdown body, with a live preview beside it (editorial/live-preview.js)."""

    def __init__(self, attrs=None):
        super().__init__(
            {"rows": 18, "class": "live-preview-source", "dir": "auto", **(attrs or {})}
        )


def language_choices(codes) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in codes]


class TextForm(forms.ModelForm):
    """One text: its content, the version it started from, and the workflow's extras."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_(
            "This text is published: say what you changed and why. "
            "Readers see this note with the date."
        ),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_(
            "In the office's time zone. Until then the text is embargoed: nowhere to be seen."
        ),
    )

    class Meta:
        model = Text
        fields = ["release", "language", "title", "subtitle", "body"]
        widgets = {
            "body": BodyTextarea,
            "title": forms.TextInput(attrs={"dir": "auto", "class": "vLargeTextField"}),
            "subtitle": forms.TextInput(attrs={"dir": "auto", "class": "vLargeTextField"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.conflict = None
        if self.instance.pk:
            self.fields["based_on"].initial = self.instance.version
            zone = zoneinfo.ZoneInfo(self.instance.release.office.time_zone)
            self.fields["publish_at"].help_text = _(
                "In the office's time zone (%(zone)s). "
                "Until then the text is embargoed: nowhere to be seen."
            ) % {"zone": zone.key}
            if self.instance.scheduled_for:
                self.fields["publish_at"].initial = self.instance.scheduled_for.astimezone(zone)
        else:
            if "release" in self.fields:
                self.fields["release"].queryset = selectors.releases_for(user).select_related(
                    "office"
                )
            if "language" in self.fields:
                codes = sorted(
                    {
                        code
                        for office in selectors.offices_for(user)
                        for code in selectors.languages_for(user, office)
                    }
                )
                self.fields["language"].choices = language_choices(
                    [code for code, _name in settings.LANGUAGES if code in codes]
                )

    def office_zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.instance.release.office.time_zone)

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value is None or not self.instance.pk:
            return value
        # The editor types the office's local time, whatever the server's zone is.
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=self.office_zone())

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_edit(cleaned)
        if "_schedule" in self.data:
            at = cleaned.get("publish_at")
            if at is None:
                self.add_error("publish_at", _("Choose when to publish."))
            elif at <= timezone.now():
                self.add_error("publish_at", _("Choose a time in the future, or publish now."))
        return cleaned

    def _check_edit(self, cleaned) -> None:
        """Ask the service's rules before saving, so a refusal keeps what was typed."""
        if not {"title", "subtitle", "body"} <= cleaned.keys():
            return  # a field has its own error already, or is read-only for this person
        try:
            services.check_text_edit(
                Text.objects.get(pk=self.instance.pk),
                based_on=cleaned.get("based_on"),
                title=cleaned["title"],
                subtitle=cleaned["subtitle"],
                body=cleaned["body"],
                correction_note=cleaned.get("correction_note") or "",
            )
        except services.EditConflict as conflict:
            self._report_conflict(conflict.current, cleaned)
        except forms.ValidationError as refusal:
            self.add_error("correction_note", refusal)

    def _report_conflict(self, current: Text, cleaned) -> None:
        revision = selectors.latest_revision(current)
        who = revision.saved_by.get_username() if revision and revision.saved_by else _("Someone")
        when = timezone.localtime(revision.saved_at if revision else current.updated_at)
        self.conflict = {
            "who": who,
            "when": when,
            "title": current.title,
            "diff": diff_html(current.body, cleaned.get("body") or ""),
        }
        # Saving again is then a deliberate choice to replace their version with this one.
        self.data = self.data.copy()
        self.data[self.add_prefix("based_on")] = str(current.version)
        raise forms.ValidationError(
            _(
                "%(who)s saved this text at %(when)s, after you opened it. Your changes are below "
                "and have NOT been saved. Compare them with the saved version underneath; save "
                "again to replace it with yours."
            )
            % {"who": who, "when": f"{when:%H:%M:%S}"},
            code="conflict",
        )


class NewTextForm(forms.ModelForm):
    """A text added on the release page (the original, usually)."""

    class Meta:
        model = Text
        fields = ["language", "is_original", "title", "subtitle", "body"]
        widgets = {
            "body": BodyTextarea,
            "title": forms.TextInput(attrs={"dir": "auto", "class": "vLargeTextField"}),
            "subtitle": forms.TextInput(attrs={"dir": "auto", "class": "vLargeTextField"}),
        }


class RestoreForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class MembershipForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        required=False,
        choices=language_choices([code for code, _name in settings.LANGUAGES]),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For translators: the languages they may work in."),
    )

    class Meta:
        model = Membership
        fields = ["user", "office", "role", "languages"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.TRANSLATOR and not cleaned.get("languages"):
            self.add_error("languages", _("A translator needs at least one language."))
        return cleaned
