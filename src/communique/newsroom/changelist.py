"""The admin's lists, refusing impossible date filters with the "wrong filter" page, not a 500.

Django's date hierarchy builds a date from `?issue_date__year=…&…__month=…` and catches only
ValueError: a 20-digit year overflows, and the year 9999 has no next year. Every model admin
with a `date_hierarchy` uses this list (`get_changelist`).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class DateSafeChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateSafeChangeListMixin:
    """For a ModelAdmin: its list is a DateSafeChangeList."""

    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList
