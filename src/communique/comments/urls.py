from django.urls import path

from communique.comments import views

app_name = "comments"
urlpatterns = [
    # Not under releases/<pk>/: the newsroom's releases/<pk>/<slug>/ would take the address.
    path("comments/<int:pk>/", views.comment_post, name="post"),
]
