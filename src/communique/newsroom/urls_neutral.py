"""Endpoints that are the same in every language."""

from django.urls import path

from communique.newsroom import views

urlpatterns = [
    path("calendar/month-starts.json", views.month_starts, name="month-starts"),
    # Browsers ask for it whatever the page links: answer, so no page logs a 404.
    path("favicon.ico", views.favicon, name="favicon"),
]
