"""The audit trail over the API: same filters as the pages, keyset pages, auditors only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest

from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.audit.services import audit_record
from lachan.core.context import Interface, interface
from lachan.core.testing.factories import unit

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/events"
DAY = datetime(2025, 3, 1, 17, 0, tzinfo=UTC)  # 02/03/2025 00:00 in Vietnam


@pytest.fixture
def auditor(make_user: Any) -> Any:
    return make_user(role=Role.AUDITOR, agency=None)


@pytest.fixture
def events(make_user: Any, make_agency: Any) -> list[AuditEvent]:
    agency = make_agency(admin_unit=unit("31"))
    actor = make_user(username="canbo_hp", agency=agency)
    made = []
    for i, (action, via) in enumerate(
        [
            ("person.create", Interface.WEB),
            ("person.view_identity", Interface.API),
            ("api_token.create", Interface.WEB),
            ("person.update", Interface.API),
        ]
    ):
        # 01/03 23:00, 02/03 11:00, 02/03 23:00, 03/03 11:00 in Vietnam
        when = DAY + timedelta(hours=12 * i - 1)
        with mock.patch("django.utils.timezone.now", return_value=when), interface(via):
            made.append(
                audit_record(
                    actor=actor,
                    action=action,
                    object_type="people.person",
                    object_id=f"00000000-0000-4000-8000-00000000000{i}",
                    changes=["full_name"],
                    reason="",
                )
            )
    return made


def _get(client: Any, **params: Any) -> tuple[int, dict[str, Any]]:
    response = client.get(URL, params)
    return response.status_code, json.loads(response.content)


def test_lists_events_newest_first_with_every_field(
    events: list[AuditEvent], auditor: Any, client_for: Any
) -> None:
    status, body = _get(client_for(auditor))
    assert status == 200
    assert [item["seq"] for item in body["items"]] == [4, 3, 2, 1]
    assert body["next_before"] is None
    first = events[0]
    assert body["items"][-1] == {
        "seq": 1,
        "occurred_at": "2025-03-01T16:00:00Z",
        "actor_id": str(first.actor_id),
        "actor_username": "canbo_hp",
        "agency_id": str(first.agency_id),
        "action": "person.create",
        "object_type": "people.person",
        "object_id": "00000000-0000-4000-8000-000000000000",
        "interface": "web",
        "changes": ["full_name"],
        "reason": "",
        "prev_hash": "0" * 64,
        "hash": first.hash,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "person."}, [4, 2, 1]),
        ({"interface": "api"}, [4, 2]),
        ({"user": "canbo_hp", "object_type": "people.person"}, [4, 3, 2, 1]),
        ({"user": "someone_else"}, []),
        ({"object_id": "00000000-0000-4000-8000-000000000002"}, [3]),
        ({"date_from": "2025-03-02", "date_to": "2025-03-02"}, [3, 2]),
        ({"date_to": "2025-03-01"}, [1]),
    ],
)
def test_filters(
    events: list[AuditEvent],
    auditor: Any,
    client_for: Any,
    params: dict[str, str],
    expected: list[int],
) -> None:
    status, body = _get(client_for(auditor), **params)
    assert status == 200
    assert [item["seq"] for item in body["items"]] == expected


def test_keyset_pages(events: list[AuditEvent], auditor: Any, client_for: Any) -> None:
    client = client_for(auditor)
    _, page1 = _get(client, limit=3)
    assert ([i["seq"] for i in page1["items"]], page1["next_before"]) == ([4, 3, 2], 2)
    _, page2 = _get(client, limit=3, before=page1["next_before"])
    assert ([i["seq"] for i in page2["items"]], page2["next_before"]) == ([1], None)


def test_bad_filters_are_422(events: list[AuditEvent], auditor: Any, client_for: Any) -> None:
    client = client_for(auditor)
    status, body = _get(client, date_from="2025-03-03", date_to="2025-03-02")
    assert (status, body["code"], list(body["fields"])) == (422, "validation_failed", ["date_to"])
    status, body = _get(client, limit=500)
    assert (status, body["code"]) == (422, "validation_failed")
    status, body = _get(client, interface="fax")
    assert (status, body["code"]) == (422, "validation_failed")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.SYSTEM_ADMIN, Role.ANALYST])
def test_non_auditors_get_404_and_nothing_is_written(
    events: list[AuditEvent], make_user: Any, client_for: Any, role: Role
) -> None:
    before = AuditEvent.objects.count()
    status, body = _get(client_for(make_user(role=role)), action="person.")
    assert (status, body["code"]) == (404, "not_found")
    assert AuditEvent.objects.count() == before


def test_an_agency_auditor_reads_only_their_agency(
    events: list[AuditEvent], make_user: Any, make_agency: Any, client_for: Any
) -> None:
    other = make_user(role=Role.AUDITOR, agency=make_agency(admin_unit=unit("40")))
    status, body = _get(client_for(other))
    assert (status, body["items"]) == (200, [])
    own = make_user(role=Role.AUDITOR, agency=events[0].agency)
    assert [i["seq"] for i in _get(client_for(own))[1]["items"]] == [4, 3, 2, 1]
