"""The pages and the API show the same numbers; analysts see aggregates only."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lachan.reports import services
from lachan.reports.models import PeriodReport, ReportStatus
from lachan.reports.periods import parse_period

pytestmark = pytest.mark.django_db


def test_analysis_page_charts_map_and_tables(
    sample_tips: Any, analyst: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(analyst)
    client.get("/reports/?year=2025")
    with django_assert_max_num_queries(12):
        response = client.get("/reports/?year=2025&province=31")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="analysis-total">6<' in html
    assert html.count("<svg") == 3  # trend, map, breakdown — all server-side
    assert "<script" not in html.split('<main id="main"')[1]
    assert 'data-code="31"' in html
    assert "Tố giác về tội phạm" in html
    # The same through the API.
    api = client.get("/api/v1/reports/analysis?year=2025&place_code=31").json()
    assert api["total"] == 6
    assert [m["value"] for m in api["months"]][2] == 3
    assert len(api["provinces"]) == 34


def test_analysis_legacy_grouping_page(sample_tips: Any, analyst: Any, client_for: Any) -> None:
    response = client_for(analyst).get("/reports/?year=2025&grouping=legacy")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<path d=") == 63  # one shape per legacy province


def test_numbers_are_vietnamese_style(analyst: Any, client_for: Any, monkeypatch: Any) -> None:
    from lachan.reports import selectors

    real = selectors._tips_analysis

    def bigger(actor: Any, filters: Any, scope: Any) -> Any:
        result = real(actor, filters, scope)
        result.total = 54131
        return result

    monkeypatch.setattr(selectors, "_tips_analysis", bigger)
    html = client_for(analyst).get("/reports/?year=2025").content.decode()
    assert 'data-testid="analysis-total">54.131<' in html


def test_analyst_sees_aggregates_only(sample_tips: Any, analyst: Any, client_for: Any) -> None:
    client = client_for(analyst)
    numbers = [t.register_number for t in sample_tips]
    pages = [
        client.get("/reports/?year=2025").content.decode(),
        client.get("/reports/?year=2025&breakdown=channel").content.decode(),
        client.get("/api/v1/reports/analysis?year=2025").content.decode(),
        client.get("/").content.decode(),
    ]
    for page in pages:
        for number in numbers:
            assert number not in page
        assert "lương cao" not in page  # the tips' content
    # and the record pages stay closed
    assert client.get("/tips/").status_code == 404
    assert client.get(f"/tips/{sample_tips[0].pk}/").status_code == 404
    assert client.get(f"/api/v1/tips/{sample_tips[0].pk}").status_code == 404
    assert client.get("/people/").status_code == 404


def test_home_dashboard(sample_tips: Any, hp_supervisor: Any, client_for: Any) -> None:
    report = services.period_report_request(actor=hp_supervisor, period=parse_period("2025"))
    services.period_report_produce(report_id=report.pk)
    html = client_for(hp_supervisor).get("/").content.decode()
    assert 'data-testid="reports-home"' in html
    assert report.title in html
    assert 'data-testid="home-trend"' in html


def test_home_has_no_dashboard_for_an_officer(officer: Any, client_for: Any) -> None:
    html = client_for(officer).get("/").content.decode()
    assert 'data-testid="reports-home"' not in html


def test_progress_page_and_fragment(hp_supervisor: Any, client_for: Any) -> None:
    client = client_for(hp_supervisor)
    response = client.post("/reports/period/", {"period": "2025", "title": "Báo cáo năm 2025"})
    assert response.status_code == 302
    report = PeriodReport.objects.get()
    assert report.title == "Báo cáo năm 2025" and report.agency_id == hp_supervisor.agency_id
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in page and 'http-equiv="refresh"' in page
    assert 'hx-trigger="every 2s"' in page
    PeriodReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=40)
    fragment = client.get(f"/reports/period/{report.pk}/?fragment=1").content.decode()
    assert re.search(r'<progress[^>]*value="40"', fragment)
    assert fragment.lstrip().startswith("<section")
    api = client.get(f"/api/v1/reports/period-reports/{report.pk}").json()
    assert (api["status"], api["progress"], api["files"]) == ("running", 40, [])
    PeriodReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    services.period_report_produce(report_id=report.pk)
    done = client.get(f"/reports/period/{report.pk}/").content.decode()
    assert 'data-testid="download-xlsx"' in done and "http-equiv" not in done
    api = client.get(f"/api/v1/reports/period-reports/{report.pk}").json()
    assert api["files"] == ["xlsx", "pdf"]
    file = client.get(f"/api/v1/reports/period-reports/{report.pk}/files/xlsx")
    assert file.status_code == 200 and file.content[:2] == b"PK"


def test_bad_period_is_a_structured_error(analyst: Any, client_for: Any) -> None:
    response = client_for(analyst).post(
        "/api/v1/reports/period-reports", {"period": "2025-H3"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed" and "period" in body["fields"]


def test_another_domain_page_shows_each_breakdown(
    analyst: Any, client_for: Any, monkeypatch: Any
) -> None:
    """Sex, CTDC age band, target group… come from the domains' selectors."""
    from lachan.reports.sources import Breakdown, Figure, SectionData, source_for

    def fake(actor: Any, scope: Any) -> SectionData:
        return SectionData(
            key="victims",
            title="Nạn nhân và hỗ trợ",
            available=True,
            figures=(Figure("received", "Persons received", 1024),),
            breakdowns=(
                Breakdown("by_sex", "Theo giới tính", (("female", 900), ("male", 124))),
                Breakdown("by_age_band", "Theo nhóm tuổi (CTDC)", (("18-20", 400),)),
            ),
        )

    monkeypatch.setattr(source_for("victims"), "section", fake)
    html = client_for(analyst).get("/reports/?year=2025&domain=victims").content.decode()
    assert html.count('data-testid="section-chart"') == 2
    assert "Theo giới tính" in html and "Theo nhóm tuổi (CTDC)" in html
    assert 'data-testid="analysis-total">1.024<' in html
    assert html.count("<path d=") == 34  # the map: the headline figure per province


def test_home_plan_indicators_have_headers_and_no_internal_codes(
    hp_supervisor: Any, client_for: Any
) -> None:
    import datetime as dt

    from lachan.plans import services as plan_services

    plan = plan_services.plan_create_from_template(
        actor=hp_supervisor, template_key="annual", year=dt.date.today().year
    )
    codes = list(plan.indicators.values_list("code", flat=True))
    assert codes  # the seed template has indicators
    html = client_for(hp_supervisor).get("/").content.decode()
    table = html.split('data-testid="home-plan-indicators"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Chỉ tiêu</th>' in table
    assert '<th scope="col">Chỉ tiêu đặt ra</th>' in table
    for code in codes:
        assert f">{code} " not in table and f" {code}<" not in table
