from django.urls import URLPattern, URLResolver, path

from lachan.linkage import views

app_name = "linkage"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("pairs/<uuid:pair_id>/", views.pair_detail, name="pair"),
    path("pairs/<uuid:pair_id>/decide/", views.pair_decide, name="decide"),
    path("clusters/<uuid:cluster_id>/unmerge/", views.cluster_unmerge, name="unmerge"),
    path("runs/", views.relink_start, name="relink"),
    path("runs/<uuid:run_id>/", views.run_detail, name="run"),
]
