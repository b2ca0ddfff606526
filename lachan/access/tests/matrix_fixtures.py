"""The world the access matrix runs in (``test_matrix.py``): real agencies, users,
persons, assignments, break-glass grants and audit events, built once per module.

Every actor (one per role) works for the same agency, "Công an thành phố Hải Phòng"
(province 31). Each person stands for one *scope*, i.e. how the record relates to
the actor:

==============  ==========================================  =========================
scope           owner agency                                place of residence
==============  ==========================================  =========================
own             the actor's agency                          a commune of Hải Phòng
subagency       a commune police under the actor's agency   a commune of Nghệ An (40)
jurisdiction    another Hải Phòng agency (health dept.)     a commune of Hải Phòng
assigned        Công an tỉnh Nghệ An; assigned to the actor a commune of Nghệ An
break_glass     Công an tỉnh Nghệ An; live grant to actor   a commune of Nghệ An
other_province  Công an tỉnh Nghệ An; nothing else          a commune of Nghệ An
==============  ==========================================  =========================

Users and audit events use the same agency names (own, subagency, jurisdiction,
other_province): a user-management target is an officer of that agency, an audit
event is one recorded under that agency.

The sub-agency's person lives outside Hải Phòng on purpose: a supervisor then reaches
it through the agency subtree alone, not also through the jurisdiction.

The module fixture wraps the world in one transaction that is rolled back at the end;
each test runs in a savepoint inside it (pytest-django's ``db``), so what a test
changes is undone before the next one and the audit trail (whose rows can never be
deleted) is never touched outside a transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lachan.access.models import Assignment, BreakGlassGrant
from lachan.access.roles import Role
from lachan.accounts.models import Agency, AgencyType, ApiToken, User
from lachan.audit.models import AuditEvent
from lachan.audit.services import audit_record
from lachan.core.testing.factories import AgencyFactory, UserFactory, unit
from lachan.core.text import fold
from lachan.geo.models import AdminUnit, Era, Level
from lachan.people.models import Person, PersonAddress, PersonIdentifier
from lachan.people.services import AddressInput, IdentifierInput, person_create

PERSON_SCOPES = ("own", "subagency", "jurisdiction", "assigned", "break_glass", "other_province")
USER_SCOPES = ("own", "subagency", "jurisdiction", "other_province", "self")
TRAIL_SCOPES = ("own", "subagency", "jurisdiction", "other_province")
AGENCY_SCOPES = ("own", "other_province")
NO_RECORD = ("none",)

BREAK_GLASS_REASON = "Yêu cầu khẩn của Cơ quan điều tra, công văn số 45/CV-PC02 ngày 02/07/2025"

# Who owns each scope's person, where they live, and what identifies them.
_PERSONS: dict[str, tuple[str, str, str, str]] = {
    # scope: (owner agency key, province of residence, full name, phone)
    "own": ("own", "31", "Nguyễn Thị Hường", "0912 345 601"),
    "subagency": ("subagency", "40", "Trần Văn Bình", "0912 345 602"),
    "jurisdiction": ("jurisdiction", "31", "Lê Thị Cúc", "0912 345 603"),
    "assigned": ("other_province", "40", "Phạm Văn Dũng", "0912 345 604"),
    "break_glass": ("other_province", "40", "Hoàng Thị Én", "0912 345 605"),
    "other_province": ("other_province", "40", "Vũ Văn Giang", "0912 345 606"),
}


@dataclass(frozen=True)
class World:
    agencies: dict[str, Agency]  # own, subagency, jurisdiction, other_province
    actors: dict[str, User]  # role value → actor (all in the "own" agency)
    staff: dict[str, User]  # agency key → an officer of that agency (user-management target)
    persons: dict[str, Person]  # person scope → person
    names: dict[str, str]  # person scope → full name as stored
    phones: dict[str, str]  # person scope → phone as entered
    markers: dict[str, str]  # trail scope → object_id of an audit event of that agency
    # A social worker of a sixth agency (a Hải Phòng social work centre) that no person
    # belongs to: whom records are assigned to, so that what an assignment opens shows.
    assignee: User


def communes(province_code: str, count: int) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.filter(
            era=Era.CURRENT, level=Level.COMMUNE, province__code=province_code
        ).order_by("code")[:count]
    )


def _agency(name: str, agency_type: str, admin_unit: AdminUnit, parent: Agency | None) -> Agency:
    return AgencyFactory(
        name=name,
        name_key=fold(name),
        agency_type=agency_type,
        admin_unit=admin_unit,
        parent=parent,
    )


def build_world() -> World:
    hai_phong, nghe_an = unit("31"), unit("40")
    hp_communes, na_communes = communes("31", 2), communes("40", 1)
    own = _agency("Công an thành phố Hải Phòng", AgencyType.PROVINCIAL_POLICE, hai_phong, None)
    agencies = {
        "own": own,
        "subagency": _agency(
            f"Công an {hp_communes[1].name}", AgencyType.COMMUNE_POLICE, hp_communes[1], own
        ),
        "jurisdiction": _agency(
            "Sở Y tế thành phố Hải Phòng", AgencyType.SOCIAL_SERVICES, hai_phong, None
        ),
        "other_province": _agency(
            "Công an tỉnh Nghệ An", AgencyType.PROVINCIAL_POLICE, nghe_an, None
        ),
    }
    staff = {
        key: UserFactory(
            username=f"canbo_{key}", full_name=f"Cán bộ {key}", role=Role.OFFICER, agency=agency
        )
        for key, agency in agencies.items()
    }
    actors = {
        role.value: UserFactory(
            username=f"matrix_{role.value}",
            full_name=f"Người thử {role.value}",
            role=role,
            agency=own,
        )
        for role in Role
    }
    centre = _agency(
        "Trung tâm Công tác xã hội thành phố Hải Phòng",
        AgencyType.SOCIAL_SERVICES,
        hai_phong,
        None,
    )
    assignee = UserFactory(
        username="ctxh_hp",
        full_name="Cán bộ công tác xã hội",
        role=Role.SOCIAL_WORKER,
        agency=centre,
    )
    homes = {"31": hp_communes[0], "40": na_communes[0]}
    persons: dict[str, Person] = {}
    for scope, (owner, province, name, phone) in _PERSONS.items():
        persons[scope] = person_create(
            actor=staff[owner],
            full_name=name,
            sex="female" if "Thị" in name else "male",
            birth_year=1990,
            admin_unit=homes[province],
            identifiers=[IdentifierInput("phone", phone)],
            addresses=[AddressInput("current", f"Số 12 ngõ 3, {homes[province].name}")],
        )
    label = "people.person"
    for actor in actors.values():
        Assignment.objects.create(
            user=actor, object_type=label, object_id=persons["assigned"].pk, assigned_by=None
        )
        BreakGlassGrant.objects.create(
            user=actor,
            object_type=label,
            object_id=persons["break_glass"].pk,
            reason=BREAK_GLASS_REASON,
            expires_at=timezone.now() + timedelta(days=30),
        )
    markers = {}
    for scope in TRAIL_SCOPES:
        marker = str(uuid.uuid4())
        audit_record(
            actor=staff[scope],
            action="matrix.marker",
            object_type="matrix.marker",
            object_id=marker,
        )
        markers[scope] = marker
    return World(
        agencies=agencies,
        actors=actors,
        staff=staff,
        persons=persons,
        names={scope: persons[scope].full_name for scope in PERSON_SCOPES},
        phones={scope: phone for scope, (_o, _p, _n, phone) in _PERSONS.items()},
        markers=markers,
        assignee=assignee,
    )


@contextmanager
def world_in_transaction(django_db_blocker: Any) -> Iterator[World]:
    """The world, rolled back when the block ends (use from a module-scoped fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# -- what a denied action must leave as it was -------------------------------------------------
def person_state(pk: Any) -> dict[str, Any]:
    """Every stored fact of one person, identity decrypted."""
    person = Person.objects.get(pk=pk)
    return {
        "full_name": person.full_name,
        "name_index": person.name_index,
        "aliases": person.aliases,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "birth_precision": person.birth_precision,
        "ethnicity": person.ethnicity,
        "nationality": person.nationality,
        "admin_unit": person.admin_unit_id,
        "owner_agency": person.owner_agency_id,
        "updated_at": person.updated_at,
        "identifiers": sorted(
            (i.kind, i.value, i.value_index) for i in PersonIdentifier.objects.filter(person=person)
        ),
        "identifier_count": PersonIdentifier.objects.filter(person=person).count(),
        "addresses": sorted(
            (a.kind, a.text, a.admin_unit_id) for a in PersonAddress.objects.filter(person=person)
        ),
        "name_tokens": sorted(person.name_tokens.values_list("token_index", flat=True)),
    }


def user_state(pk: Any) -> dict[str, Any]:
    user = User.objects.get(pk=pk)
    return {
        name: getattr(user, name)
        for name in (
            "username",
            "full_name",
            "name_key",
            "email",
            "role",
            "agency_id",
            "is_active",
            "password",
            "security_stamp",
            "must_change_password",
            "totp_secret",
            "totp_confirmed_at",
        )
    }


def agency_state(pk: Any) -> dict[str, Any]:
    agency = Agency.objects.get(pk=pk)
    return {
        name: getattr(agency, name)
        for name in (
            "name",
            "name_key",
            "agency_type",
            "admin_unit_id",
            "parent_id",
            "is_remote",
            "is_active",
            "updated_at",
        )
    }


def row_counts() -> dict[str, int]:
    models: tuple[type[Any], ...] = (
        Person,
        PersonIdentifier,
        PersonAddress,
        User,
        Agency,
        ApiToken,
        Assignment,
        BreakGlassGrant,
    )
    return {model.__name__: model.objects.count() for model in models}


class AuditWatch:
    """The events written after it was made, oldest first."""

    def __init__(self) -> None:
        last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
        self.seq = last or 0

    def events(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(seq__gt=self.seq).order_by("seq"))

    def actions(self) -> list[str]:
        return [event.action for event in self.events()]
