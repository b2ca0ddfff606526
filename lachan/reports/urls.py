from django.urls import URLPattern, URLResolver, include, path

from lachan.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.analysis_view, name="analysis"),
    path("period/", views.period_report_list, name="period_list"),
    path("period/<uuid:report_id>/", views.period_report_detail, name="period_detail"),
    path(
        "period/<uuid:report_id>/<str:fmt>/",
        views.period_report_download,
        name="period_download",
    ),
    # The CTDC/HTCDS export for partners, through the disclosure layer.
    path("partner-data/", include("lachan.reports.disclosure.urls")),
]
