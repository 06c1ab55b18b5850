from django.contrib import admin
from django.urls import path

from communique.accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", admin.site.admin_view(views.two_factor), name="two-factor"),
]
