"""Small helpers shared by the victims tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.victims import services
from lachan.victims.models import (
    Consent,
    Evidence,
    ProtectionMeasure,
    Referral,
    SupportEntry,
    VictimRecord,
)

WOMAN = services.NewPerson(
    full_name="Lô Thị Hoa",
    sex="female",
    birth_date=dt.date(1998, 5, 4),
    nationality="VN",
    address="Bản Huồi Pốc, xã Nậm Cắn",
    phone="0912 345 678",
)


def receive(actor: Any, owner: Any = None, **kwargs: Any) -> VictimRecord:
    kwargs.setdefault("channel", "self_returned")
    kwargs.setdefault("received_at", timezone.now() - dt.timedelta(hours=2))
    kwargs.setdefault("reception_unit", commune_of("40"))
    if "person" not in kwargs:
        kwargs.setdefault("new_person", WOMAN)
    return services.victim_receive(actor=actor, owner_agency=owner, **kwargs)


def identified(record: VictimRecord, actor: Any) -> VictimRecord:
    services.victim_verify(actor=actor, record=record)
    services.evidence_add(
        actor=actor, record=record, category="statement_person", description="Lời khai"
    )
    return services.victim_identify(
        actor=actor,
        record=record,
        outcome="victim",
        decided_on=timezone.localdate(),
        decision_number="12/QĐ-CTXH",
    )


def consent(record: VictimRecord, actor: Any, agency: Any, **kwargs: Any) -> Consent:
    kwargs.setdefault("share_identity", True)
    kwargs.setdefault("share_address", True)
    kwargs.setdefault("purpose", "investigation")
    kwargs.setdefault("given_by", "person")
    kwargs.setdefault("given_on", timezone.localdate())
    return services.consent_record(actor=actor, record=record, grantee_agency=agency, **kwargs)


def snapshot() -> tuple[Any, ...]:
    """Everything a refused action must leave as it was."""
    return (
        sorted(
            (str(r.pk), r.status, r.owner_agency_id, r.exploitation_type, r.location)
            for r in VictimRecord.objects.all()
        ),
        Evidence.objects.count(),
        sorted((str(c.pk), c.withdrawn_at) for c in Consent.objects.all()),
        sorted((str(e.pk), e.approval_status) for e in SupportEntry.objects.all()),
        sorted((str(r.pk), r.status) for r in Referral.objects.all()),
        sorted((str(m.pk), m.ended_on) for m in ProtectionMeasure.objects.all()),
        AuditEvent.objects.count(),
    )
