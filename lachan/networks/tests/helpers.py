"""Fixture builders for the networks tests: persons through the people service, cases
and suspects as rows (the cases domain's own services are tested there), and the
graph rebuilt on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import TestCase

from lachan.audit.models import AuditEvent
from lachan.cases.models import Case, Suspect
from lachan.networks.graph import NodeKind, node_key
from lachan.networks.models import TrackedMember, TrackedNetwork
from lachan.networks.store import forget_cache, networks_mark_stale, rebuild
from lachan.people.models import Person
from lachan.people.services import IdentifierInput, person_create

PHONE = "0912 345 678"


def make_person(actor: Any, full_name: str, *phones: str, **kwargs: Any) -> Person:
    return person_create(
        actor=actor,
        full_name=full_name,
        identifiers=[IdentifierInput("phone", p) for p in phones],
        **kwargs,
    )


def make_case(actor: Any, number: str, *suspects: Person) -> Case:
    case = Case.objects.create(
        agency=actor.agency,
        number=number,
        offence="art150",
        prosecution_date=dt.date(2025, 9, 1),
        lead_investigator=actor,
        created_by=actor,
    )
    for person in suspects:
        Suspect.objects.create(case=case, person=person, role="recruiter", added_by=actor)
    return case


def announce_links_changed() -> None:
    """``networks_mark_stale`` as a committed service would run it: its work happens on
    commit, which a test's wrapping transaction never reaches, so run the callbacks."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        networks_mark_stale()


def refresh_graph() -> None:
    announce_links_changed()
    rebuild()
    forget_cache()


def pkey(person: Person) -> str:
    return node_key(NodeKind.PERSON, person.pk)


def ckey(case: Case) -> str:
    return node_key(NodeKind.CASE, case.pk)


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(
            (str(n.pk), n.name, n.note, n.status, str(n.refreshed_at))
            for n in TrackedNetwork.objects.all()
        ),
        sorted(TrackedMember.objects.values_list("network_id", "node_key")),
        AuditEvent.objects.count(),
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
