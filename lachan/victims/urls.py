from django.urls import URLPattern, URLResolver, path

from lachan.victims import views

app_name = "victims"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.victim_list, name="list"),
    path("new/", views.victim_receive, name="receive"),
    path("handover/", views.handover_create, name="handover"),
    path("referrals/", views.referral_inbox, name="referrals"),
    path("referrals/<uuid:referral_id>/answer/", views.referral_answer, name="referral_answer"),
    path("<uuid:record_id>/", views.victim_detail, name="detail"),
    path("<uuid:record_id>/exploitation/", views.victim_exploitation, name="exploitation"),
    path("<uuid:record_id>/<slug:action>/", views.victim_action, name="action"),
]
