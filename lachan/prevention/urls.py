from django.urls import URLPattern, URLResolver, path

from lachan.prevention import views

app_name = "prevention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("import/", views.activity_import, name="activity_import"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("export/", views.activity_export, name="activity_export"),
    path("<uuid:activity_id>/", views.activity_detail, name="activity_detail"),
    path("<uuid:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<uuid:activity_id>/teams/", views.team_add, name="team_add"),
    path("<uuid:activity_id>/participants/", views.participation_add, name="participation_add"),
    path("<uuid:activity_id>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<uuid:activity_id>/attachments/<uuid:attachment_id>/",
        views.attachment_get,
        name="attachment",
    ),
    path("models/", views.model_list, name="model_list"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/<uuid:model_id>/", views.model_detail, name="model_detail"),
    path("models/<uuid:model_id>/reviews/", views.model_review, name="model_review"),
    path("models/<uuid:model_id>/replicate/", views.model_replicate, name="model_replicate"),
]
