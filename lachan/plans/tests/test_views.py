"""Plans pages and API: create from the template, the plan page with each indicator
against its target, bounded queries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from lachan.plans.models import Plan
from lachan.prevention.tests.helpers import record


def test_create_from_template_and_see_the_indicators(
    client_for: Any, hp_supervisor: Any, hp_commune_officer: Any, django_assert_max_num_queries: Any
) -> None:
    record(hp_commune_officer, sessions=4, attendees=500, start_date=dt.date(2025, 7, 29))
    client = client_for(hp_supervisor)
    assert "Tạo kế hoạch theo mẫu" in client.get("/plans/new/").content.decode()
    response = client.post(
        "/plans/new/",
        {
            "template_key": "campaign_30_7",
            "year": "2025",
            "directive_number": "456/KH-BCĐ138",
            "directive_date": "01/06/2025",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    with django_assert_max_num_queries(30):
        page = client.get(f"/plans/{plan.pk}/?as_of=31/07/2025")
    body = page.content.decode()
    assert "456/KH-BCĐ138" in body
    assert "Số cuộc tuyên truyền trong tháng 7" in body
    rows = {r.code: r for r in page.context["progress"].indicators}
    assert rows["july_sessions"].value == 4 and rows["july_sessions"].status == "missed"
    assert rows["july_attendees"].value == 500
    assert "Mít tinh hưởng ứng Ngày toàn quốc phòng, chống mua bán người" in body
    assert "Diễn biến theo tháng" not in body  # the trend on request only
    trend = client.get(f"/plans/{plan.pk}/?as_of=31/07/2025&trend=1")
    assert "Diễn biến theo tháng" in trend.content.decode()
    july = {r.code: r for r in trend.context["progress"].indicators}["july_sessions"]
    assert [(p.month, p.value) for p in july.trend] == [("07/2025", 4)]


def test_progress_api(client_for: Any, hp_supervisor: Any) -> None:
    client = client_for(hp_supervisor)
    created = client.post(
        "/api/v1/plans/from-template",
        {
            "template_key": "annual",
            "year": 2025,
            "directives": [{"number": "1/CT", "issued_on": "2025-01-05"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    plan = json.loads(created.content)
    assert [i["code"] for i in plan["indicators"]] == [
        "tips_classified",
        "tips_resolved",
        "cases_solved",
    ]
    progress = json.loads(
        client.get(f"/api/v1/plans/{plan['id']}/progress?as_of=2025-12-31").content
    )
    by_code = {i["code"]: i for i in progress["indicators"]}
    assert by_code["tips_classified"]["target"] == "100.00"
    assert by_code["tips_classified"]["status"] == "no_data"
    measures = json.loads(client.get("/api/v1/plans/measures").content)
    assert "prevention.border_meetings" in [m["key"] for m in measures]
    bad = client.post(
        f"/api/v1/plans/{plan['id']}/indicators",
        {"label": "", "measure": "x", "comparison": "gte", "target": "1"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert set(json.loads(bad.content)["fields"]) == {"label", "measure"}
