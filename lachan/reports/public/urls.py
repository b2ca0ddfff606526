from django.urls import URLPattern, URLResolver, path

from lachan.reports.public import views

app_name = "public_statistics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_view, name="year"),
    path("<int:year>/<str:province>/", views.province_view, name="province"),
]
