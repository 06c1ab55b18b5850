"""Endpoints that are the same in every language."""

from django.urls import path

from communique.newsroom import views

urlpatterns = [
    path("calendar/month-starts.json", views.month_starts, name="month-starts"),
]
