"""Short strings kept in every enabled language (office names, signatures, menu titles).

A JSON object per field ({"en": "...", "ar": "..."}) instead of a table of translations: the
strings are few, always read with their row, and never searched.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import get_language


def pick(value: dict | None, lang: str | None = None, fallback: str | None = None) -> str:
    """The string for `lang`, else the fallback language's, else any non-empty one."""
    if not value:
        return ""
    lang = (lang or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for code in (lang, fallback, settings.LANGUAGE_CODE):
        if code and value.get(code):
            return value[code]
    return next((text for text in value.values() if text), "")


class TranslatedWidget(forms.MultiWidget):
    template_name = "newsroom/widgets/translated.html"

    class Media:
        css = {"all": ["newsroom/admin/admin.css"]}

    def __init__(self, attrs=None, textarea=False):
        widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput
        self.languages = [code for code, _name in settings.LANGUAGES]
        super().__init__({code: widget for code in self.languages}, attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = dict(settings.LANGUAGES)
        for code, subwidget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            subwidget["language"] = code
            subwidget["language_name"] = names[code]
            subwidget["attrs"]["lang"] = code
            subwidget["attrs"]["dir"] = "auto"
        return context


class TranslatedFormField(forms.MultiValueField):
    def __init__(self, *, textarea=False, required=True, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        self.languages = [code for code, _name in settings.LANGUAGES]
        fields = [forms.CharField(required=False, strip=True) for _code in self.languages]
        super().__init__(
            fields,
            widget=TranslatedWidget(textarea=textarea),
            require_all_fields=False,
            required=required,
            **kwargs,
        )

    def compress(self, data_list):
        return {
            code: text for code, text in zip(self.languages, data_list or [], strict=False) if text
        }

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class TranslatedField(models.JSONField):
    """A JSON object of language code -> text, edited as one input per language."""

    def __init__(self, *args, textarea=False, **kwargs):
        self.textarea = textarea
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.textarea:
            kwargs["textarea"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return TranslatedFormField(
            textarea=self.textarea,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )
