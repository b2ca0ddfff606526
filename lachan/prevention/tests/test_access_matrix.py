"""Role × action matrix of prevention, over the API (pages use the same policy).

Every actor works for the Hải Phòng provincial police; the activity was organised by
the commune committee below it (subtree) and recorded by that committee's officer. A
denied cell answers 404 and leaves the activity and the audit trail as they were."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.prevention.models import Activity
from lachan.prevention.tests.helpers import GOOD_ROW, filled_template, record

OK, NO = "ok", "404"
ACTIONS = ("list", "detail", "record", "update", "import", "export", "numbers")
EXPECTED: dict[str, tuple[str, ...]] = {
    Role.OFFICER: (OK, OK, OK, NO, OK, OK, NO),
    Role.SOCIAL_WORKER: (OK, OK, OK, NO, OK, OK, NO),
    Role.SUPERVISOR: (OK, OK, OK, OK, OK, OK, OK),
    Role.ANALYST: (NO, NO, NO, NO, NO, NO, OK),
    Role.INTAKE_OPERATOR: (NO,) * 7,
    Role.AGENCY_ADMIN: (NO,) * 7,
    Role.SYSTEM_ADMIN: (NO,) * 7,
    Role.AUDITOR: (NO,) * 7,
}
PAYLOAD = {
    "kind": "awareness",
    "title": "Tuyên truyền tại chợ phiên",
    "start_date": "2025-04-02",
    "format": "direct",
    "sessions": 1,
    "attendees": 60,
}


def _do(client: Any, action: str, activity: Activity) -> Any:
    api = "/api/v1/prevention"
    body = {**PAYLOAD, "admin_unit_code": commune_of("31").code}
    if action == "list":
        return client.get(f"{api}/activities")
    if action == "detail":
        return client.get(f"{api}/activities/{activity.pk}")
    if action == "record":
        return client.post(f"{api}/activities", body, content_type="application/json")
    if action == "update":
        return client.put(
            f"{api}/activities/{activity.pk}",
            {**body, "attendees": 1},
            content_type="application/json",
        )
    if action == "import":
        content = base64.b64encode(filled_template([GOOD_ROW])).decode()
        return client.post(
            f"{api}/activities/import", {"content_base64": content}, content_type="application/json"
        )
    if action == "export":
        return client.get(f"{api}/activities/export")
    return client.get(f"{api}/numbers?start=2025-01-01&end=2025-12-31")


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix(
    role: str,
    action: str,
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Any],
    hp_agency: Any,
    hp_commune_officer: Any,
) -> None:
    activity = record(hp_commune_officer)
    actor = make_user(role=role, agency=hp_agency)
    before_events = AuditEvent.objects.count()
    before = list(Activity.objects.order_by("pk").values_list("pk", "attendees", "updated_at"))
    response = _do(client_for(actor), action, activity)
    expected = EXPECTED[role][ACTIONS.index(action)]
    if expected == OK:
        assert response.status_code in (200, 201), (role, action, response.content)
        return
    assert response.status_code == 404, (role, action, response.status_code, response.content)
    assert json.loads(response.content)["code"] == "not_found"
    assert (
        list(Activity.objects.order_by("pk").values_list("pk", "attendees", "updated_at")) == before
    )
    assert AuditEvent.objects.count() == before_events


def test_other_province_sees_nothing(
    client_for: Callable[[Any], Any], hp_commune_officer: Any, na_supervisor: Any
) -> None:
    activity = record(hp_commune_officer)
    client = client_for(na_supervisor)
    assert client.get(f"/api/v1/prevention/activities/{activity.pk}").status_code == 404
    assert client.get(f"/prevention/{activity.pk}/").status_code == 404
    assert json.loads(client.get("/api/v1/prevention/activities").content)["items"] == []
