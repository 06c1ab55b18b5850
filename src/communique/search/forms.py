"""The search page's filters, read from the address (the query itself is read as it is)."""

from django import forms
from django.conf import settings

from communique.newsroom.models import Release
from communique.search.backends import DATE, RELEVANCE
from communique.search.selectors import Filters


class SearchFilterForm(forms.Form):
    lang = forms.ChoiceField(choices=settings.LANGUAGES, required=False)
    office = forms.SlugField(required=False, max_length=50)
    category = forms.SlugField(required=False, max_length=50)
    kind = forms.ChoiceField(choices=Release.Kind.choices, required=False)
    hyear = forms.IntegerField(required=False, min_value=1300, max_value=1600)
    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    sort = forms.ChoiceField(choices=[(RELEVANCE, RELEVANCE), (DATE, DATE)], required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def filters(self) -> Filters:
        """The filters that were understood; the others are left out (the page says so)."""
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return Filters(
            language=data["lang"] or None,
            office=data["office"] or None,
            category=data["category"] or None,
            kind=data["kind"] or None,
            hijri_year=data["hyear"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
