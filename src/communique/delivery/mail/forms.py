"""The reader's subscription forms: what a person chose, checked and kept as typed."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communique.delivery.mail.models import Subscriber
from communique.newsroom.language_fields import pick
from communique.newsroom.models import Category, Office, Organisation, Release


class _Named(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return pick(obj.name) or obj.slug


class ChoicesForm(forms.Form):
    """What to receive, in which language, how often (the manage page's form)."""

    language = forms.ChoiceField(label=_("Language of the e-mails"))
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    offices = _Named(
        label=_("Offices"),
        queryset=Office.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = _Named(
        label=_("Categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds"),
        choices=Release.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        enabled = Organisation.current().enabled_languages
        self.fields["language"].choices = [(code, names[code]) for code in enabled]


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Never shown. We send a link to confirm it before anything else."),
    )

    field_order = ["email", "language", "frequency", "offices", "categories", "kinds"]
