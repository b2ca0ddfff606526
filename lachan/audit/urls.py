from django.urls import path

from lachan.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.csv", views.export, name="export"),
    path("break-glass/", views.break_glass_log, name="break_glass_log"),
]
