"""URLs: the admin, the language-neutral endpoints, and the public site under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from communique.editorial import views as editorial_views
from communique.newsroom import views as newsroom_views

urlpatterns = [
    # Before the admin's own: "view on site" checks the person's roles, not only is_staff.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(editorial_views.view_on_site),
        name="view_on_site",
    ),
    path("admin/account/", include("communique.accounts.urls")),
    path("admin/", admin.site.urls),
    path("", newsroom_views.root_redirect, name="root"),
    path("", include("communique.newsroom.urls_neutral")),
    path("", include("communique.distribution.urls_neutral")),
    # The JSON API is the same in every language: outside i18n_patterns.
    path("api/v1/", include("communique.api.urls")),
]
if settings.COMMUNIQUE_SERVE_MEDIA:
    # Pictures and documents of releases (embedded setup); nginx serves /media/ in production.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", newsroom_views.media_file))
urlpatterns += i18n_patterns(
    path("", include("communique.newsroom.urls")),
    path("", include("communique.comments.urls")),
    path("", include("communique.search.urls")),
    path("", include("communique.distribution.urls")),
    path("", include("communique.delivery.urls")),
    prefix_default_language=True,
)

handler404 = "communique.newsroom.views.page_not_found"
handler500 = "communique.newsroom.views.server_error"
