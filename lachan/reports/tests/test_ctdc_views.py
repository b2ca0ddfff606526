"""The partner export page and API operation (mounted here on a test URLconf: the
reports URLconf and API mount them as ``reports:partner_data`` and
/api/v1/reports/partner-data/)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI
from openpyxl import load_workbook

from config.api import BearerTokenAuth, SessionAuth, error_body
from config.urls import urlpatterns as project_urls
from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.core.errors import DomainError
from lachan.core.testing.factories import logged_in_client
from lachan.reports.disclosure import api as partner_api
from lachan.reports.disclosure import urls as partner_urls
from lachan.reports.disclosure.ctdc import COLUMNS

_test_api = NinjaAPI(
    auth=[SessionAuth(csrf=True), BearerTokenAuth()], urls_namespace="partner_test_api"
)
_test_api.add_router("/partner-data", partner_api.router)


@_test_api.exception_handler(DomainError)
def _on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _test_api.create_response(
        request, error_body(exc.code, str(exc.message), exc.fields), status=exc.http_status
    )


urlpatterns = [
    *project_urls,
    path("partner-data/", include((partner_urls.urlpatterns, "partner_test"))),
    path("api/test/", _test_api.urls),
]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


def test_analyst_downloads_excel_and_it_is_audited(make_user: Callable[..., Any]) -> None:
    client = logged_in_client(make_user(role=Role.ANALYST))
    page = client.get("/partner-data/")
    assert page.status_code == 200
    assert "Dữ liệu cho đối tác (CTDC)" in page.content.decode()
    before = AuditEvent.objects.filter(action="reports.export_ctdc").count()
    response = client.post(
        "/partner-data/", {"year_from": 2021, "year_to": 2025, "file_format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ctdc-2021-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["CTDC"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert AuditEvent.objects.filter(action="reports.export_ctdc").count() == before + 1


def test_a_period_over_ten_years_is_refused_on_the_page(make_user: Callable[..., Any]) -> None:
    client = logged_in_client(make_user(role=Role.ANALYST))
    response = client.post(
        "/partner-data/", {"year_from": 2012, "year_to": 2025, "file_format": "csv"}
    )
    assert response.status_code == 422
    assert "không quá mười năm" in response.content.decode()
    assert not AuditEvent.objects.filter(action="reports.export_ctdc").exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.SOCIAL_WORKER])
def test_other_roles_get_404(make_user: Callable[..., Any], role: Role) -> None:
    client = logged_in_client(make_user(role=role))
    assert client.get("/partner-data/").status_code == 404
    response = client.post(
        "/partner-data/", {"year_from": 2021, "year_to": 2025, "file_format": "csv"}
    )
    assert response.status_code == 404
    assert client.get("/api/test/partner-data/ctdc?year_from=2021&year_to=2025").status_code == 404
    assert not AuditEvent.objects.filter(action="reports.export_ctdc").exists()


def test_api_returns_the_csv(make_user: Callable[..., Any]) -> None:
    client = logged_in_client(make_user(role=Role.ANALYST))
    response = client.get("/api/test/partner-data/ctdc?year_from=2021&year_to=2025&file_format=csv")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)
    assert AuditEvent.objects.filter(action="reports.export_ctdc").count() == 1
