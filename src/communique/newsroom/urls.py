from django.urls import path

from communique.newsroom import converters, views  # noqa: F401 - converters registers <id:> and <year:>

app_name = "newsroom"
urlpatterns = [
    path("", views.home, name="home"),
    path("offices/", views.office_list, name="offices"),
    path("offices/<slug:slug>/", views.office_detail, name="office"),
    path("offices/<slug:slug>/<year:year>/", views.office_year, name="office-year"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("releases/<id:pk>/", views.release_detail, name="release-short"),
    path("releases/<id:pk>/<str:slug>/", views.release_detail, name="release"),
]
