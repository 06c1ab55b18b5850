from django.urls import path

from communique.comments import views
from communique.newsroom import converters  # noqa: F401 - registers <id:>

app_name = "comments"
urlpatterns = [
    # Not under releases/<pk>/: the newsroom's releases/<pk>/<slug>/ would take the address.
    path("comments/<id:pk>/", views.comment_post, name="post"),
    path("comments/<id:pk>/token", views.comment_token, name="token"),
]
