"""Addresses under the reader's language: feeds, the Follow page, ninjs and PDF of a text."""

from django.urls import path, register_converter

from communique.distribution import views
from communique.newsroom import converters  # noqa: F401 - registers <id:>


class FeedFormatConverter:
    regex = "rss|atom|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feedformat")

app_name = "distribution"
urlpatterns = [
    path("feeds/", views.follow, name="follow"),
    path("feeds/releases.<feedformat:fmt>", views.feed, name="feed"),
    path(
        "feeds/offices/<slug:slug>.<feedformat:fmt>",
        views.feed,
        {"scope": "office"},
        name="office-feed",
    ),
    path(
        "feeds/categories/<slug:slug>.<feedformat:fmt>",
        views.feed,
        {"scope": "category"},
        name="category-feed",
    ),
    path(
        "feeds/kinds/<slug:slug>.<feedformat:fmt>", views.feed, {"scope": "kind"}, name="kind-feed"
    ),
    path("releases/<id:pk>/ninjs.json", views.ninjs, name="ninjs"),
]
