from django.urls import path

from lachan.tips import views
from lachan.tips.public import views as public_views
from lachan.tips.transitions import Transition

app_name = "tips"
urlpatterns = [
    path("", views.tip_queue, name="queue"),
    # Public pages (no login): lachan/tips/public/.
    path("public/new/", public_views.public_tip_new, name="public_new"),
    path("public/follow-up/", public_views.public_follow_up, name="public_follow_up"),
    path("new/", views.tip_register, name="register"),
    path("export/", views.tip_export, name="export"),
    path("<uuid:tip_id>/", views.tip_detail, name="detail"),
    path("<uuid:tip_id>/similar/", views.tip_similar, name="similar"),
    path("<uuid:tip_id>/attachments/", views.tip_attachment_add, name="attachment_add"),
    path(
        "<uuid:tip_id>/attachments/<uuid:attachment_id>/",
        views.tip_attachment,
        name="attachment",
    ),
    *[
        path(
            f"<uuid:tip_id>/{transition.value.replace('_', '-')}/",
            views.tip_action,
            {"action": transition.value},
            name=transition.value,
        )
        for transition in Transition
    ],
]
