"""Role × action matrix of the victims domain. Every denied cell also asserts that
nothing changed and that no audit event was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from lachan.access.permissions import VictimsPermission
from lachan.access.policies.victims import victim_record_policy
from lachan.access.roles import Role
from lachan.core.errors import NotFound, PermissionDenied
from lachan.victims import selectors, services
from lachan.victims.tests.helpers import WOMAN, consent, receive, snapshot

ACTORS = (
    "receiver_officer",
    "owner_social_worker",
    "owner_supervisor",
    "police_officer",
    "other_social_worker",
    "intake_operator",
    "analyst",
    "agency_admin",
    "system_admin",
    "auditor",
)
ACTIONS = (
    "view",
    "reveal",
    "create",
    "verify",
    "evidence",
    "identify",
    "consent",
    "support",
    "approve",
    "refer",
    "numbers",
    "end_protection",
)
ALLOWED: dict[str, set[str]] = {
    "receiver_officer": {"view", "reveal", "create"},
    "owner_social_worker": {
        "view",
        "reveal",
        "create",
        "verify",
        "evidence",
        "identify",
        "consent",
        "support",
        "refer",
        "end_protection",
    },
    "owner_supervisor": {"view", "create", "approve", "numbers"},
    "police_officer": {"create"},
    "other_social_worker": {"create"},
    "intake_operator": set(),
    "analyst": {"numbers"},
    "agency_admin": set(),
    "system_admin": set(),
    "auditor": set(),
}


@pytest.fixture
def world(
    make_user: Callable[..., Any],
    canboxa: Any,
    ctxh: Any,
    social_supervisor: Any,
    police: Any,
    hp_worker: Any,
    analyst: Any,
    na_social: Any,
    na_school: Any,
) -> dict[str, Any]:
    signal = receive(canboxa, na_social)
    pending = receive(canboxa, na_social, person=signal.person)
    services.victim_verify(actor=ctxh, record=pending)
    services.evidence_add(actor=ctxh, record=pending, category="statement_person", description="x")
    outside = services.support_record(
        actor=ctxh, record=pending, measure="i", delivered_on=timezone.localdate()
    )
    consent(pending, ctxh, na_school, purpose="referral")
    measure = services.protection_add(
        actor=ctxh, record=signal, kind="escort", started_on=timezone.localdate()
    )
    actors = {
        "receiver_officer": canboxa,
        "owner_social_worker": ctxh,
        "owner_supervisor": social_supervisor,
        "police_officer": police,
        "other_social_worker": hp_worker,
        "intake_operator": make_user(role=Role.INTAKE_OPERATOR, agency=na_social),
        "analyst": analyst,
        "agency_admin": make_user(role=Role.AGENCY_ADMIN, agency=na_social),
        "system_admin": make_user(role=Role.SYSTEM_ADMIN, agency=None),
        "auditor": make_user(role=Role.AUDITOR, agency=na_social),
    }
    return {
        "actors": actors,
        "signal": signal,
        "pending": pending,
        "outside": outside,
        "school": na_school,
        "measure": measure,
    }


def _do(action: str, actor: Any, w: dict[str, Any]) -> None:
    today = timezone.localdate()
    signal, pending = w["signal"], w["pending"]
    if action == "view":
        record = selectors.victim_get(actor=actor, record_id=signal.pk)
        selectors.victim_detail(actor=actor, record=record)
    elif action == "reveal":
        if not victim_record_policy.can(actor, VictimsPermission.VIEW_IDENTITY, signal):
            raise PermissionDenied("identity not disclosed")
    elif action == "create":
        services.victim_receive(
            actor=actor,
            channel="self_returned",
            received_at=timezone.now() - dt.timedelta(hours=1),
            reception_unit=signal.reception_unit,
            new_person=WOMAN,
        )
    elif action == "verify":
        services.victim_verify(actor=actor, record=signal)
    elif action == "evidence":
        services.evidence_add(
            actor=actor, record=signal, category="statement_relative", description="y"
        )
    elif action == "identify":
        services.victim_identify(actor=actor, record=pending, outcome="victim", decided_on=today)
    elif action == "consent":
        services.consent_record(
            actor=actor,
            record=signal,
            share_identity=True,
            share_address=False,
            purpose="support",
            given_by="person",
            given_on=today,
            grantee_role="officer",
        )
    elif action == "support":
        services.support_record(actor=actor, record=pending, measure="a", delivered_on=today)
    elif action == "approve":
        services.support_decide(
            actor=actor, record=pending, entry_id=w["outside"].pk, approve=True, reason="ok"
        )
    elif action == "refer":
        services.referral_request(actor=actor, record=pending, to_agency=w["school"], service="job")
    elif action == "numbers":
        selectors.victim_numbers_for(
            actor=actor, admin_unit_code=None, start=today - dt.timedelta(days=1), end=today
        )
    elif action == "end_protection":
        services.protection_end(
            actor=actor, record=signal, measure_id=w["measure"].pk, ended_on=today
        )
    else:  # pragma: no cover
        raise AssertionError(action)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ACTORS)
def test_matrix(who: str, action: str, world: dict[str, Any]) -> None:
    actor = world["actors"][who]
    if action in ALLOWED[who]:
        _do(action, actor, world)
        return
    before = snapshot()
    with pytest.raises((NotFound, PermissionDenied)):
        _do(action, actor, world)
    assert snapshot() == before


def test_the_table_names_every_actor() -> None:
    assert set(ALLOWED) == set(ACTORS)
    assert {a for allowed in ALLOWED.values() for a in allowed} <= set(ACTIONS)
