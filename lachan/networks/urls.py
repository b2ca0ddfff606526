from django.urls import URLPattern, URLResolver, path

from lachan.networks import views

app_name = "networks"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.network_home, name="home"),
    path("view/", views.network_page, name="view"),
    path("export/", views.network_export, name="export"),
    path("person/<uuid:person_id>/", views.person_network, name="person"),
    path("case/<uuid:case_id>/", views.case_network, name="case"),
    path("tip/<uuid:tip_id>/", views.tip_network, name="tip"),
    path("tracked/new/", views.tracked_create, name="tracked_create"),
    path("tracked/<uuid:network_id>/", views.tracked_page, name="tracked"),
    path("tracked/<uuid:network_id>/refresh/", views.tracked_refresh, name="tracked_refresh"),
    path("tracked/<uuid:network_id>/edit/", views.tracked_rename, name="tracked_rename"),
    path(
        "tracked/<uuid:network_id>/remove/",
        views.tracked_remove_member,
        name="tracked_remove_member",
    ),
    path("tracked/<uuid:network_id>/close/", views.tracked_close, name="tracked_close"),
    path("tracked/<uuid:network_id>/export/", views.tracked_export, name="tracked_export"),
]
