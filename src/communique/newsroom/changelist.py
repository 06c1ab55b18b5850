"""The admin's lists, refusing impossible date filters with the "wrong filter" page, not a 500.

Django's date hierarchy builds a date from `?issue_date__year=…&…__month=…` and catches only
ValueError: a 20-digit year overflows, and the year 9999 has no next year. Every model admin
with a `date_hierarchy` uses this list (`get_changelist`).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField


class DateSafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class BoundedModelMultipleChoiceField(ModelMultipleChoiceField):
    """A choice of rows by id where an id too large for the database is "not a valid choice"
    (Django's own lets SQLite's OverflowError through)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError as error:
            raise ValidationError(
                self.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": "…"},
            ) from error


class DateSafeChangeListMixin:
    """For a ModelAdmin: its list is a DateSafeChangeList, its many-to-many fields bounded."""

    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
