"""/api/v1/: the operations, the OpenAPI document, the docs page, and a JSON 404 for the rest."""

from django.urls import path, re_path

from communique.api import read, write  # noqa: F401 - registers the operations
from communique.api.site import api, not_found

urlpatterns = [
    path("", api.urls),
    re_path(r"^.*$", not_found),
]
