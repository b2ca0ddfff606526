"""The public tips API: token → tip → receipt → status and messages, and its errors."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import Client

from lachan.tips.models import MessageDirection, PublicSubmission, Tip, TipMessage, TipReceipt
from lachan.tips.public.services import receipt_issue
from lachan.tips.tests.helpers import make_tip
from lachan.tips.tests.public_helpers import (  # noqa: F401  (autouse fixture)
    _fast_public,
    register_waiting,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/public/tips"


def _token(client: Client) -> str:
    response = client.get(f"{BASE}/token")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "not_before"}
    return str(body["token"])


def _tip(client: Client, **extra: Any) -> Any:
    payload = {"token": _token(client), "what": "Có người bị giữ ở xưởng may", "province": "31"}
    payload.update(extra)
    return client.post(BASE, payload, content_type="application/json")


def test_happy_path(hp_agency: Any, hp_supervisor: Any) -> None:
    client = Client()
    attachment = {"filename": "a.txt", "content_base64": base64.b64encode(b"ghi chu").decode()}
    response = _tip(client, danger="yes", attachments=[attachment])
    assert response.status_code == 201
    code = response.json()["receipt"]
    assert len(code) == 24
    # Stored, not yet registered: the receipt already answers, "received", no messages.
    assert Tip.objects.count() == 0
    waiting = client.post(f"{BASE}/status", {"receipt": code}, content_type="application/json")
    assert waiting.status_code == 200
    assert waiting.json() == {
        "status": "received",
        "status_text": "Đã nhận, đang vào sổ.",
        "registered": False,
        "replaced": False,
        "receipt": None,
        "messages": [],
    }
    early = client.post(
        f"{BASE}/messages", {"receipt": code, "body": "Sớm"}, content_type="application/json"
    )
    assert early.status_code == 409
    assert early.json()["code"] == "not_registered_yet"
    assert TipMessage.objects.count() == 0
    register_waiting()
    tip = Tip.objects.get()
    assert tip.receiving_agency == hp_agency
    assert tip.urgent is True
    assert tip.attachments.count() == 1
    tip_services_msg(hp_supervisor, tip)

    status = client.post(f"{BASE}/status", {"receipt": code}, content_type="application/json")
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "received"
    assert body["registered"] is True
    assert body["replaced"] is False
    assert body["receipt"] is None
    assert [m["body"] for m in body["messages"]] == ["Chúng tôi đã nhận tin"]

    sent = client.post(
        f"{BASE}/messages", {"receipt": code, "body": "Cảm ơn"}, content_type="application/json"
    )
    assert sent.status_code == 201
    assert [m["from_reporter"] for m in sent.json()["messages"]] == [False, True]
    assert TipMessage.objects.filter(direction=MessageDirection.FROM_REPORTER).count() == 1


def tip_services_msg(officer: Any, tip: Tip) -> None:
    from lachan.tips import services

    services.tip_message_to_reporter(actor=officer, tip=tip, body="Chúng tôi đã nhận tin")


def test_reused_token_refused(hp_agency: Any) -> None:
    client = Client()
    token = _token(client)
    payload = {"token": token, "what": "Có người bị giữ"}
    assert client.post(BASE, payload, content_type="application/json").status_code == 201
    again = client.post(BASE, payload, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["code"] == "form_token"
    assert PublicSubmission.objects.count() == 1
    register_waiting()
    assert Tip.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ({"what": ""}, "validation_failed", "what"),
        ({"province": "999"}, "validation_failed", "province"),
        ({"danger": "maybe"}, "validation_failed", "danger"),
        ({"website": "x"}, "rejected", None),
        ({"token": "forged"}, "form_token", "token"),
    ],
)
def test_submit_errors(hp_agency: Any, extra: dict[str, str], code: str, field: str) -> None:
    response = _tip(Client(), **extra)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    if field:
        assert field in body["fields"]
    assert Tip.objects.count() == 0
    assert TipReceipt.objects.count() == 0
    assert PublicSubmission.objects.count() == 0


def test_wrong_receipt_and_throttle(hp_agency: Any, settings: Any) -> None:
    settings.LACHAN_PUBLIC_RECEIPT_MAX_FAILURES = 2
    client = Client()
    code = _tip(client).json()["receipt"]
    for _ in range(2):
        wrong = client.post(
            f"{BASE}/status",
            {"receipt": "AAAA-AAAA-AAAA-AAAA-AAAA"},
            content_type="application/json",
        )
        assert wrong.status_code == 422
        assert wrong.json()["code"] == "wrong_receipt"
    locked = client.post(f"{BASE}/status", {"receipt": code}, content_type="application/json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "throttled"


def test_operator_receipt_replaced_over_api(hp_operator: Any) -> None:
    code = receipt_issue(tip=make_tip(hp_operator), issued_by=hp_operator, must_replace=True)
    client = Client()
    first = client.post(f"{BASE}/status", {"receipt": code}, content_type="application/json")
    assert first.status_code == 200
    new = first.json()["receipt"]
    assert first.json()["replaced"] is True
    assert new and new != code
    old = client.post(f"{BASE}/status", {"receipt": code}, content_type="application/json")
    assert old.status_code == 422
    assert (
        client.post(f"{BASE}/status", {"receipt": new}, content_type="application/json").json()[
            "replaced"
        ]
        is False
    )
