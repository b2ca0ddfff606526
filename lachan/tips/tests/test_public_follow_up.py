"""Public follow-up: the receipt in a POST body, status words, messages, throttling,
and the hotline operator's receipt replaced on first use."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lachan.audit.models import AuditEvent
from lachan.core.errors import ValidationFailed
from lachan.tips import services as tip_services
from lachan.tips.models import MessageDirection, TipMessage, TipReceipt
from lachan.tips.public import receipts
from lachan.tips.public.services import Throttled, public_follow_up, receipt_issue
from lachan.tips.tests.helpers import make_tip
from lachan.tips.tests.public_helpers import (
    FOLLOW_URL,
    NEW_URL,
    _fast_public,  # noqa: F401  (autouse fixture)
    form_data,
    receipt_in,
    register_waiting,
    token_from,
)

pytestmark = pytest.mark.django_db


def _submitted(client: Client, *, register: bool = True) -> str:
    response = client.post(NEW_URL, form_data(token_from(client)))
    code = receipt_in(response.content.decode())
    assert code is not None
    if register:
        register_waiting()
    return code


def test_waiting_submission_shows_received_and_when_messages_open(
    client: Client, hp_agency: Any
) -> None:
    code = _submitted(client, register=False)
    response = client.post(FOLLOW_URL, {"receipt": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã nhận, đang vào sổ." in html
    assert 'data-testid="message-later"' in html
    assert 'name="body"' not in html  # no message form yet
    # A message sent meanwhile (an old page) is not an error and stores nothing.
    early = client.post(FOLLOW_URL, {"receipt": code, "body": "Tôi nhớ thêm"})
    assert early.status_code == 200
    assert "Đã nhận, đang vào sổ." in early.content.decode()
    assert TipMessage.objects.count() == 0
    register_waiting()
    after = client.post(FOLLOW_URL, {"receipt": code})
    assert "Đã tiếp nhận" in after.content.decode()
    assert 'name="body"' in after.content.decode()


def test_follow_up_page_is_public_and_receipt_only_in_post(client: Client) -> None:
    page = client.get(FOLLOW_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'method="post"' in html
    assert 'name="receipt"' in html


def test_right_receipt_shows_status_and_messages(
    client: Client, hp_agency: Any, hp_supervisor: Any
) -> None:
    code = _submitted(client)
    receipt = TipReceipt.objects.get()
    tip_services.tip_message_to_reporter(
        actor=hp_supervisor, tip=receipt.tip, body="Cảm ơn bạn, chúng tôi đang xác minh"
    )
    response = client.post(FOLLOW_URL, {"receipt": code.lower().replace("-", " ")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã tiếp nhận" in html
    assert "Cảm ơn bạn, chúng tôi đang xác minh" in html
    assert receipt_in(html) is None or receipt_in(html) == code  # only in the hidden field
    assert AuditEvent.objects.filter(action="tip.public_status", object_id=str(receipt.tip.pk))
    assert response.cookies["lachan_public_client"]["httponly"]


def test_reporter_sends_message(client: Client, hp_agency: Any) -> None:
    code = _submitted(client)
    response = client.post(FOLLOW_URL, {"receipt": code, "body": "Tôi nhớ thêm biển số xe"})
    assert response.status_code == 200
    message = TipMessage.objects.get()
    assert message.direction == MessageDirection.FROM_REPORTER
    assert message.body == "Tôi nhớ thêm biển số xe"
    assert message.author is None
    assert "Tôi nhớ thêm biển số xe" in response.content.decode()


def test_wrong_receipt_refused_and_audited_without_code(client: Client, hp_agency: Any) -> None:
    code = _submitted(client)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(FOLLOW_URL, {"receipt": wrong, "body": "xin chào"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Mã biên nhận không đúng" in html
    assert wrong not in html
    assert TipMessage.objects.count() == 0
    failed = AuditEvent.objects.get(action="tip.public_status_failed")
    assert wrong not in repr(failed.__dict__)
    assert wrong[:4] not in str(failed.changes)


def test_wrong_receipts_throttled_per_client(client: Client, hp_agency: Any, settings: Any) -> None:
    settings.LACHAN_PUBLIC_RECEIPT_MAX_FAILURES = 3
    code = _submitted(client)
    for i in range(3):
        client.post(FOLLOW_URL, {"receipt": f"ZZZ{i}-AAAA-AAAA-AAAA-AAAA"})
    # Even the right code is refused while this browser is locked.
    response = client.post(FOLLOW_URL, {"receipt": code})
    assert response.status_code == 422
    assert "quá nhiều lần" in response.content.decode()
    # Another browser (another cookie) with the right code is not locked.
    other = Client()
    assert other.post(FOLLOW_URL, {"receipt": code}).status_code == 200


def test_wrong_receipts_throttled_per_prefix(hp_agency: Any, settings: Any) -> None:
    settings.LACHAN_PUBLIC_RECEIPT_MAX_FAILURES = 3
    tip = make_tip(None, receiving_agency=hp_agency, channel="web_form")
    code = receipt_issue(tip=tip)
    for i in range(3):  # three different browsers guessing under the same prefix
        with pytest.raises(ValidationFailed):
            public_follow_up(receipt=code[:5] + f"ZZZ{i}-AAAA-AAAA-AAAA", client=f"browser{i}" * 4)
    with pytest.raises(Throttled):
        public_follow_up(receipt=code, client="fresh-browser" * 3)


def test_operator_receipt_replaced_on_first_use(
    client: Client, hp_operator: Any, hp_agency: Any
) -> None:
    tip = make_tip(hp_operator)
    code = receipt_issue(tip=tip, issued_by=hp_operator, must_replace=True)
    old = TipReceipt.objects.get()
    assert old.issued_by == hp_operator
    response = client.post(FOLLOW_URL, {"receipt": code})
    html = response.content.decode()
    new_code = receipt_in(html)
    assert response.status_code == 200
    assert new_code is not None
    assert new_code != code
    assert "Mã biên nhận mới" in html
    old.refresh_from_db()
    assert old.revoked_at is not None
    fresh = TipReceipt.objects.get(revoked_at__isnull=True)
    assert fresh.must_replace is False
    assert fresh.issued_by is None
    assert receipts.matches(new_code, fresh.salt, fresh.digest)
    # The operator's copy no longer works; the new one does, and is not replaced again.
    assert client.post(FOLLOW_URL, {"receipt": code}).status_code == 422
    again = client.post(FOLLOW_URL, {"receipt": new_code})
    assert again.status_code == 200
    assert "Mã biên nhận mới" not in again.content.decode()
    assert TipReceipt.objects.count() == 2


def test_operator_intake_form_gives_receipt_once(
    client_for: Any, hp_operator: Any, hp_agency: Any
) -> None:
    from django.urls import reverse

    data = {
        "kind": "denunciation",
        "channel": "hotline",
        "reporter_mode": "anonymous",
        "content": "Người gọi báo có nhóm người bị giữ ở bãi biển",
        "give_receipt": "on",
    }
    response = client_for(hp_operator).post(reverse("tips:register"), data)
    html = response.content.decode()
    code = receipt_in(html)
    assert response.status_code == 200  # rendered, not redirected: the code is in no URL
    assert code is not None
    assert "no-store" in response["Cache-Control"]
    receipt = TipReceipt.objects.get()
    assert receipt.issued_by == hp_operator
    assert receipt.must_replace is True
    assert receipt.tip.received_by == hp_operator
    assert receipts.matches(code, receipt.salt, receipt.digest)
    # Without the option: no receipt, the usual redirect.
    data.pop("give_receipt")
    again = client_for(hp_operator).post(reverse("tips:register"), data)
    assert again.status_code == 302
    assert TipReceipt.objects.count() == 1
