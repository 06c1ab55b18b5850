"""The reader's comment form: what a person types, checked and kept as typed."""

import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from communique.comments import conf
from communique.comments.abuse import link_hosts
from communique.comments.models import NAME_MAX_LENGTH, WEBSITE_MAX_LENGTH, unify_newlines


def _has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Never shown; the press office may use it to answer you.")
    )
    website = forms.URLField(
        label=_("Website"), max_length=WEBSITE_MAX_LENGTH, required=False, assume_scheme="https"
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, so the field is made when the form is.
        self.fields["comment"] = forms.CharField(
            label=_("Comment"), max_length=conf.max_length(), widget=forms.Textarea
        )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if _has_control_characters(name):
            raise forms.ValidationError(_("Please write your name on one line."))
        if link_hosts(name) or "@" in name:
            raise forms.ValidationError(_("Please give your name without a web or e-mail address."))
        return name

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and urlsplit(website).scheme not in ("http", "https"):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        return website

    def clean_comment(self):
        return unify_newlines(self.cleaned_data["comment"])
