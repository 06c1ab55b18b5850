"""Addresses that are the same in every language: robots.txt and the sitemaps."""

from django.urls import path

from communique.distribution import sitemaps, views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    # Before the per-language pattern, which "news" would match too.
    path("sitemaps/news.xml", sitemaps.news, name="sitemap-news"),
    # A page after the first: `en-2.xml` (the section is a language code, which never ends
    # in a hyphen and digits).
    path(
        "sitemaps/<slug:section>-<int:page>.xml",
        sitemaps.language_sitemap,
        name="sitemap-language-page",
    ),
    path("sitemaps/<slug:section>.xml", sitemaps.language_sitemap, name="sitemap-language"),
]
