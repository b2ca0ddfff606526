"""Small helpers shared by the people tests."""

from __future__ import annotations

from typing import Any

from lachan.audit.models import AuditEvent
from lachan.people.models import Person, PersonAddress, PersonIdentifier, PersonNameToken
from lachan.people.services import IdentifierInput, person_create


def make_person(actor: Any, full_name: str = "Đặng Thị Hường", **kwargs: Any) -> Person:
    ids = kwargs.pop("ids", [])
    return person_create(
        actor=actor,
        full_name=full_name,
        identifiers=[IdentifierInput(kind, value) for kind, value in ids],
        **kwargs,
    )


def snapshot() -> tuple[Any, ...]:
    """Everything a denied write must leave as it was."""
    persons = sorted(
        (str(p.pk), p.full_name, p.name_index, p.sex, p.birth_year, p.updated_at.isoformat())
        for p in Person.objects.all()
    )
    return (
        persons,
        sorted(PersonNameToken.objects.values_list("person_id", "token_index")),
        sorted((str(i.pk), i.kind, i.value) for i in PersonIdentifier.objects.all()),
        sorted((str(a.pk), a.kind, a.text) for a in PersonAddress.objects.all()),
        AuditEvent.objects.count(),
    )


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
