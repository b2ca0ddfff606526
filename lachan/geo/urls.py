from django.urls import URLPattern, URLResolver, path

from lachan.geo import views

app_name = "geo"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search, name="search"),
    path("communes/", views.commune_options, name="communes"),
    path("units/<str:era>/<str:code>/", views.unit_detail, name="unit"),
]
