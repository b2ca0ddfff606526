"""The same flow over the API: open from a tip, suspects sharing a phone number with an
older case's suspect, an arrest, a hand-over at a border gate, the solved rate."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from lachan.audit.models import AuditEvent
from lachan.cases.models import Case, Suspect
from lachan.cases.tests.helpers import make_person, open_case, verifying_tip
from lachan.people.models import PersonIdentifier
from lachan.tips.models import TipStatus

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_journey_over_the_api(
    officer: Any, operator: Any, supervisor: Any, client_for: Any
) -> None:
    older = open_case(officer, number="1/VA-2025", prosecution_date=dt.date(2025, 6, 1))
    from lachan.cases import services

    services.suspect_add(
        actor=officer,
        case=older,
        person=make_person(officer, "Hoàng Văn Nam", "0912345678"),
        role="recruiter",
    )
    tip = verifying_tip(operator, supervisor, officer)
    client = client_for(officer)
    events_before = AuditEvent.objects.count()
    r = _post(
        client,
        "/api/v1/cases/from-tip",
        {
            "tip_id": str(tip.pk),
            "number": "7/VA-2026",
            "offence": "art150",
            "prosecution_date": tip.received_at.date().isoformat(),
            "places": [{"role": "exploited", "country": "CN", "text": "Hà Khẩu"}],
        },
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED and str(tip.case_id) == case_id
    assert [t["register_number"] for t in r.json()["source_tips"]] == [tip.register_number]
    ids = []
    for name, phone in (("Lò Văn Sơn", "0912 345 678"), ("Vi Thị Hoa", "+84912345678")):
        r = _post(
            client,
            f"/api/v1/cases/{case_id}/suspects",
            {
                "full_name": name,
                "phones": [phone],
                "role": "transporter",
            },
        )
        assert r.status_code == 201, r.content
        ids.append(r.json()["id"])
    # the new suspects share the older case's suspect's number (same blind index)
    indexes = set(
        PersonIdentifier.objects.filter(
            person__suspect_roles__case__in=Case.objects.all()
        ).values_list("value_index", flat=True)
    )
    assert len(indexes) == 1
    r = _post(
        client,
        f"/api/v1/cases/{case_id}/suspects/{ids[0]}/arrests",
        {
            "kind": "arrest",
            "on": "2026-04-02",
        },
    )
    assert r.status_code == 201, r.content
    r = _post(
        client,
        f"/api/v1/cases/{case_id}/events",
        {
            "kind": "handover",
            "on": "2026-04-03",
            "persons_count": 3,
            "border_gate": "nam_can",
            "foreign_authority": "Công an tỉnh Xiêng Khoảng",
        },
    )
    assert r.status_code == 201 and r.json()["foreign_country"] == "LA"
    r = _post(client, f"/api/v1/cases/{case_id}/transitions", {"action": "solve"})
    assert r.status_code == 200 and r.json()["status"] == "solved"
    r = _post(client, f"/api/v1/cases/{case_id}/transitions", {"action": "indict"})
    assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed"
    detail = client.get(f"/api/v1/cases/{case_id}").json()
    assert [s["name"] for s in detail["suspects"]] == ["L* V** S**", "V* T** H**"]
    assert detail["suspects"][0]["arrests"][0]["kind"] == "arrest"
    # every write audited: open + tip decide + 2 × (person + suspect) + arrest + hand-over
    # + solve, and the reads (case.view) on top
    writes = AuditEvent.objects.filter(seq__gt=0).exclude(action="case.view").count()
    assert writes - events_before >= 9
    n = (
        client_for(supervisor)
        .get("/api/v1/cases/numbers", {"start": "2026-01-01", "end": "2026-12-31"})
        .json()
    )
    assert (n["prosecuted"], n["solved"], Decimal(n["solved_rate"])) == (1, 1, Decimal("1"))
    assert (n["suspects"], n["arrested"], n["handed_over_persons"]) == (2, 1, 3)
    assert Suspect.objects.count() == 3


def test_errors_are_structured(officer: Any, client_for: Any, na_officer: Any) -> None:
    client = client_for(officer)
    r = _post(
        client,
        "/api/v1/cases/",
        {"number": "", "offence": "art999", "prosecution_date": "2026-01-01"},
    )
    assert r.status_code == 422
    assert set(r.json()["fields"]) >= {"number", "offence"}
    case = open_case(na_officer)
    r = client.get(f"/api/v1/cases/{case.pk}")
    assert r.status_code == 404 and r.json() == {
        "code": "not_found",
        "message": r.json()["message"],
        "fields": {},
    }
    r = _post(client, f"/api/v1/cases/{case.pk}/suspects", {"full_name": "X", "role": "broker"})
    assert r.status_code == 404


def test_list_and_cooperation(officer: Any, client_for: Any) -> None:
    open_case(officer, number="A")
    open_case(officer, number="B")
    client = client_for(officer)
    page = client.get("/api/v1/cases/", {"limit": 1, "sort": "number"}).json()
    assert [r["number"] for r in page["items"]] == ["A"]
    page2 = client.get(
        "/api/v1/cases/", {"limit": 1, "sort": "number", "cursor": page["next_cursor"]}
    ).json()
    assert [r["number"] for r in page2["items"]] == ["B"] and page2["next_cursor"] is None
    r = _post(
        client,
        "/api/v1/cases/cooperation",
        {
            "kind": "information_request",
            "on": "2026-02-01",
            "counterpart_country": "CN",
            "counterpart_agency": "Công an Đông Hưng",
            "subject": "Đề nghị xác minh",
            "place": "Móng Cái",
            "follow_ups": [{"action": "Nhắc trả lời", "due_on": "2026-03-01"}],
        },
    )
    assert r.status_code == 201, r.content
    activity = r.json()
    r = client.post(
        f"/api/v1/cases/cooperation/{activity['id']}/follow-ups/{activity['follow_ups'][0]['id']}/done"
    )
    assert r.status_code == 200 and r.json()["follow_ups"][0]["done_on"] is not None
    assert len(client.get("/api/v1/cases/cooperation").json()) == 1
