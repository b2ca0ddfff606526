"""Tips over the API: register, queues, each transition, messages, numbers, export,
structured errors, and 404 out of reach (Nghệ An supervisor vs a Hải Phòng tip)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.tips.models import Tip
from lachan.tips.tests.helpers import make_tip, past_deadline, snapshot

URL = "/api/v1/tips/"


def _json(response: Any) -> Any:
    return json.loads(response.content)


def _post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(
        path, data or {}, content_type="application/json", headers={"Accept-Language": "vi"}
    )


def test_register_then_read_masked_then_reveal(client_for: Any, hp_operator: Any) -> None:
    client = client_for(hp_operator)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
    response = _post(
        client,
        URL,
        {
            "kind": "crime_report",
            "channel": "letter",
            "content": "Đơn trình báo: con gái mất liên lạc sau khi sang Malaysia.",
            "reporter": {"anonymous": False, "name": "võ thị hạnh", "phone": "0987654321"},
            "places": [
                {"admin_unit_code": commune_of("31").code},
                {"text": "tỉnh Bắc Giang", "role": "origin"},
            ],
            "identifiers": [{"kind": "telegram", "value": "@tuyen_dung_mly"}],
            "attachments": [
                {"filename": "don.png", "content_base64": base64.b64encode(png).decode()}
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = _json(response)
    assert (
        body["reporter"]["name"] == "V* T** H***" and body["reporter"]["identity_visible"] is False
    )
    assert body["status"] == "received" and body["register_number"].startswith("0001/")
    assert [p["admin_unit_code"] for p in body["places"]] == [commune_of("31").code, "24"]
    assert body["places"][1]["legacy_name"] != ""
    assert body["allowed_actions"] == ["classify"]
    assert body["attachments"][0]["content_type"] == "image/png"
    revealed = _json(client.get(f"{URL}{body['id']}", {"reveal_reporter": "true"}))
    assert revealed["reporter"]["name"] == "Võ Thị Hạnh"
    assert AuditEvent.objects.filter(action="tip.view_reporter").get().interface == "api"


def test_validation_errors_are_structured(client_for: Any, hp_operator: Any) -> None:
    response = _post(
        client_for(hp_operator),
        URL,
        {
            "kind": "denunciation",
            "channel": "hotline",
            "content": " ",
            "identifiers": [{"kind": "phone", "value": "12"}],
        },
    )
    assert response.status_code == 422
    body = _json(response)
    assert body["code"] == "validation_failed"
    assert body["fields"] == {
        "content": ["Hãy ghi nội dung tố giác, tin báo."],
        "identifiers.0.value": ["Số điện thoại không đúng độ dài."],
    }
    assert not Tip.objects.exists()


def test_a_whole_life_through_the_api(
    client_for: Any, hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = make_tip(hp_operator)
    supervisor, officer = client_for(hp_supervisor), client_for(hp_officer)
    base = f"{URL}{tip.pk}"
    assert (
        _post(
            supervisor,
            f"{base}/classify",
            {"trafficking_related": True, "exploitation_type": "sexual"},
        ).status_code
        == 200
    )
    assert (
        _post(supervisor, f"{base}/assign", {"assignee_id": str(hp_officer.pk)}).status_code == 200
    )
    assert _post(officer, f"{base}/verify").status_code == 200
    assert (
        _post(
            officer, f"{base}/complex", {"reason": "Phải xác minh ở nhiều địa phương"}
        ).status_code
        == 200
    )
    body = _json(
        _post(
            officer,
            f"{base}/extend",
            {
                "decision_number": "3/QĐ-VKS",
                "decision_date": dt.date.today().isoformat(),
                "months": 2,
            },
        )
    )
    assert body["extension_months"] == 2 and "extend" not in body["allowed_actions"]
    refused = _post(officer, f"{base}/suspend", {"reason": "valuation"})
    assert refused.status_code == 409
    assert _json(refused) == {
        "code": "transition_not_allowed",
        "message": "Chỉ được tạm đình chỉ khi đã hết thời hạn giải quyết.",
        "fields": {},
    }
    past_deadline(tip)
    assert (
        _json(_post(officer, f"{base}/suspend", {"reason": "valuation"}))["status"] == "suspended"
    )
    assert _json(_post(officer, f"{base}/resume", {"note": ""}))["status"] == "verifying"
    sent = _post(officer, f"{base}/messages", {"body": "Cảm ơn anh/chị đã báo tin."})
    assert sent.status_code == 201 and _json(sent)["direction"] == "to_reporter"
    assert [m["body"] for m in _json(officer.get(f"{base}/messages"))] == [
        "Cảm ơn anh/chị đã báo tin."
    ]
    decided = _json(
        _post(
            officer,
            f"{base}/decide",
            {"decision": "decline", "decline_reason": "Không có dấu hiệu tội phạm"},
        )
    )
    assert (decided["status"], decided["decision"], decided["deadline_at"]) == (
        "decided",
        "decline",
        None,
    )
    assert [h["action"] for h in decided["history"]] == [
        "register",
        "classify",
        "assign",
        "verify",
        "mark_complex",
        "extend",
        "suspend",
        "resume",
        "decide",
    ]
    permission = _post(
        client_for(hp_operator),
        f"{base}/decide",
        {"decision": "decline", "decline_reason": "xxxxxxxxxxxxxxx"},
    )
    assert permission.status_code == 403 and _json(permission)["code"] == "permission_denied"


def test_queues_counters_and_transfer(
    client_for: Any, hp_operator: Any, hp_supervisor: Any, na_agency: Any
) -> None:
    a, b = make_tip(hp_operator), make_tip(hp_operator, channel="letter")
    client = client_for(hp_supervisor)
    page = _json(client.get(URL, {"queue": "unassigned", "channel": "letter"}))
    assert [row["id"] for row in page["items"]] == [str(b.pk)]
    page = _json(client.get(URL, {"limit": 1}))
    nxt = _json(client.get(URL, {"limit": 1, "cursor": page["next_cursor"]}))
    assert [page["items"][0]["id"], nxt["items"][0]["id"]] == [str(b.pk), str(a.pk)]
    assert _json(client.get(f"{URL}counters")) == {"overdue": 0, "due_soon": 0}
    bad = client.get(URL, {"queue": "everything"})
    assert bad.status_code == 422 and list(_json(bad)["fields"]) == ["queue"]
    moved = _json(_post(client, f"{URL}{a.pk}/transfer", {"to_agency_id": str(na_agency.pk)}))
    assert moved["status"] == "transferred" and moved["transferred_to_name"] == na_agency.name
    assert Tip.objects.filter(receiving_agency=na_agency, transferred_from=a).count() == 1


def test_group_two_tips(client_for: Any, hp_operator: Any, hp_supervisor: Any) -> None:
    a, b = make_tip(hp_operator), make_tip(hp_operator)
    body = _json(_post(client_for(hp_supervisor), f"{URL}{a.pk}/group", {"other_id": str(b.pk)}))
    assert [t["id"] for t in body["group_tips"]] == [str(b.pk)]


def test_numbers_and_export(
    client_for: Any, hp_operator: Any, hp_analyst: Any, hp_officer: Any
) -> None:
    make_tip(hp_operator)
    today = dt.date.today().isoformat()
    period = {"period_start": "2020-01-01", "period_end": "2030-12-31"}
    numbers = _json(client_for(hp_analyst).get(f"{URL}numbers", period))
    assert (numbers["received"], numbers["resolved"], numbers["resolution_rate"]) == (1, 0, 0.0)
    assert client_for(hp_officer).get(f"{URL}numbers", period).status_code == 404
    # The analyst sees numbers, never rows.
    assert _json(client_for(hp_analyst).get(URL))["code"] == "not_found"
    response = client_for(hp_operator).get(
        f"{URL}export", {"period_start": today, "period_end": today}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=3).value == "ẩn danh"


def test_deadline_rules_for_system_administrators(
    client_for: Any, sysadmin: Any, hp_supervisor: Any
) -> None:
    rules = _json(client_for(sysadmin).get(f"{URL}deadline-rules"))
    assert {r["code"]: r["amount"] for r in rules}["decision"] == 20
    response = client_for(sysadmin).patch(
        f"{URL}deadline-rules/decision", {"amount": 25}, content_type="application/json"
    )
    assert _json(response)["amount"] == 25
    assert client_for(hp_supervisor).get(f"{URL}deadline-rules").status_code == 404


def test_nghe_an_supervisor_gets_404_for_a_hai_phong_tip(
    client_for: Any, hp_operator: Any, na_supervisor: Any, na_officer: Any
) -> None:
    tip = make_tip(hp_operator)
    client = client_for(na_supervisor)
    before = snapshot()
    base = f"{URL}{tip.pk}"
    for response in (
        client.get(base),
        client.get(base, {"reveal_reporter": "true"}),
        _post(client, f"{base}/classify", {"trafficking_related": True}),
        _post(client, f"{base}/assign", {"assignee_id": str(na_officer.pk)}),
        _post(client, f"{base}/messages", {"body": "x"}),
        client.get(f"{base}/messages"),
        _post(client, f"{base}/group", {"other_id": str(tip.pk)}),
        client.get(f"{URL}not-a-uuid"),
    ):
        assert response.status_code == 404, response.content
        body = _json(response)
        assert body["code"] == "not_found" and set(body) == {"code", "message", "fields"}
    assert _json(client.get(URL))["items"] == []
    assert snapshot() == before


@pytest.mark.parametrize("role", ["social_worker", "agency_admin", "auditor"])
def test_roles_without_tips_see_nothing(
    client_for: Any, make_user: Any, hp_agency: Any, hp_operator: Any, role: str
) -> None:
    tip = make_tip(hp_operator)
    client = client_for(make_user(role=role, agency=hp_agency))
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{tip.pk}").status_code == 404
