"""Victims over the API: the same services and rules as the pages — masked by default,
consent-governed and audited disclosure, structured errors, 404 out of reach."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.victims.models import VictimRecord
from lachan.victims.tests.helpers import receive

URL = "/api/v1/victims/"


def _json(response: Any) -> Any:
    return json.loads(response.content)


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def case(na_police: Any, police: Any) -> Any:
    from lachan.cases.models import Case

    return Case.objects.create(
        agency=na_police,
        number="21/2026/HS",
        offence="art150",
        prosecution_date=dt.date(2026, 11, 2),
        lead_investigator=police,
    )


def test_the_whole_flow_through_the_api(
    client_for: Any,
    canboxa: Any,
    ctxh: Any,
    social_supervisor: Any,
    police: Any,
    school_worker: Any,
    na_social: Any,
    na_police: Any,
    na_school: Any,
    case: Any,
) -> None:
    commune = client_for(canboxa)
    response = _post(
        commune,
        URL,
        {
            "new_person": {
                "full_name": "Lô Thị Hoa",
                "sex": "female",
                "birth_year": 1998,
                "address": "Bản Huồi Pốc",
            },
            "channel": "self_returned",
            "reception_unit_code": commune_of("40").code,
            "owner_agency_id": str(na_social.pk),
            "exploitation": {"exploitation_type": "forced_marriage", "exploitation_country": "CN"},
        },
    )
    assert response.status_code == 201, response.content
    body = _json(response)
    record_id, code = body["id"], body["code"]
    assert body["name"] == "L* T** H**" and body["status"] == "signal"

    worker = client_for(ctxh)
    assert _post(worker, f"{URL}{record_id}/verify", {}).status_code == 200
    response = _post(
        worker,
        f"{URL}{record_id}/identify",
        {"outcome": "victim", "decided_on": str(timezone.localdate())},
    )
    assert response.status_code == 422
    assert _json(response)["code"] == "validation_failed" and "outcome" in _json(response)["fields"]
    _post(
        worker, f"{URL}{record_id}/evidence", {"category": "statement_person", "description": "x"}
    )
    body = _json(
        _post(
            worker,
            f"{URL}{record_id}/identify",
            {
                "outcome": "victim",
                "decided_on": str(timezone.localdate()),
                "decision_number": "3/QĐ",
            },
        )
    )
    assert body["status"] == "victim"
    assert [i["measure"] for i in body["entitlement"]["checklist"]] == [
        "a", "b", "c", "d", "dd", "e", "g", "h", "i", "k",
    ]  # fmt: skip
    assert all(i["entitled"] for i in body["entitlement"]["checklist"])
    support = _json(
        _post(
            worker,
            f"{URL}{record_id}/support",
            {"measure": "k", "delivered_on": str(timezone.localdate()), "amount_vnd": 3000000},
        )
    )
    assert support["approval_status"] == "not_needed"

    # Referral to the school: refused without consent, then accepted with it.
    response = _post(
        worker,
        f"{URL}{record_id}/referrals",
        {"to_agency_id": str(na_school.pk), "service": "vocational_training"},
    )
    assert response.status_code == 422 and "to_agency" in _json(response)["fields"]
    _post(
        worker,
        f"{URL}{record_id}/consents",
        {
            "share_identity": True,
            "grantee_agency_id": str(na_school.pk),
            "purpose": "referral",
            "given_by": "person",
            "given_on": str(timezone.localdate()),
        },
    )
    referral = _json(
        _post(
            worker,
            f"{URL}{record_id}/referrals",
            {"to_agency_id": str(na_school.pk), "service": "vocational_training"},
        )
    )
    answer = _post(
        client_for(school_worker), f"{URL}referrals/{referral['id']}/answer", {"answer": "accept"}
    )
    assert _json(answer)["status"] == "accepted"

    # The police on the linked case: code, no identity; then consent, then identity.
    officer = client_for(police)
    assert officer.get(f"{URL}{record_id}").status_code == 404
    _post(
        worker,
        f"{URL}{record_id}/case-links",
        {"case_agency_id": str(na_police.pk), "case_number": case.number},
    )
    body = _json(officer.get(f"{URL}{record_id}", {"reveal": "true"}))
    assert (body["code"], body["name"], body["addresses"]) == (code, "L* T** H**", [])
    assert body["support"] == [] and body["consents"] == []
    consent = _json(
        _post(
            worker,
            f"{URL}{record_id}/consents",
            {
                "share_identity": True,
                "share_address": True,
                "grantee_agency_id": str(na_police.pk),
                "purpose": "investigation",
                "given_by": "person",
                "given_on": str(timezone.localdate()),
            },
        )
    )
    body = _json(officer.get(f"{URL}{record_id}", {"reveal": "true"}))
    assert body["name"] == "Lô Thị Hoa" and body["addresses"][0]["text"] == "Bản Huồi Pốc"
    assert body["disclosure"]["basis"] == "consent"
    views = AuditEvent.objects.filter(actor_id=police.pk, object_id=record_id)
    assert list(views.order_by("seq").values_list("action", flat=True)) == [
        "victim.view",
        "victim.view_identity",
    ]
    _post(worker, f"{URL}{record_id}/consents/{consent['id']}/withdraw", {})
    assert _json(officer.get(f"{URL}{record_id}", {"reveal": "true"}))["name"] == "L* T** H**"

    # The list: masked; numbers for the supervisor, 404 for a social worker.
    listing = _json(worker.get(URL))
    assert [r["code"] for r in listing["items"]] == [code]
    assert listing["items"][0]["name"] == "L* T** H**"
    today = str(timezone.localdate())
    numbers = client_for(social_supervisor).get(f"{URL}numbers", {"start": today, "end": today})
    assert _json(numbers)["received"] == 1 and _json(numbers)["identified_as_victims"] == 1
    assert worker.get(f"{URL}numbers", {"start": today, "end": today}).status_code == 404


def test_out_of_reach_is_not_found(
    client_for: Any, canboxa: Any, na_social: Any, hp_worker: Any
) -> None:
    record = receive(canboxa, na_social)
    client = client_for(hp_worker)
    for response in (
        client.get(f"{URL}{record.pk}"),
        _post(client, f"{URL}{record.pk}/verify", {}),
        client.get(f"{URL}not-a-uuid"),
    ):
        assert response.status_code == 404 and _json(response)["code"] == "not_found"
    assert VictimRecord.objects.get().status == "signal"


def test_handover_through_the_api(client_for: Any, canboxa: Any, na_social: Any) -> None:
    response = _post(
        client_for(canboxa),
        f"{URL}handovers",
        {
            "border_gate": "nam_can",
            "foreign_authority": "Công an tỉnh Xiêng Khoảng",
            "foreign_country": "LA",
            "document_number": "BB-3",
            "reception_unit_code": commune_of("40").code,
            "owner_agency_id": str(na_social.pk),
            "persons": [
                {
                    "new_person": {"full_name": "Vi Thị Hằng", "birth_year": 1999},
                    "document_number": "G1",
                },
                {
                    "new_person": {"full_name": "Lô Thị Nhung", "birth_year": 2011},
                    "document_number": "G2",
                },
            ],
        },
    )
    assert response.status_code == 201, response.content
    assert len(_json(response)["records"]) == 2
    assert VictimRecord.objects.filter(channel="handed_over").count() == 2
