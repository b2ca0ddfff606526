"""Role × action matrix of the reports domain. Supervisors and analysts see aggregates
and produce period reports; every other role gets 404 (never 403), and a denied request
changes nothing and writes no audit event."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.reports import services
from lachan.reports.models import PeriodReport
from lachan.reports.periods import parse_period

pytestmark = pytest.mark.django_db
ALLOWED = {Role.SUPERVISOR, Role.ANALYST}
ROLES = list(Role)


def _state() -> tuple[int, int]:
    return PeriodReport.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def done_report(hp_supervisor: Any) -> PeriodReport:
    report = services.period_report_request(actor=hp_supervisor, period=parse_period("2025"))
    services.period_report_produce(report_id=report.pk)
    return report


@pytest.mark.parametrize("role", ROLES)
def test_matrix(
    role: Role, make_user: Any, hp_agency: Any, client_for: Any, done_report: PeriodReport
) -> None:
    user = make_user(role=role, agency=hp_agency)
    client = client_for(user)
    allowed = role in ALLOWED
    expected = 200 if allowed else 404
    # analysis page and its API
    assert client.get("/reports/?year=2025").status_code == expected
    assert client.get("/api/v1/reports/analysis?year=2025").status_code == expected
    assert client.get("/api/v1/reports/sections").status_code == expected
    # the list of period reports
    assert client.get("/reports/period/").status_code == expected
    assert client.get("/api/v1/reports/period-reports").status_code == expected
    # the report of the agency: in reach for its supervisors and analysts
    assert client.get(f"/reports/period/{done_report.pk}/").status_code == expected
    before = _state()
    response = client.get(f"/reports/period/{done_report.pk}/pdf/")
    assert response.status_code == expected
    if allowed:
        assert response.content.startswith(b"%PDF")
        assert AuditEvent.objects.count() == before[1] + 1
    else:
        assert _state() == before
    # requesting a report
    before = _state()
    response = client.post("/reports/period/", {"period": "2025", "agency": str(hp_agency.pk)})
    if allowed:
        assert response.status_code == 302
        assert _state() == (before[0] + 1, before[1] + 1)
    else:
        assert response.status_code == 404
        assert _state() == before
    before = _state()
    api = client.post(
        "/api/v1/reports/period-reports", {"period": "2025-H1"}, content_type="application/json"
    )
    if allowed:
        assert api.status_code == 202
        assert api.json()["period_start"] == "2025-01-01"
        assert _state() == (before[0] + 1, before[1] + 1)
    else:
        assert api.status_code == 404
        assert api.json()["code"] == "not_found"
        assert _state() == before


def test_other_province_supervisor_cannot_reach_the_report(
    na_supervisor: Any, client_for: Any, done_report: PeriodReport
) -> None:
    client = client_for(na_supervisor)
    before = _state()
    assert client.get(f"/reports/period/{done_report.pk}/").status_code == 404
    assert client.get(f"/reports/period/{done_report.pk}/xlsx/").status_code == 404
    assert client.get(f"/api/v1/reports/period-reports/{done_report.pk}").status_code == 404
    assert (
        client.get(f"/api/v1/reports/period-reports/{done_report.pk}/files/pdf").status_code == 404
    )
    assert _state() == before


def test_supervisor_cannot_report_on_another_agency(
    hp_supervisor: Any, na_agency: Any, client_for: Any
) -> None:
    client = client_for(hp_supervisor)
    before = _state()
    response = client.post("/reports/period/", {"period": "2025", "agency": str(na_agency.pk)})
    assert response.status_code == 200  # the form again: that agency is not a choice
    assert "agency" in response.context["form"].errors
    api = client.post(
        "/api/v1/reports/period-reports",
        {"period": "2025", "agency_id": str(na_agency.pk)},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert _state() == before
