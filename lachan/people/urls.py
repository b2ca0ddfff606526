from django.urls import path

from lachan.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:person_id>/identifiers/add/", views.identifier_add, name="identifier_add"),
    path(
        "<uuid:person_id>/identifiers/<uuid:identifier_id>/remove/",
        views.identifier_remove,
        name="identifier_remove",
    ),
    path("<uuid:person_id>/addresses/add/", views.address_add, name="address_add"),
    path(
        "<uuid:person_id>/addresses/<uuid:address_id>/remove/",
        views.address_remove,
        name="address_remove",
    ),
]
