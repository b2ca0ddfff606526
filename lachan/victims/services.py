"""Writes on victim files. Every service takes the acting user first, asks the victim
policy (out of reach: NotFound; in reach but not allowed: PermissionDenied), validates
before writing, runs in one transaction and records exactly one audit event naming
fields and codes — never names, addresses or accounts.

Disclosure outside the owning agency follows consent (Art 3(10)): a referral is
requested, accepted and completed only under a live consent naming the receiving
agency, checked again at each step."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PeoplePermission, Permission, VictimsPermission
from lachan.access.policies.people import person_policy
from lachan.access.policies.victims import victim_record_policy
from lachan.access.roles import Role
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.border_gates import border_gate
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.core.text import nfc, squash_spaces
from lachan.geo.models import AdminUnit, Era, Level
from lachan.people.countries import is_country_code
from lachan.people.models import Person
from lachan.people.services import AddressInput, IdentifierInput, person_create
from lachan.victims.deadlines import local_zone, verification_days, verification_due
from lachan.victims.entitlements import compute_entitlement
from lachan.victims.facts import entitlement_facts
from lachan.victims.models import (
    MONEY_MEASURES,
    OPEN_STATUSES,
    ApprovalStatus,
    ArrivalChannel,
    Beneficiary,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    Evidence,
    EvidenceCategory,
    ExploitationType,
    FollowUpVisit,
    GoalArea,
    GoalStatus,
    Handover,
    Location,
    MeansOfControl,
    Outcome,
    ProtectionKind,
    ProtectionMeasure,
    RecruiterRelation,
    RecruitmentMethod,
    Referral,
    ReferralService,
    ReferralStatus,
    ReintegrationGoal,
    ReintegrationPlan,
    StatusChange,
    SupportEntry,
    SupportMeasure,
    VictimCaseLink,
    VictimRecord,
    VictimStatus,
)

Errors = dict[str, list[str | Promise]]
MAX_TEXT = 4000
MAX_SHORT = 200
MAX_MAX_MINORS = 20
MIN_FOLLOW_UP_MONTHS = 12
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CHILD_AGE = 18


class _Unset(Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET
Unset = Literal[_Unset.UNSET]


@dataclass(frozen=True)
class NewPerson:
    """A person first met at this reception (recorded through ``people``)."""

    full_name: str
    sex: str = "unknown"
    birth_date: dt.date | None = None
    birth_year: int | None = None
    nationality: str = "VN"
    ethnicity: str = ""
    admin_unit: AdminUnit | None = None
    address: str = ""
    phone: str = ""
    id_number: str = ""  # CCCD


@dataclass(frozen=True)
class Exploitation:
    exploitation_type: str = ExploitationType.UNKNOWN
    means_of_control: Sequence[str] = ()
    recruitment_method: str = RecruitmentMethod.UNKNOWN
    recruiter_relation: str = RecruiterRelation.UNKNOWN
    recruitment_country: str = ""
    recruitment_unit: AdminUnit | None = None
    transit_countries: Sequence[str] = ()
    exploitation_country: str = ""
    exploitation_place: str = ""
    exploitation_started_on: dt.date | None = None
    exploitation_ended_on: dt.date | None = None
    account: str = ""


@dataclass(frozen=True)
class Guardian:
    name: str = ""
    relation: str = ""
    contact: str = ""


@dataclass(frozen=True)
class HandoverPerson:
    new_person: NewPerson | None = None
    person: Person | None = None
    document_number: str = ""
    is_child: bool | None = None
    accompanying_minors: int = 0


@dataclass(frozen=True)
class GoalInput:
    area: str
    description: str = ""
    target_on: dt.date | None = None


@dataclass
class _Clean:
    values: dict[str, Any] = field(default_factory=dict)


# -- access ---------------------------------------------------------------------------------
def _require(actor: User, record: VictimRecord, action: Permission) -> None:
    if victim_record_policy.can(actor, action, record):
        return
    if victim_record_policy.can(actor, VictimsPermission.VIEW, record):
        raise PermissionDenied(_("You may not do this on this victim file."))
    raise NotFound(_("Not found."))


def _own_agency(actor: User) -> Agency:
    if actor.agency is None:
        raise PermissionDenied(_("Your account is not attached to an agency."))
    return actor.agency


def _fail(errors: Errors) -> None:
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)


def _err(errors: Errors, name: str, message: str | Promise) -> None:
    errors.setdefault(name, []).append(message)


# -- field cleaning ---------------------------------------------------------------------------
def _text(value: str, name: str, errors: Errors, *, limit: int = MAX_TEXT) -> str:
    cleaned = nfc(value or "").strip()
    if len(cleaned) > limit:
        _err(errors, name, _("The text is too long."))
    return cleaned


def _short(value: str, name: str, errors: Errors) -> str:
    return squash_spaces(_text(value, name, errors, limit=MAX_SHORT))


def _choice(value: str, choices: Any, name: str, errors: Errors) -> str:
    if value not in {c.value for c in choices}:
        _err(errors, name, _("Choose a value from the list."))
    return value


def _country(value: str, name: str, errors: Errors) -> str:
    code = (value or "").strip().upper()
    if code and not is_country_code(code):
        _err(errors, name, _("Choose a country from the list."))
    return code


def _current_unit(unit: AdminUnit | None, name: str, errors: Errors) -> None:
    if unit is not None and unit.era != Era.CURRENT:
        _err(errors, name, _("Choose a current administrative unit (from 01/07/2025)."))


def _not_future(day: dt.date | None, name: str, errors: Errors) -> None:
    if day is not None and day > timezone.localdate():
        _err(errors, name, _("The date is in the future."))


def _clean_exploitation(data: Exploitation, errors: Errors) -> dict[str, Any]:
    _choice(data.exploitation_type, ExploitationType, "exploitation_type", errors)
    means = sorted(set(data.means_of_control))
    for code in means:
        _choice(code, MeansOfControl, "means_of_control", errors)
    _choice(data.recruitment_method, RecruitmentMethod, "recruitment_method", errors)
    _choice(data.recruiter_relation, RecruiterRelation, "recruiter_relation", errors)
    transit = [_country(c, "transit_countries", errors) for c in data.transit_countries]
    _current_unit(data.recruitment_unit, "recruitment_unit", errors)
    _not_future(data.exploitation_started_on, "exploitation_started_on", errors)
    _not_future(data.exploitation_ended_on, "exploitation_ended_on", errors)
    if (
        data.exploitation_started_on
        and data.exploitation_ended_on
        and data.exploitation_ended_on < data.exploitation_started_on
    ):
        _err(errors, "exploitation_ended_on", _("The end is before the start."))
    return {
        "exploitation_type": data.exploitation_type,
        "means_of_control": means,
        "recruitment_method": data.recruitment_method,
        "recruiter_relation": data.recruiter_relation,
        "recruitment_country": _country(data.recruitment_country, "recruitment_country", errors),
        "recruitment_unit": data.recruitment_unit,
        "transit_countries": [c for c in dict.fromkeys(transit) if c],
        "exploitation_country": _country(data.exploitation_country, "exploitation_country", errors),
        "exploitation_place": _short(data.exploitation_place, "exploitation_place", errors),
        "exploitation_started_on": data.exploitation_started_on,
        "exploitation_ended_on": data.exploitation_ended_on,
        "account": _text(data.account, "account", errors),
    }


def _age_on(person: Person, day: dt.date) -> int | None:
    if person.birth_date:
        born = dt.date.fromisoformat(person.birth_date)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if person.birth_year:
        return max(0, day.year - person.birth_year)
    return None


def new_code() -> str:
    """A pseudonymous victim code: "NN-" and 8 random characters (40 bits)."""
    return "NN-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _province_of(unit: AdminUnit) -> AdminUnit:
    if unit.level == Level.PROVINCE:
        return unit
    return unit.province  # type: ignore[return-value]


# -- reception --------------------------------------------------------------------------------
def _make_person(actor: User, new_person: NewPerson) -> Person:
    identifiers = []
    if new_person.phone.strip():
        identifiers.append(IdentifierInput("phone", new_person.phone))
    if new_person.id_number.strip():
        identifiers.append(IdentifierInput("cccd", new_person.id_number))
    addresses = []
    if new_person.address.strip():
        addresses.append(AddressInput("permanent", new_person.address, new_person.admin_unit))
    try:
        return person_create(
            actor=actor,
            full_name=new_person.full_name,
            sex=new_person.sex,
            birth_date=new_person.birth_date,
            birth_year=new_person.birth_year,
            nationality=new_person.nationality,
            ethnicity=new_person.ethnicity,
            admin_unit=new_person.admin_unit,
            identifiers=identifiers,
            addresses=addresses,
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.message, fields={f"person.{k}": v for k, v in exc.fields.items()}
        ) from None


def _create_record(
    *,
    actor: User,
    person: Person,
    channel: str,
    received_at: dt.datetime,
    reception_unit: AdminUnit,
    reception_place: str,
    owner_agency: Agency,
    location: str,
    accompanying_minors: int,
    is_child: bool | None,
    guardian: Guardian,
    exploitation: dict[str, Any],
    handover: Handover | None = None,
    handover_document_number: str = "",
) -> VictimRecord:
    assert actor.agency is not None
    age = _age_on(person, received_at.astimezone(local_zone()).date())
    child = is_child if is_child is not None else (age is not None and age < CHILD_AGE)
    due = verification_due(received_at, days=verification_days(), zone=local_zone())
    for _attempt in range(5):
        try:
            with transaction.atomic():
                record = VictimRecord.objects.create(
                    person=person,
                    code=new_code(),
                    channel=channel,
                    receiving_agency=actor.agency,
                    owner_agency=owner_agency,
                    received_by=actor,
                    received_at=received_at,
                    reception_place=reception_place,
                    reception_unit=reception_unit,
                    reception_province=_province_of(reception_unit),
                    handover=handover,
                    handover_document_number=handover_document_number,
                    location=location,
                    accompanying_minors=accompanying_minors,
                    verification_due_at=due,
                    is_child=child,
                    guardian_name=guardian.name,
                    guardian_relation=guardian.relation,
                    guardian_contact=guardian.contact,
                    sex=person.sex,
                    age_at_reception=age,
                    **exploitation,
                )
            break
        except IntegrityError:  # the one-in-a-trillion code collision: draw again
            continue
    else:  # pragma: no cover
        raise Conflict(_("Could not draw a victim code; try again."))
    StatusChange.objects.create(
        record=record,
        from_status="",
        to_status=VictimStatus.SIGNAL,
        agency=actor.agency,
        actor=actor,
    )
    if child:  # stricter defaults: identity kept confidential, a child-friendly interview
        day = received_at.astimezone(local_zone()).date()
        for kind in (ProtectionKind.CONFIDENTIALITY, ProtectionKind.CHILD_FRIENDLY_INTERVIEW):
            ProtectionMeasure.objects.create(
                record=record,
                kind=kind,
                started_on=day,
                responsible_agency=owner_agency,
                recorded_by=actor,
            )
    return record


def _clean_reception(
    *,
    channel: str,
    received_at: dt.datetime,
    reception_unit: AdminUnit | None,
    owner_agency: Agency | None,
    location: str,
    accompanying_minors: int,
    errors: Errors,
) -> None:
    _choice(channel, ArrivalChannel, "channel", errors)
    _choice(location, Location, "location", errors)
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        _err(errors, "received_at", _("The date is in the future."))
    if reception_unit is None:
        _err(errors, "reception_unit", _("Choose the place of reception."))
    else:
        _current_unit(reception_unit, "reception_unit", errors)
    if owner_agency is not None and not owner_agency.is_active:
        _err(errors, "owner_agency", _("Choose an active agency."))
    if not 0 <= accompanying_minors <= MAX_MAX_MINORS:
        _err(errors, "accompanying_minors", _("Enter a number between 0 and 20."))


def victim_receive(
    *,
    actor: User,
    channel: str,
    received_at: dt.datetime,
    reception_unit: AdminUnit | None,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    reception_place: str = "",
    owner_agency: Agency | None = None,
    location: str = Location.IN_VIETNAM,
    accompanying_minors: int = 0,
    is_child: bool | None = None,
    guardian: Guardian = Guardian(),
    exploitation: Exploitation = Exploitation(),
) -> VictimRecord:
    """Record a reception: a new episode for a known person (in the actor's reach) or a
    person first met now. The initial verification falls due 3 days later. A child gets
    confidentiality and a child-friendly interview as protection measures at once."""
    if not victim_record_policy.may_create(actor):
        raise PermissionDenied(_("Your role cannot record receptions."))
    errors: Errors = {}
    if (person is None) == (new_person is None):
        _err(errors, "person", _("Choose a known person or enter a new one."))
    if person is not None and not person_policy.can(actor, PeoplePermission.VIEW, person):
        raise NotFound(_("Not found."))
    if channel == ArrivalChannel.HANDED_OVER:
        _err(errors, "channel", _("A hand-over is recorded with its minutes (hand-over form)."))
    _clean_reception(
        channel=channel,
        received_at=received_at,
        reception_unit=reception_unit,
        owner_agency=owner_agency,
        location=location,
        accompanying_minors=accompanying_minors,
        errors=errors,
    )
    place = _short(reception_place, "reception_place", errors)
    clean_guardian = Guardian(
        _short(guardian.name, "guardian_name", errors),
        _short(guardian.relation, "guardian_relation", errors),
        _short(guardian.contact, "guardian_contact", errors),
    )
    exploit = _clean_exploitation(exploitation, errors)
    _fail(errors)
    assert reception_unit is not None
    with transaction.atomic():
        if new_person is not None:
            person = _make_person(actor, new_person)
        assert person is not None
        record = _create_record(
            actor=actor,
            person=person,
            channel=channel,
            received_at=received_at,
            reception_unit=reception_unit,
            reception_place=place,
            owner_agency=owner_agency or actor.agency,  # type: ignore[arg-type]
            location=location,
            accompanying_minors=accompanying_minors,
            is_child=is_child,
            guardian=clean_guardian,
            exploitation=exploit,
        )
        audit_record(
            actor=actor,
            action="victim.receive",
            target=record,
            changes={
                "channel": channel,
                "status": VictimStatus.SIGNAL,
                "owner_agency": str(record.owner_agency_id),
                "is_child": record.is_child,
                "new_person": new_person is not None,
            },
        )
    return record


def handover_record(
    *,
    actor: User,
    border_gate_code: str,
    handed_over_at: dt.datetime,
    foreign_authority: str,
    foreign_country: str,
    document_number: str,
    reception_unit: AdminUnit | None,
    persons: Sequence[HandoverPerson],
    border_gate_other: str = "",
    owner_agency: Agency | None = None,
    case_event: Any = None,
) -> Handover:
    """A hand-over at a border gate with its list of persons; each becomes a reception
    record (channel "handed over") with the document number of the list."""
    if not victim_record_policy.may_create(actor):
        raise PermissionDenied(_("Your role cannot record receptions."))
    errors: Errors = {}
    gate = border_gate(border_gate_code)
    if gate is None:
        _err(errors, "border_gate", _("Choose a border gate from the list."))
    other = _short(border_gate_other, "border_gate_other", errors)
    if gate is not None and gate.code == "other" and not other:
        _err(errors, "border_gate_other", _("Name the border gate."))
    authority = _short(foreign_authority, "foreign_authority", errors)
    if not authority:
        _err(errors, "foreign_authority", _("Name the foreign authority."))
    country = _country(foreign_country, "foreign_country", errors)
    if not country:
        _err(errors, "foreign_country", _("Choose a country from the list."))
    number = _short(document_number, "document_number", errors)
    if not number:
        _err(errors, "document_number", _("Enter the number of the hand-over minutes."))
    _clean_reception(
        channel=ArrivalChannel.HANDED_OVER,
        received_at=handed_over_at,
        reception_unit=reception_unit,
        owner_agency=owner_agency,
        location=Location.IN_VIETNAM,
        accompanying_minors=0,
        errors=errors,
    )
    if not persons:
        _err(errors, "persons", _("List at least one person handed over."))
    if case_event is not None:
        from lachan.access.policies import policy_for
        from lachan.cases.models import CaseEvent, CaseEventKind

        if not policy_for(CaseEvent).in_scope(actor, case_event):
            raise NotFound(_("Not found."))
        if case_event.kind != CaseEventKind.HANDOVER:
            _err(errors, "case_event", _("Choose a hand-over event."))
    for i, item in enumerate(persons):
        if (item.person is None) == (item.new_person is None):
            _err(errors, f"persons.{i}", _("Choose a known person or enter a new one."))
        elif item.person is not None and not person_policy.can(
            actor, PeoplePermission.VIEW, item.person
        ):
            raise NotFound(_("Not found."))
        _short(item.document_number, f"persons.{i}.document_number", errors)
        if not 0 <= item.accompanying_minors <= MAX_MAX_MINORS:
            _err(errors, f"persons.{i}.accompanying_minors", _("Enter a number between 0 and 20."))
    _fail(errors)
    assert reception_unit is not None and actor.agency is not None
    exploit = _clean_exploitation(Exploitation(), {})
    with transaction.atomic():
        handover = Handover.objects.create(
            border_gate=border_gate_code,
            border_gate_other=other,
            handed_over_at=handed_over_at,
            foreign_authority=authority,
            foreign_country=country,
            document_number=number,
            receiving_agency=actor.agency,
            received_by=actor,
            case_event=case_event,
        )
        record_ids = []
        for i, item in enumerate(persons):
            person = item.person
            if item.new_person is not None:
                try:
                    person = _make_person(actor, item.new_person)
                except ValidationFailed as exc:
                    raise ValidationFailed(
                        exc.message,
                        fields={f"persons.{i}.{k}": v for k, v in exc.fields.items()},
                    ) from None
            assert person is not None
            record = _create_record(
                actor=actor,
                person=person,
                channel=ArrivalChannel.HANDED_OVER,
                received_at=handed_over_at,
                reception_unit=reception_unit,
                reception_place=gate.name if gate and gate.code != "other" else other,
                owner_agency=owner_agency or actor.agency,
                location=Location.IN_VIETNAM,
                accompanying_minors=item.accompanying_minors,
                is_child=item.is_child,
                guardian=Guardian(),
                exploitation={**exploit, "exploitation_country": country},
                handover=handover,
                handover_document_number=squash_spaces(item.document_number),
            )
            record_ids.append(str(record.pk))
        audit_record(
            actor=actor,
            action="victim.handover",
            target=handover,
            changes={
                "border_gate": border_gate_code,
                "foreign_country": country,
                "records": record_ids,
                "case_event": str(case_event.pk) if case_event is not None else "",
            },
        )
    return handover


# -- the file ------------------------------------------------------------------------------------
def victim_update(
    *,
    actor: User,
    record: VictimRecord,
    exploitation: Exploitation | Unset = UNSET,
    location: str | Unset = UNSET,
    accompanying_minors: int | Unset = UNSET,
    is_child: bool | Unset = UNSET,
    guardian: Guardian | Unset = UNSET,
    owner_agency: Agency | Unset = UNSET,
) -> VictimRecord:
    """Change the given parts of the file (exploitation details, where the person is,
    accompanying children, the child flag and guardian, the managing agency)."""
    _require(actor, record, VictimsPermission.CHANGE)
    errors: Errors = {}
    new: dict[str, Any] = {}
    if exploitation is not UNSET:
        new.update(_clean_exploitation(exploitation, errors))
    if location is not UNSET:
        new["location"] = _choice(location, Location, "location", errors)
    if accompanying_minors is not UNSET:
        if not 0 <= accompanying_minors <= MAX_MAX_MINORS:
            _err(errors, "accompanying_minors", _("Enter a number between 0 and 20."))
        new["accompanying_minors"] = accompanying_minors
    if is_child is not UNSET:
        new["is_child"] = bool(is_child)
    if guardian is not UNSET:
        new["guardian_name"] = _short(guardian.name, "guardian_name", errors)
        new["guardian_relation"] = _short(guardian.relation, "guardian_relation", errors)
        new["guardian_contact"] = _short(guardian.contact, "guardian_contact", errors)
    if owner_agency is not UNSET:
        if not owner_agency.is_active:
            _err(errors, "owner_agency", _("Choose an active agency."))
        new["owner_agency"] = owner_agency
    _fail(errors)
    changed = sorted(name for name, value in new.items() if getattr(record, name) != value)
    if not changed:
        return record
    with transaction.atomic():
        for name in changed:
            setattr(record, name, new[name])
        record.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="victim.update", target=record, changes=changed)
    return record


def _move(
    actor: User,
    record: VictimRecord,
    to_status: str,
    *,
    decision_number: str = "",
    note: str = "",
) -> None:
    assert actor.agency is not None
    StatusChange.objects.create(
        record=record,
        from_status=record.status,
        to_status=to_status,
        agency=actor.agency,
        actor=actor,
        decision_number=decision_number,
        note=note,
    )
    record.status = to_status


def victim_verify(*, actor: User, record: VictimRecord, note: str = "") -> VictimRecord:
    """Initial verification done, signs confirmed: signal → being identified."""
    _require(actor, record, VictimsPermission.CHANGE)
    if record.status != VictimStatus.SIGNAL:
        raise Conflict(_("The initial verification has already been recorded."))
    errors: Errors = {}
    note = _text(note, "note", errors)
    _fail(errors)
    with transaction.atomic():
        before = record.status
        _move(actor, record, VictimStatus.BEING_IDENTIFIED, note=note)
        record.verified_at = timezone.now()
        record.save(update_fields=["status", "verified_at", "updated_at"])
        audit_record(
            actor=actor,
            action="victim.verify",
            target=record,
            changes={
                "status": [before, record.status],
                "within_deadline": record.verified_at <= record.verification_due_at,
            },
        )
    return record


def victim_identify(
    *,
    actor: User,
    record: VictimRecord,
    outcome: str,
    decided_on: dt.date,
    decision_number: str = "",
    note: str = "",
) -> VictimRecord:
    """The identification decision: victim or not a victim, by the actor's agency.
    A victim needs at least one item of Art 32 evidence; a child's file a guardian or
    legal representative."""
    _require(actor, record, VictimsPermission.IDENTIFY)
    if record.status not in OPEN_STATUSES:
        raise Conflict(_("The identification has already been decided."))
    errors: Errors = {}
    if outcome not in (VictimStatus.VICTIM, VictimStatus.NOT_VICTIM):
        _err(errors, "outcome", _("Choose victim or not a victim."))
    _not_future(decided_on, "decided_on", errors)
    if decided_on < record.received_at.astimezone(local_zone()).date():
        _err(errors, "decided_on", _("The decision cannot precede the reception."))
    number = _short(decision_number, "decision_number", errors)
    note = _text(note, "note", errors)
    if outcome == VictimStatus.VICTIM and not record.evidence.exists():
        _err(errors, "outcome", _("Record at least one item of evidence (Art 32) first."))
    if record.is_child and not record.guardian_name:
        _err(errors, "outcome", _("Record the child's guardian or legal representative first."))
    _fail(errors)
    assert actor.agency is not None
    with transaction.atomic():
        before = record.status
        _move(actor, record, outcome, decision_number=number, note=note)
        fields = ["status", "deciding_agency", "decided_on", "decision_number", "updated_at"]
        if record.verified_at is None:
            record.verified_at = timezone.now()
            fields.append("verified_at")
        record.deciding_agency = actor.agency
        record.decided_on = decided_on
        record.decision_number = number
        record.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="victim.identify",
            target=record,
            changes={"status": [before, outcome], "deciding_agency": str(actor.agency.pk)},
        )
    return record


def evidence_add(
    *,
    actor: User,
    record: VictimRecord,
    category: str,
    document_number: str = "",
    dated: dt.date | None = None,
    description: str = "",
) -> Evidence:
    _require(actor, record, VictimsPermission.CHANGE)
    errors: Errors = {}
    _choice(category, EvidenceCategory, "category", errors)
    number = _short(document_number, "document_number", errors)
    _not_future(dated, "dated", errors)
    text = _text(description, "description", errors)
    if not (number or text):
        _err(errors, "description", _("Describe the evidence or give its document number."))
    _fail(errors)
    with transaction.atomic():
        item = Evidence.objects.create(
            record=record,
            category=category,
            document_number=number,
            dated=dated,
            description=text,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="victim.add_evidence",
            target=record,
            changes={"evidence": str(item.pk), "category": category},
        )
    return item


def protection_add(
    *,
    actor: User,
    record: VictimRecord,
    kind: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    responsible_agency: Agency | None = None,
    note: str = "",
) -> ProtectionMeasure:
    _require(actor, record, VictimsPermission.CHANGE)
    errors: Errors = {}
    _choice(kind, ProtectionKind, "kind", errors)
    if ended_on is not None and ended_on < started_on:
        _err(errors, "ended_on", _("The end is before the start."))
    text = _text(note, "note", errors)
    _fail(errors)
    with transaction.atomic():
        measure = ProtectionMeasure.objects.create(
            record=record,
            kind=kind,
            started_on=started_on,
            ended_on=ended_on,
            responsible_agency=responsible_agency or _own_agency(actor),
            note=text,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="victim.add_protection",
            target=record,
            changes={"protection": str(measure.pk), "kind": kind},
        )
    return measure


def protection_end(
    *, actor: User, record: VictimRecord, measure_id: Any, ended_on: dt.date | None
) -> ProtectionMeasure:
    """Set (or correct, or clear) the end date of a protection measure; the end may not
    be before the start."""
    _require(actor, record, VictimsPermission.CHANGE)
    measure = record.protection.filter(pk=measure_id).first()
    if measure is None:
        raise NotFound(_("Not found."))
    errors: Errors = {}
    if ended_on is not None and ended_on < measure.started_on:
        _err(errors, "ended_on", _("The end is before the start."))
    _fail(errors)
    if measure.ended_on == ended_on:
        return measure
    with transaction.atomic():
        measure.ended_on = ended_on
        measure.save(update_fields=["ended_on", "updated_at"])
        audit_record(
            actor=actor,
            action="victim.end_protection",
            target=record,
            changes={
                "protection": str(measure.pk),
                "kind": measure.kind,
                "ended_on": ended_on.isoformat() if ended_on else None,
            },
        )
    return measure


# -- consent -------------------------------------------------------------------------------------
def consent_record(
    *,
    actor: User,
    record: VictimRecord,
    share_identity: bool,
    share_address: bool,
    purpose: str,
    given_by: str,
    given_on: dt.date,
    grantee_agency: Agency | None = None,
    grantee_role: str = "",
    share_account: bool = False,
    note: str = "",
) -> Consent:
    """Record what the person (or legal representative) agreed to share, with whom
    (one agency, or a role), for what. For a child: given by the legal representative,
    to a named agency."""
    _require(actor, record, VictimsPermission.MANAGE_CONSENT)
    errors: Errors = {}
    if not (share_identity or share_address or share_account):
        _err(errors, "share_identity", _("Choose at least one thing the person agreed to share."))
    if (grantee_agency is None) == (not grantee_role):
        _err(errors, "grantee_agency", _("Choose one agency or one role."))
    if grantee_role and grantee_role not in {r.value for r in Role}:
        _err(errors, "grantee_role", _("Choose a value from the list."))
    if grantee_agency is not None and grantee_agency.pk == record.owner_agency_id:
        _err(errors, "grantee_agency", _("The managing agency needs no consent."))
    _choice(purpose, ConsentPurpose, "purpose", errors)
    _choice(given_by, ConsentGiver, "given_by", errors)
    _not_future(given_on, "given_on", errors)
    if record.is_child:
        if given_by != ConsentGiver.LEGAL_REPRESENTATIVE:
            _err(
                errors, "given_by", _("For a child, consent is given by the legal representative.")
            )
        if grantee_role:
            _err(errors, "grantee_role", _("For a child, consent names one agency, not a role."))
    text = _text(note, "note", errors)
    _fail(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            record=record,
            share_identity=share_identity,
            share_address=share_address,
            share_account=share_account,
            grantee_agency=grantee_agency,
            grantee_role=grantee_role,
            purpose=purpose,
            given_by=given_by,
            given_on=given_on,
            note=text,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="victim.consent_record",
            target=record,
            changes={
                "consent": str(consent.pk),
                "shares": [
                    n
                    for n, v in (
                        ("identity", share_identity),
                        ("address", share_address),
                        ("account", share_account),
                    )
                    if v
                ],
                "grantee_agency": str(grantee_agency.pk) if grantee_agency else "",
                "grantee_role": grantee_role,
                "purpose": purpose,
            },
        )
    return consent


def consent_withdraw(*, actor: User, record: VictimRecord, consent_id: Any) -> Consent:
    """The person withdrew the consent: every further disclosure under it stops now."""
    _require(actor, record, VictimsPermission.MANAGE_CONSENT)
    consent = record.consents.filter(pk=consent_id).first()
    if consent is None:
        raise NotFound(_("Not found."))
    if consent.withdrawn_at is not None:
        raise Conflict(_("This consent has already been withdrawn."))
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        audit_record(
            actor=actor,
            action="victim.consent_withdraw",
            target=record,
            changes={"consent": str(consent.pk)},
        )
    return consent


def live_consent_for(record: VictimRecord, agency: Agency) -> bool:
    """Whether a live consent names ``agency`` (what a referral needs at each step)."""
    qs = record.consents.filter(grantee_agency=agency, withdrawn_at__isnull=True)
    if record.is_child:
        qs = qs.filter(given_by=ConsentGiver.LEGAL_REPRESENTATIVE)
    return qs.exists()


# -- support ------------------------------------------------------------------------------------
def support_record(
    *,
    actor: User,
    record: VictimRecord,
    measure: str,
    delivered_on: dt.date,
    provider_agency: Agency | None = None,
    amount_vnd: int | None = None,
    document_ref: str = "",
    beneficiary: str = Beneficiary.PERSON,
    note: str = "",
) -> SupportEntry:
    """Enter a delivered measure in the ledger. Outside the person's entitlement (or in
    a case-by-case row) it waits for a supervisor's approval before it counts."""
    _require(actor, record, VictimsPermission.RECORD_SUPPORT)
    errors: Errors = {}
    _choice(measure, SupportMeasure, "measure", errors)
    _choice(beneficiary, Beneficiary, "beneficiary", errors)
    _not_future(delivered_on, "delivered_on", errors)
    if beneficiary == Beneficiary.ACCOMPANYING_MINOR and record.accompanying_minors == 0:
        _err(errors, "beneficiary", _("No accompanying child is recorded on this file."))
    if amount_vnd is not None:
        if measure not in MONEY_MEASURES:
            _err(errors, "amount_vnd", _("This measure is not paid in money."))
        elif amount_vnd <= 0:
            _err(errors, "amount_vnd", _("Enter an amount above zero."))
    ref = _short(document_ref, "document_ref", errors)
    text = _text(note, "note", errors)
    _fail(errors)
    entitlement = compute_entitlement(entitlement_facts(record))
    within = entitlement.covers(measure, for_minor=beneficiary == Beneficiary.ACCOMPANYING_MINOR)
    with transaction.atomic():
        entry = SupportEntry.objects.create(
            record=record,
            measure=measure,
            beneficiary=beneficiary,
            delivered_on=delivered_on,
            provider_agency=provider_agency or _own_agency(actor),
            amount_vnd=amount_vnd,
            document_ref=ref,
            note=text,
            within_entitlement=within,
            approval_status=ApprovalStatus.NOT_NEEDED if within else ApprovalStatus.PENDING,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="victim.support_record",
            target=record,
            changes={
                "support": str(entry.pk),
                "measure": measure,
                "within_entitlement": within,
                "amount": amount_vnd is not None,
            },
        )
    return entry


def support_decide(
    *, actor: User, record: VictimRecord, entry_id: Any, approve: bool, reason: str
) -> SupportEntry:
    """A supervisor approves (or rejects) a measure outside the entitlement, with a reason."""
    _require(actor, record, VictimsPermission.APPROVE_SUPPORT)
    entry = record.support.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("Not found."))
    if entry.approval_status != ApprovalStatus.PENDING:
        raise Conflict(_("This measure is not awaiting approval."))
    errors: Errors = {}
    text = _text(reason, "reason", errors)
    if not text:
        _err(errors, "reason", _("Give the reason for the decision."))
    _fail(errors)
    with transaction.atomic():
        entry.approval_status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        entry.approval_reason = text
        entry.approved_by = actor
        entry.approved_at = timezone.now()
        entry.save(
            update_fields=[
                "approval_status",
                "approval_reason",
                "approved_by",
                "approved_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="victim.support_decide",
            target=record,
            changes={"support": str(entry.pk), "approval_status": entry.approval_status},
        )
    return entry


# -- referrals -------------------------------------------------------------------------------------
def _no_consent(field: str = "to_agency") -> ValidationFailed:
    message = _("No live consent lets the file be shared with this agency: record it first.")
    return ValidationFailed(message, fields={field: [message]})


def referral_request(
    *,
    actor: User,
    record: VictimRecord,
    to_agency: Agency,
    service: str,
    note: str = "",
) -> Referral:
    _require(actor, record, VictimsPermission.REFER)
    errors: Errors = {}
    _choice(service, ReferralService, "service", errors)
    if not to_agency.is_active or to_agency.pk == actor.agency_id:
        _err(errors, "to_agency", _("Choose another, active agency."))
    text = _text(note, "note", errors)
    _fail(errors)
    if not live_consent_for(record, to_agency):
        raise _no_consent()
    open_same = record.referrals.filter(
        to_agency=to_agency,
        service=service,
        status__in=(ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED),
    )
    if open_same.exists():
        raise Conflict(_("The same referral is already open."))
    assert actor.agency is not None
    with transaction.atomic():
        referral = Referral.objects.create(
            record=record,
            from_agency=actor.agency,
            to_agency=to_agency,
            service=service,
            note=text,
            requested_by=actor,
        )
        audit_record(
            actor=actor,
            action="victim.referral_request",
            target=record,
            changes={
                "referral": str(referral.pk),
                "to_agency": str(to_agency.pk),
                "service": service,
            },
        )
    return referral


def _referral_for_receiver(actor: User, referral_id: Any) -> Referral:
    """A referral addressed to the actor's agency (NotFound otherwise)."""
    referral = (
        Referral.objects.select_related("record", "to_agency")
        .filter(pk=referral_id, to_agency_id=actor.agency_id)
        .first()
        if actor.agency_id is not None
        else None
    )
    if referral is None or not victim_record_policy.has_permission(actor, VictimsPermission.REFER):
        raise NotFound(_("Not found."))
    if not victim_record_policy.can(actor, VictimsPermission.VIEW, referral.record):
        raise NotFound(_("Not found."))
    return referral


def referral_respond(*, actor: User, referral_id: Any, accept: bool, note: str = "") -> Referral:
    """The receiving agency accepts or declines (consent checked again on accepting)."""
    referral = _referral_for_receiver(actor, referral_id)
    if referral.status != ReferralStatus.REQUESTED:
        raise Conflict(_("This referral has already been answered."))
    errors: Errors = {}
    text = _text(note, "note", errors)
    if not accept and not text:
        _err(errors, "note", _("Give the reason for declining."))
    _fail(errors)
    if accept and not live_consent_for(referral.record, referral.to_agency):
        raise _no_consent("note")
    with transaction.atomic():
        referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
        referral.responded_by = actor
        referral.responded_at = timezone.now()
        referral.response_note = text
        referral.save(
            update_fields=["status", "responded_by", "responded_at", "response_note", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="victim.referral_respond",
            target=referral.record,
            changes={"referral": str(referral.pk), "status": referral.status},
        )
    return referral


def referral_complete(*, actor: User, referral_id: Any, note: str = "") -> Referral:
    referral = _referral_for_receiver(actor, referral_id)
    if referral.status != ReferralStatus.ACCEPTED:
        raise Conflict(_("Only an accepted referral can be completed."))
    errors: Errors = {}
    text = _text(note, "note", errors)
    _fail(errors)
    if not live_consent_for(referral.record, referral.to_agency):
        raise _no_consent("note")
    with transaction.atomic():
        referral.status = ReferralStatus.DONE
        referral.done_at = timezone.now()
        if text:
            referral.response_note = text
        referral.save(update_fields=["status", "done_at", "response_note", "updated_at"])
        audit_record(
            actor=actor,
            action="victim.referral_complete",
            target=referral.record,
            changes={"referral": str(referral.pk), "status": referral.status},
        )
    return referral


# -- reintegration --------------------------------------------------------------------------------
def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _clean_goal(goal: GoalInput, prefix: str, errors: Errors) -> GoalInput:
    _choice(goal.area, GoalArea, f"{prefix}area", errors)
    return GoalInput(
        goal.area, _short(goal.description, f"{prefix}description", errors), goal.target_on
    )


def plan_create(
    *,
    actor: User,
    record: VictimRecord,
    started_on: dt.date,
    goals: Sequence[GoalInput],
    follow_up_until: dt.date | None = None,
    responsible_agency: Agency | None = None,
) -> ReintegrationPlan:
    """A reintegration plan with goals and follow-up for at least 12 months."""
    _require(actor, record, VictimsPermission.CHANGE)
    errors: Errors = {}
    if hasattr(record, "reintegration_plan"):
        raise Conflict(_("This file already has a reintegration plan."))
    if record.status == VictimStatus.NOT_VICTIM:
        _err(errors, "started_on", _("A person found not to be a victim has no plan here."))
    minimum = _add_months(started_on, MIN_FOLLOW_UP_MONTHS)
    until = follow_up_until or minimum
    if until < minimum:
        _err(errors, "follow_up_until", _("Follow-up lasts at least 12 months."))
    clean = [_clean_goal(g, f"goals.{i}.", errors) for i, g in enumerate(goals)]
    if not clean:
        _err(errors, "goals", _("Set at least one goal."))
    _fail(errors)
    with transaction.atomic():
        plan = ReintegrationPlan.objects.create(
            record=record,
            started_on=started_on,
            follow_up_until=until,
            responsible_agency=responsible_agency or _own_agency(actor),
            created_by=actor,
        )
        ReintegrationGoal.objects.bulk_create(
            [
                ReintegrationGoal(
                    plan=plan, area=g.area, description=g.description, target_on=g.target_on
                )
                for g in clean
            ]
        )
        audit_record(
            actor=actor,
            action="victim.plan_create",
            target=record,
            changes={"plan": str(plan.pk), "goals": sorted(g.area for g in clean)},
        )
    return plan


def goal_add(*, actor: User, record: VictimRecord, goal: GoalInput) -> ReintegrationGoal:
    _require(actor, record, VictimsPermission.CHANGE)
    plan = ReintegrationPlan.objects.filter(record=record).first()
    if plan is None:
        raise Conflict(_("Make a reintegration plan first."))
    errors: Errors = {}
    clean = _clean_goal(goal, "", errors)
    _fail(errors)
    with transaction.atomic():
        item = ReintegrationGoal.objects.create(
            plan=plan, area=clean.area, description=clean.description, target_on=clean.target_on
        )
        audit_record(
            actor=actor,
            action="victim.goal_add",
            target=record,
            changes={"goal": str(item.pk), "area": clean.area},
        )
    return item


def goal_set_status(
    *, actor: User, record: VictimRecord, goal_id: Any, status: str, on: dt.date
) -> ReintegrationGoal:
    _require(actor, record, VictimsPermission.CHANGE)
    goal = ReintegrationGoal.objects.filter(pk=goal_id, plan__record=record).first()
    if goal is None:
        raise NotFound(_("Not found."))
    errors: Errors = {}
    _choice(status, GoalStatus, "status", errors)
    _not_future(on, "on", errors)
    _fail(errors)
    if goal.status == status:
        return goal
    with transaction.atomic():
        before = goal.status
        goal.status = status
        goal.status_on = on
        goal.save(update_fields=["status", "status_on", "updated_at"])
        audit_record(
            actor=actor,
            action="victim.goal_status",
            target=record,
            changes={"goal": str(goal.pk), "status": [before, status]},
        )
    return goal


def visit_record(
    *,
    actor: User,
    record: VictimRecord,
    visited_on: dt.date,
    outcomes: Sequence[str],
    note: str = "",
) -> FollowUpVisit:
    """A follow-up visit and the person's situation found (outcome codes)."""
    _require(actor, record, VictimsPermission.CHANGE)
    errors: Errors = {}
    _not_future(visited_on, "visited_on", errors)
    codes = sorted(set(outcomes))
    if not codes:
        _err(errors, "outcomes", _("Choose at least one situation."))
    for code in codes:
        _choice(code, Outcome, "outcomes", errors)
    text = _text(note, "note", errors)
    _fail(errors)
    assert actor.agency is not None
    with transaction.atomic():
        visit = FollowUpVisit.objects.create(
            record=record,
            visited_on=visited_on,
            agency=actor.agency,
            visited_by=actor,
            outcomes=codes,
            note=text,
        )
        audit_record(
            actor=actor,
            action="victim.visit_record",
            target=record,
            changes={"visit": str(visit.pk), "outcomes": codes},
        )
    return visit


# -- investigations --------------------------------------------------------------------------------
def victim_link_case(
    *, actor: User, record: VictimRecord, case_agency: Agency | None, case_number: str
) -> VictimCaseLink:
    """Link the file to a criminal case, named by its investigating agency and number
    (the managing side need not see the case). The case's police then reach the file:
    its code and investigation-relevant facts; identity and address only with consent."""
    from lachan.cases.models import Case

    _require(actor, record, VictimsPermission.CHANGE)
    errors: Errors = {}
    number = squash_spaces(case_number or "")
    if case_agency is None:
        _err(errors, "case_agency", _("Choose the investigating agency."))
    if not number:
        _err(errors, "case_number", _("Enter the case number."))
    _fail(errors)
    case = Case.objects.filter(agency=case_agency, number=number).first()
    if case is None:
        message = _("This agency has no case with this number.")
        raise ValidationFailed(message, fields={"case_number": [message]})
    if VictimCaseLink.objects.filter(record=record, case=case).exists():
        raise Conflict(_("The file is already linked to this case."))
    with transaction.atomic():
        link = VictimCaseLink.objects.create(record=record, case=case, linked_by=actor)
        audit_record(
            actor=actor,
            action="victim.link_case",
            target=record,
            changes={"case": str(case.pk)},
        )
    return link
