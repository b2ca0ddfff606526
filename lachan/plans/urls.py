from django.urls import URLPattern, URLResolver, path

from lachan.plans import views

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/directives/", views.directive_add, name="directive_add"),
    path("<uuid:plan_id>/indicators/new/", views.indicator_add, name="indicator_add"),
    path(
        "<uuid:plan_id>/indicators/<uuid:indicator_id>/revise/",
        views.indicator_revise,
        name="indicator_revise",
    ),
    path(
        "<uuid:plan_id>/planned/<uuid:planned_id>/link/",
        views.planned_link,
        name="planned_link",
    ),
]
