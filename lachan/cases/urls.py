from django.urls import URLPattern, URLResolver, path

from lachan.cases import views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("cooperation/", views.cooperation_list, name="cooperation"),
    path("cooperation/new/", views.cooperation_new, name="cooperation_new"),
    path("cooperation/<uuid:activity_id>/", views.cooperation_detail, name="cooperation_detail"),
    path(
        "cooperation/<uuid:activity_id>/follow-ups/",
        views.follow_up_add,
        name="follow_up_add",
    ),
    path(
        "cooperation/<uuid:activity_id>/follow-ups/<uuid:follow_up_id>/done/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/join-tip/", views.case_join_tip, name="join_tip"),
    path("<uuid:case_id>/status/<str:action>/", views.case_action, name="action"),
    path("<uuid:case_id>/suspects/new/", views.suspect_add, name="suspect_add"),
    path("<uuid:case_id>/suspects/<uuid:suspect_id>/", views.suspect_edit, name="suspect_edit"),
    path(
        "<uuid:case_id>/suspects/<uuid:suspect_id>/arrests/new/",
        views.arrest_add,
        name="arrest_add",
    ),
    path("<uuid:case_id>/events/<str:kind>/new/", views.event_add, name="event_add"),
    path("<uuid:case_id>/evidence/", views.evidence, name="evidence"),
    path("<uuid:case_id>/evidence/new/", views.evidence_add, name="evidence_add"),
    path(
        "<uuid:case_id>/evidence/<uuid:item_id>/custody/",
        views.custody_add,
        name="custody_add",
    ),
    path(
        "<uuid:case_id>/evidence/<uuid:item_id>/attachments/",
        views.evidence_attachment_add,
        name="evidence_attachment_add",
    ),
    path(
        "<uuid:case_id>/evidence/attachments/<uuid:attachment_id>/",
        views.evidence_attachment,
        name="evidence_attachment",
    ),
]
