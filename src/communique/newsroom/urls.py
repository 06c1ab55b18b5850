from django.urls import path

from communique.newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("", views.home, name="home"),
    path("offices/", views.office_list, name="offices"),
    path("offices/<slug:slug>/", views.office_detail, name="office"),
    path("offices/<slug:slug>/<int:year>/", views.office_year, name="office-year"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("releases/<int:pk>/", views.release_detail, name="release-short"),
    path("releases/<int:pk>/<str:slug>/", views.release_detail, name="release"),
]
