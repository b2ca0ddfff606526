"""Canary: no IP address, User-Agent or forwarding header of a public reporter reaches
the database, the logs or the audit trail — through the form, wrong and right receipts
and a message. Committed rows (transaction=True) so that pg_dump sees them."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from lachan.audit.models import AuditEvent
from lachan.people.tests.test_canary import _dump
from lachan.tips.models import PublicSubmission
from lachan.tips.tests.public_helpers import (
    FOLLOW_URL,
    NEW_URL,
    _fast_public,  # noqa: F401  (autouse fixture)
    form_data,
    receipt_in,
    run_worker,
    token_from,
)

IP = "203.0.113.77"
AGENT = "CanaryAgent/9.9"
FORWARDED = "198.51.100.23"
HEADERS = {
    "REMOTE_ADDR": IP,
    "HTTP_USER_AGENT": AGENT,
    "HTTP_X_FORWARDED_FOR": FORWARDED,
    "HTTP_X_REAL_IP": FORWARDED,
    "HTTP_FORWARDED": f"for={FORWARDED}",
}


@pytest.mark.django_db(transaction=True)
def test_public_intake_stores_no_ip_agent_or_forwarding_header(hp_agency: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client(**HEADERS)
    token = token_from(client)
    response = client.post(NEW_URL, form_data(token, contact="gọi buổi tối"))
    code = receipt_in(response.content.decode())
    assert code is not None
    client.post(NEW_URL, form_data(token))  # reused token: refused
    client.post(NEW_URL, form_data(token_from(client), website="spam"))  # honeypot
    client.post(FOLLOW_URL, {"receipt": "AAAA-AAAA-AAAA-AAAA-AAAA"})  # wrong
    client.post(FOLLOW_URL, {"receipt": code})  # still waiting for registration
    # The staging table, with the submission stored and not yet registered.
    waiting = PublicSubmission.objects.get()
    assert waiting.registered_at is None
    staged_dump = _dump()
    assert "tips_publicsubmission" in staged_dump
    assert str(waiting.pk) in staged_dump
    run_worker()  # the task queued on commit registers it
    assert PublicSubmission.objects.get().registered_at is not None
    client.post(FOLLOW_URL, {"receipt": code, "body": "Canary tin nhắn"})
    client.post(FOLLOW_URL, {"receipt": code})
    assert AuditEvent.objects.filter(action="tip.public_status").count() == 3
    assert AuditEvent.objects.filter(action="tip.public_status_failed").count() == 1

    dump = staged_dump + _dump()
    logs = caplog.text + "\n".join(f"{r.getMessage()} {r.__dict__!r}" for r in caplog.records)
    for needle in (IP, AGENT, FORWARDED, "CanaryAgent"):
        assert needle not in dump
        assert needle not in logs
