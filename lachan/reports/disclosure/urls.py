"""Mounted inside the reports namespace (``reports:partner_data``) by
``lachan/reports/urls.py``: ``path("partner-data/", include("lachan.reports.disclosure.urls"))``."""

from django.urls import URLPattern, URLResolver, path

from lachan.reports.disclosure import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ctdc_export_view, name="partner_data"),
]
