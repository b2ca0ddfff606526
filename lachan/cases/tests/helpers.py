"""Small helpers shared by the cases tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lachan.audit.models import AuditEvent
from lachan.cases import services
from lachan.cases.models import (
    ArrestEvent,
    Case,
    CaseEvent,
    CaseTransition,
    CooperationActivity,
    CooperationFollowUp,
    EvidenceCustody,
    EvidenceItem,
    Suspect,
)
from lachan.core.testing.factories import commune_of
from lachan.people.models import Person
from lachan.tips import services as tip_services
from lachan.tips.models import Tip

_seq = iter(range(1, 1_000_000))


def open_case(actor: Any, **kwargs: Any) -> Case:
    kwargs.setdefault("number", f"{next(_seq)}/VA-2026")
    kwargs.setdefault("offence", "art150")
    kwargs.setdefault("prosecution_date", dt.date(2026, 3, 10))
    return services.case_open(actor=actor, **kwargs)


def make_person(actor: Any, name: str = "Trần Văn Tùng", phone: str = "") -> Person:
    from lachan.people.services import IdentifierInput, person_create

    ids = [IdentifierInput("phone", phone)] if phone else []
    return person_create(actor=actor, full_name=name, identifiers=ids)


def verifying_tip(operator: Any, supervisor: Any, officer: Any) -> Tip:
    """A tip being verified, assigned to ``officer``."""
    tip = tip_services.tip_register(
        actor=operator,
        kind="denunciation",
        channel="hotline",
        content="Có người rủ con gái tôi sang Trung Quốc làm việc lương cao.",
        places=[tip_services.PlaceInput(admin_unit=commune_of("31"))],
    )
    tip = tip_services.tip_classify(
        actor=supervisor, tip=tip, trafficking_related=True, exploitation_type="forced_marriage"
    )
    tip = tip_services.tip_assign(actor=supervisor, tip=tip, assignee=officer)
    return tip_services.tip_start_verification(actor=supervisor, tip=tip)


def snapshot() -> tuple[Any, ...]:
    """Everything a refused write must leave as it was."""
    return (
        sorted((str(c.pk), c.status, c.number, c.updated_at) for c in Case.objects.all()),
        Suspect.objects.count(),
        ArrestEvent.objects.count(),
        CaseEvent.objects.count(),
        CaseTransition.objects.count(),
        EvidenceItem.objects.count(),
        EvidenceCustody.objects.count(),
        CooperationActivity.objects.count(),
        CooperationFollowUp.objects.count(),
        Person.objects.count(),
        sorted((str(t.pk), t.status, t.updated_at) for t in Tip.objects.all()),
    )


def audit_count() -> int:
    return AuditEvent.objects.count()


def actions_of(target: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(target.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
