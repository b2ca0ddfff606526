"""Role × action matrix of plans, over the API (pages use the same policy). Every actor
works for the Hải Phòng provincial police, which owns the plan. A denied cell answers 404
and leaves plans, indicators and the audit trail as they were."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.plans import services
from lachan.plans.models import IndicatorVersion, Plan

OK, NO = "ok", "404"
ACTIONS = ("list", "detail", "progress", "create", "indicator", "revise", "directive")
READ = (OK, OK, OK)
EXPECTED: dict[str, tuple[str, ...]] = {
    Role.OFFICER: (*READ, NO, NO, NO, NO),
    Role.SOCIAL_WORKER: (*READ, NO, NO, NO, NO),
    Role.SUPERVISOR: (OK,) * 7,
    Role.ANALYST: (*READ, NO, NO, NO, NO),
    Role.INTAKE_OPERATOR: (NO,) * 7,
    Role.AGENCY_ADMIN: (NO,) * 7,
    Role.SYSTEM_ADMIN: (NO,) * 7,
    Role.AUDITOR: (NO,) * 7,
}
INDICATOR = {
    "label": "Số lượt người được tuyên truyền",
    "measure": "prevention.attendees",
    "comparison": "gte",
    "target": "5000",
}


def _do(client: Any, action: str, plan: Plan) -> Any:
    api = "/api/v1/plans"
    if action == "list":
        return client.get(f"{api}/")
    if action == "detail":
        return client.get(f"{api}/{plan.pk}")
    if action == "progress":
        return client.get(f"{api}/{plan.pk}/progress?as_of=2025-06-30")
    if action == "create":
        body = {"template_key": "campaign_30_7", "year": 2025}
        return client.post(f"{api}/from-template", body, content_type="application/json")
    if action == "indicator":
        return client.post(
            f"{api}/{plan.pk}/indicators", INDICATOR, content_type="application/json"
        )
    if action == "revise":
        indicator = plan.indicators.get(code="tips_resolved")
        body = {**INDICATOR, "measure": "tips.resolved_rate", "target": "95"}
        return client.post(
            f"{api}/{plan.pk}/indicators/{indicator.pk}/versions",
            body,
            content_type="application/json",
        )
    body = {"number": "99/KH-UBND", "issued_on": "2025-02-01"}
    return client.post(f"{api}/{plan.pk}/directives", body, content_type="application/json")


def _state() -> tuple[Any, ...]:
    return (
        list(Plan.objects.order_by("pk").values_list("pk", "updated_at")),
        list(IndicatorVersion.objects.order_by("pk").values_list("pk", "target")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix(
    role: str,
    action: str,
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Any],
    hp_agency: Any,
    hp_supervisor: Any,
) -> None:
    plan = services.plan_create_from_template(actor=hp_supervisor, template_key="annual", year=2025)
    actor = make_user(role=role, agency=hp_agency)
    before = _state()
    response = _do(client_for(actor), action, plan)
    expected = EXPECTED[role][ACTIONS.index(action)]
    if expected == OK:
        assert response.status_code in (200, 201), (role, action, response.content)
        return
    assert response.status_code == 404, (role, action, response.status_code, response.content)
    assert json.loads(response.content)["code"] == "not_found"
    assert _state() == before
