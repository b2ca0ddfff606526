from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from lachan.audit.models import AuditEvent
from lachan.audit.services import audit_record
from lachan.audit.verify import find_first_break

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    return [
        audit_record(actor=None, action=f"test.event{i}", object_type="x", object_id=str(i))
        for i in range(3)
    ]


def test_events_are_chained_in_sequence() -> None:
    events = _three_events()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert find_first_break() == (3, None)


def test_update_and_delete_are_refused_by_the_database() -> None:
    event = _three_events()[1]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event1"


def _tamper(sql: str, params: list[object]) -> None:
    """Edit a row the way an attacker with database access would: triggers off."""
    from lachan.audit.db import create_triggers, drop_triggers

    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    create_triggers(connection)


def test_audit_verify_names_the_edited_row(capsys: pytest.CaptureFixture[str]) -> None:
    events = _three_events()
    _tamper("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.edited", events[1].pk])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"id={events[1].pk}" in err
    assert "(seq 2)" in err


def test_audit_verify_detects_a_deleted_row(capsys: pytest.CaptureFixture[str]) -> None:
    events = _three_events()
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(SystemExit):
        call_command("audit_verify")
    assert f"id={events[2].pk}" in capsys.readouterr().err


def test_audit_verify_passes_on_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    call_command("audit_verify")
    assert "3 events" in capsys.readouterr().out


def test_event_rolls_back_with_its_transaction() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="test.rolled_back")
        raise RuntimeError
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert audit_record(actor=None, action="test.after").seq == 1


def test_moving_an_event_to_another_owning_agency_breaks_the_chain(
    make_agency: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    owner, other = make_agency(), make_agency()
    events = [
        audit_record(actor=None, action="test.a", object_type="x", object_id="1"),
        audit_record(actor=None, action="test.b", subject_agency_id=owner.pk),
    ]
    assert [e.subject_agency_id for e in events] == [None, owner.pk]
    call_command("audit_verify")  # old-style events (no subject) and new ones verify
    _tamper(
        "UPDATE audit_auditevent SET subject_agency_id = %s WHERE id = %s",
        [other.pk.hex if connection.vendor == "sqlite" else other.pk, events[1].pk],
    )
    with pytest.raises(SystemExit):
        call_command("audit_verify")
    assert f"id={events[1].pk}" in capsys.readouterr().err
