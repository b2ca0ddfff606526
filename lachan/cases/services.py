"""Writes on investigations. Each service takes the acting user first and keyword-only
arguments, checks the policy (``lachan.access.policies.cases``), validates before
writing, runs in one transaction and records exactly one audit event per state change
(field names and codes only, never what a summary, note or description says).

A tip decided "prosecute" opens a case (``case_open_from_tip``) or joins one
(``case_join_from_tip``): the case is written and the tip decided
(``lachan.tips.services.tip_decide``) in the same transaction, so neither exists
without the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import CasesPermission, Permission
from lachan.access.policies.cases import (
    POLICE_AGENCY_TYPES,
    case_policy,
    cooperation_policy,
)
from lachan.access.policies.people import person_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.cases.models import (
    ArrestEvent,
    ArrestKind,
    Case,
    CaseEvent,
    CaseEventKind,
    CasePlace,
    CasePlaceRole,
    CaseStatus,
    CaseTransition,
    CooperationActivity,
    CooperationCountry,
    CooperationFollowUp,
    CooperationKind,
    CustodyAction,
    EvidenceAttachment,
    EvidenceCustody,
    EvidenceItem,
    ExploitationType,
    Offence,
    RecruitmentMeans,
    Suspect,
    SuspectOutcome,
    SuspectRole,
    TrialOutcome,
    WantedStatus,
)
from lachan.cases.transitions import CaseAction, require_action
from lachan.core.border_gates import border_gate
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.geo.models import AdminUnit, Era
from lachan.geo.selectors import province_of
from lachan.networks.store import networks_mark_stale
from lachan.people.countries import is_country_code
from lachan.people.models import Person
from lachan.tips.attachments import encode_body
from lachan.tips.cleaning import (
    AttachmentInput,
    Errors,
    add,
    clean_attachments,
    clean_choice,
    clean_text,
    fail,
)
from lachan.tips.models import Decision, Tip

MAX_NUMBER_LENGTH = 60
MAX_SUMMARY_LENGTH = 10_000
MAX_NOTE_LENGTH = 2_000
MAX_SHORT = 200
MAX_PLACES = 30
MAX_TEAM = 30
EARLIEST = dt.date(2000, 1, 1)

__all__ = [
    "AttachmentInput",
    "CasePlaceInput",
    "arrest_record",
    "case_event_record",
    "case_join_from_tip",
    "case_open",
    "case_open_from_tip",
    "case_transition",
    "case_update",
    "cooperation_follow_up_add",
    "cooperation_follow_up_done",
    "cooperation_record",
    "evidence_add",
    "evidence_attachment_add",
    "evidence_custody_record",
    "suspect_add",
    "suspect_add_new_person",
    "suspect_update",
]


@dataclass(frozen=True)
class CasePlaceInput:
    """A place of the case: a current Vietnamese unit, or a foreign country (ISO code),
    with the place as written."""

    role: str
    admin_unit: AdminUnit | None = None
    country: str = ""
    text: str = ""


# -- access ---------------------------------------------------------------------------------
def _require(actor: User, case: Case, permission: Permission) -> None:
    """NotFound out of reach (or when even the sight needed is missing), PermissionDenied
    when seen but not the actor's to change."""
    held = case_policy.actions_on(actor, case)
    if CasesPermission.VIEW not in held:
        raise NotFound(_("Not found."))
    evidence = (CasesPermission.VIEW_EVIDENCE, CasesPermission.MANAGE_EVIDENCE)
    if permission in evidence and CasesPermission.VIEW_EVIDENCE not in held:
        raise NotFound(_("Not found."))  # the evidence log is not even visible: as absent
    if permission not in held:
        raise PermissionDenied(_("You may not change this case."))


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _touch(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


def _case_changed(*, actor: User, case: Case, action: str, changes: dict[str, Any]) -> None:
    """A part of the case changed (suspect, arrest, event…): the case is touched, so lists
    sorted by last change show it, and the change is audited on the case, in the caller's
    transaction."""
    _touch(case)
    audit_record(actor=actor, action=action, target=case, changes=changes, agency=case.agency)


# -- cleaning -------------------------------------------------------------------------------
def _clean_day(
    field: str,
    value: dt.date | None,
    errors: Errors,
    *,
    not_before: dt.date = EARLIEST,
    required: bool = True,
    before_message: Any = None,
) -> dt.date | None:
    if value is None:
        if required:
            add(errors, field, _("This field is required."))
        return None
    if value > timezone.localdate():
        add(errors, field, _("The date is in the future."))
    elif value < not_before:
        add(errors, field, before_message or _("The date is too early."))
    return value


def _clean_countries(field: str, codes: Sequence[str], errors: Errors) -> list[str]:
    cleaned: list[str] = []
    for code in codes:
        code = (code or "").strip().upper()
        if not code:
            continue
        if not is_country_code(code) or code == "VN":
            add(errors, field, _("Choose a foreign country from the list."))
            continue
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def _clean_multi(
    field: str, codes: Sequence[str], allowed: Sequence[str], errors: Errors
) -> list[str]:
    cleaned: list[str] = []
    for code in codes:
        if code not in allowed:
            add(errors, field, _("Choose a value from the list."))
        elif code not in cleaned:
            cleaned.append(code)
    return cleaned


@dataclass(frozen=True)
class _CleanPlace:
    role: str
    admin_unit: AdminUnit | None
    province: AdminUnit | None
    country: str
    text: str


def _clean_places(items: Sequence[CasePlaceInput], errors: Errors) -> list[_CleanPlace]:
    if len(items) > MAX_PLACES:
        add(errors, "places", _("At most %(count)s places.") % {"count": MAX_PLACES})
        return []
    cleaned = []
    for n, item in enumerate(items):
        field = f"places.{n}"
        clean_choice(f"{field}.role", item.role, CasePlaceRole.values, errors)
        text = clean_text(f"{field}.text", item.text, errors, max_length=MAX_SHORT, multiline=False)
        country = (item.country or "").strip().upper()
        unit = item.admin_unit
        if unit is not None and country:
            add(errors, field, _("Choose either a Vietnamese unit or a foreign country."))
            continue
        if unit is not None and unit.era != Era.CURRENT:
            add(errors, f"{field}.admin_unit", _("Choose a current unit (from 01/07/2025)."))
            continue
        if country and (not is_country_code(country) or country == "VN"):
            add(errors, f"{field}.country", _("Choose a foreign country from the list."))
            continue
        if unit is None and not country and not text:
            continue  # an empty row of a form
        if unit is None and not country:
            add(errors, field, _("Choose the unit or the country of this place."))
            continue
        province = province_of(unit) if unit is not None else None
        cleaned.append(_CleanPlace(item.role, unit, province, country, text))
    return cleaned


def _clean_staff(field: str, users: Sequence[User], agency: Agency, errors: Errors) -> list[User]:
    """Investigators must be active police officers (any police agency: joint teams)."""
    cleaned: list[User] = []
    for user in users:
        if user is None:
            continue
        if (
            not user.is_active
            or user.agency is None
            or user.agency.agency_type not in POLICE_AGENCY_TYPES
            or not case_policy.has_permission(user, CasesPermission.CHANGE)
        ):
            add(errors, field, _("Choose active police officers who work cases."))
            continue
        if user not in cleaned:
            cleaned.append(user)
    if len(cleaned) > MAX_TEAM:
        add(errors, field, _("At most %(count)s members.") % {"count": MAX_TEAM})
    return cleaned


@dataclass(frozen=True)
class _CaseFacts:
    number: str
    offence: str
    other_offences: list[str]
    prosecution_decision_number: str
    prosecution_date: dt.date
    summary: str
    destination_countries: list[str]
    exploitation_type: str
    recruitment_means: list[str]
    places: list[_CleanPlace]


def _clean_facts(
    *,
    number: str,
    offence: str,
    other_offences: Sequence[str],
    prosecution_decision_number: str,
    prosecution_date: dt.date | None,
    summary: str,
    destination_countries: Sequence[str],
    exploitation_type: str,
    recruitment_means: Sequence[str],
    places: Sequence[CasePlaceInput],
    errors: Errors,
) -> _CaseFacts:
    number = clean_text(
        "number", number, errors, max_length=MAX_NUMBER_LENGTH, required=True, multiline=False
    )
    clean_choice("offence", offence, Offence.values, errors)
    others = [
        o
        for o in _clean_multi("other_offences", other_offences, Offence.values, errors)
        if o != offence
    ]
    decision_number = clean_text(
        "prosecution_decision_number",
        prosecution_decision_number,
        errors,
        max_length=MAX_NUMBER_LENGTH,
        multiline=False,
    )
    day = _clean_day("prosecution_date", prosecution_date, errors)
    summary = clean_text("summary", summary, errors, max_length=MAX_SUMMARY_LENGTH)
    countries = _clean_countries("destination_countries", destination_countries, errors)
    if exploitation_type:
        clean_choice("exploitation_type", exploitation_type, ExploitationType.values, errors)
    means = _clean_multi("recruitment_means", recruitment_means, RecruitmentMeans.values, errors)
    cleaned_places = _clean_places(places, errors)
    return _CaseFacts(
        number,
        offence,
        others,
        decision_number,
        day or EARLIEST,
        summary,
        countries,
        exploitation_type,
        means,
        cleaned_places,
    )


def _number_taken(agency: Agency, number: str, *, exclude: Case | None = None) -> bool:
    qs = Case.objects.filter(agency=agency, number=number)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def _write_places(case: Case, places: Sequence[_CleanPlace]) -> None:
    CasePlace.objects.bulk_create(
        [
            CasePlace(
                case=case,
                role=p.role,
                admin_unit=p.admin_unit,
                province=p.province,
                country=p.country,
                text=p.text,
            )
            for p in places
        ]
    )


# -- open, edit -----------------------------------------------------------------------------
def case_open(
    *,
    actor: User,
    number: str,
    offence: str,
    prosecution_date: dt.date | None,
    prosecution_decision_number: str = "",
    other_offences: Sequence[str] = (),
    lead_investigator: User | None = None,
    team: Sequence[User] = (),
    summary: str = "",
    places: Sequence[CasePlaceInput] = (),
    destination_countries: Sequence[str] = (),
    exploitation_type: str = "",
    recruitment_means: Sequence[str] = (),
    source_tips: Sequence[Tip] = (),
) -> Case:
    """Open a case in the actor's (police) agency; the actor leads it unless another
    lead investigator is named."""
    if not case_policy.may_open(actor):
        raise PermissionDenied(_("Only police agencies open cases."))
    agency = actor.agency
    assert agency is not None
    errors: Errors = {}
    facts = _clean_facts(
        number=number,
        offence=offence,
        other_offences=other_offences,
        prosecution_decision_number=prosecution_decision_number,
        prosecution_date=prosecution_date,
        summary=summary,
        destination_countries=destination_countries,
        exploitation_type=exploitation_type,
        recruitment_means=recruitment_means,
        places=places,
        errors=errors,
    )
    lead = _clean_staff("lead_investigator", [lead_investigator or actor], agency, errors)
    members = [u for u in _clean_staff("team", team, agency, errors) if u not in lead]
    tips = list(source_tips)
    fail(errors)
    if _number_taken(agency, facts.number):
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"number": [_("Your agency already has a case with this number.")]},
        )
    unit = agency.admin_unit
    try:
        with transaction.atomic():
            case = Case.objects.create(
                agency=agency,
                number=facts.number,
                area=unit,
                province=province_of(unit),
                offence=facts.offence,
                other_offences=facts.other_offences,
                prosecution_decision_number=facts.prosecution_decision_number,
                prosecution_date=facts.prosecution_date,
                lead_investigator=lead[0] if lead else actor,
                summary=facts.summary,
                destination_countries=facts.destination_countries,
                exploitation_type=facts.exploitation_type,
                recruitment_means=facts.recruitment_means,
                created_by=actor,
            )
            if members:
                case.team.set(members)
            if tips:
                case.source_tips.set(tips)
            _write_places(case, facts.places)
            CaseTransition.objects.create(
                case=case,
                action="open",
                from_status="",
                to_status=CaseStatus.INVESTIGATING,
                on=facts.prosecution_date,
                actor=actor,
                at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="case.open",
                target=case,
                changes={
                    "offence": facts.offence,
                    "status": CaseStatus.INVESTIGATING,
                    "fields": sorted(
                        name
                        for name, value in (
                            ("summary", facts.summary),
                            ("places", facts.places),
                            ("team", members),
                            ("source_tips", tips),
                            ("destination_countries", facts.destination_countries),
                            ("recruitment_means", facts.recruitment_means),
                            ("exploitation_type", facts.exploitation_type),
                        )
                        if value
                    ),
                },
                agency=agency,
            )
    except IntegrityError:  # a concurrent case took the number
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"number": [_("Your agency already has a case with this number.")]},
        ) from None
    return case


def case_update(
    *,
    actor: User,
    case: Case,
    number: str,
    offence: str,
    prosecution_date: dt.date | None,
    prosecution_decision_number: str = "",
    other_offences: Sequence[str] = (),
    lead_investigator: User | None = None,
    team: Sequence[User] = (),
    summary: str = "",
    places: Sequence[CasePlaceInput] = (),
    destination_countries: Sequence[str] = (),
    exploitation_type: str = "",
    recruitment_means: Sequence[str] = (),
) -> Case:
    """Correct the facts of a case (places are replaced by those given)."""
    _require(actor, case, CasesPermission.CHANGE)
    errors: Errors = {}
    facts = _clean_facts(
        number=number,
        offence=offence,
        other_offences=other_offences,
        prosecution_decision_number=prosecution_decision_number,
        prosecution_date=prosecution_date,
        summary=summary,
        destination_countries=destination_countries,
        exploitation_type=exploitation_type,
        recruitment_means=recruitment_means,
        places=places,
        errors=errors,
    )
    lead = _clean_staff(
        "lead_investigator",
        [lead_investigator] if lead_investigator else [],
        case.agency,
        errors,
    )
    members = [u for u in _clean_staff("team", team, case.agency, errors) if u not in lead]
    if case.solved_on and facts.prosecution_date > case.solved_on:
        add(errors, "prosecution_date", _("The case was solved before this date."))
    fail(errors)
    if _number_taken(case.agency, facts.number, exclude=case):
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"number": [_("Your agency already has a case with this number.")]},
        )
    with transaction.atomic():
        case = _lock(case)
        before = {
            "number": case.number,
            "offence": case.offence,
            "other_offences": case.other_offences,
            "prosecution_decision_number": case.prosecution_decision_number,
            "prosecution_date": case.prosecution_date,
            "summary": case.summary,
            "destination_countries": case.destination_countries,
            "exploitation_type": case.exploitation_type,
            "recruitment_means": case.recruitment_means,
            "lead_investigator": case.lead_investigator_id,
        }
        after = {
            "number": facts.number,
            "offence": facts.offence,
            "other_offences": facts.other_offences,
            "prosecution_decision_number": facts.prosecution_decision_number,
            "prosecution_date": facts.prosecution_date,
            "summary": facts.summary,
            "destination_countries": facts.destination_countries,
            "exploitation_type": facts.exploitation_type,
            "recruitment_means": facts.recruitment_means,
            "lead_investigator": lead[0].pk if lead else case.lead_investigator_id,
        }
        changed = sorted(k for k in after if after[k] != before[k])
        for name in changed:
            setattr(case, f"{name}_id" if name == "lead_investigator" else name, after[name])
        case.save(
            update_fields=[
                *(("lead_investigator" if n == "lead_investigator" else n) for n in changed),
                "updated_at",
            ]
        )
        old_team = set(case.team.values_list("pk", flat=True))
        if old_team != {u.pk for u in members}:
            case.team.set(members)
            changed.append("team")
        old_places = {(p.role, p.admin_unit_id, p.country, p.text) for p in case.places.all()}
        new_places = {
            (p.role, p.admin_unit.pk if p.admin_unit else None, p.country, p.text)
            for p in facts.places
        }
        if old_places != new_places:
            case.places.all().delete()
            _write_places(case, facts.places)
            changed.append("places")
        if changed:
            audit_record(
                actor=actor, action="case.update", target=case, changes=changed, agency=case.agency
            )
    return case


# -- from a tip -------------------------------------------------------------------------------
def _check_tip(actor: User, tip: Tip) -> None:
    from lachan.tips.transitions import Transition, require_transition

    require_transition(actor, tip, Transition.DECIDE)


def case_open_from_tip(
    *,
    actor: User,
    tip: Tip,
    number: str,
    offence: str,
    prosecution_date: dt.date | None,
    prosecution_decision_number: str = "",
    **facts: Any,
) -> Case:
    """Decide the tip "prosecute" and open the case it leads to, in one transaction.
    The tip's exploitation type and destination country are the case's defaults."""
    from lachan.tips.services import tip_decide

    _check_tip(actor, tip)
    facts.setdefault("exploitation_type", tip.exploitation_type)
    if tip.destination_country and tip.destination_country != "VN":
        facts.setdefault("destination_countries", [tip.destination_country])
    with transaction.atomic():
        case = case_open(
            actor=actor,
            number=number,
            offence=offence,
            prosecution_date=prosecution_date,
            prosecution_decision_number=prosecution_decision_number,
            source_tips=[tip],
            **facts,
        )
        tip_decide(
            actor=actor,
            tip=tip,
            decision=Decision.PROSECUTE,
            decision_date=case.prosecution_date,
            decision_number=case.prosecution_decision_number,
            case_id=case.pk,
            case_number=case.number,
        )
        networks_mark_stale()  # the tip now links to the case node
    return case


def case_join_from_tip(
    *,
    actor: User,
    tip: Tip,
    case: Case,
    decision_date: dt.date | None = None,
    decision_number: str = "",
) -> Case:
    """Decide the tip "prosecute" as part of an existing case (the tip joins it)."""
    from lachan.tips.services import tip_decide

    _require(actor, case, CasesPermission.CHANGE)
    _check_tip(actor, tip)
    with transaction.atomic():
        case = _lock(case)
        if case.source_tips.filter(pk=tip.pk).exists():
            raise Conflict(_("This tip is already a source of the case."), code="already_linked")
        case.source_tips.add(tip)
        _case_changed(actor=actor, case=case, action="case.join_tip", changes={"tip": str(tip.pk)})
        tip_decide(
            actor=actor,
            tip=tip,
            decision=Decision.PROSECUTE,
            decision_date=decision_date,
            decision_number=decision_number,
            case_id=case.pk,
            case_number=case.number,
        )
        networks_mark_stale()  # the tip now links to the case node
    return case


# -- transitions ------------------------------------------------------------------------------
_DATE_FIELD: dict[CaseAction, str] = {
    CaseAction.SOLVE: "solved_on",
    CaseAction.SUSPEND: "suspended_on",
    CaseAction.TRANSFER: "transferred_on",
    CaseAction.INDICT: "indicted_on",
    CaseAction.TRY: "tried_on",
}


def case_transition(
    *,
    actor: User,
    case: Case,
    action: str,
    on: dt.date | None = None,
    note: str = "",
    trial_outcome: str = "",
) -> Case:
    """Move the case on (``transitions.MOVES``): solve, suspend, resume, transfer to the
    procuracy, indict, record the trial outcome. ``on`` is the day it happened (today
    when not given); it may not precede the prosecution decision or the last step."""
    errors: Errors = {}
    try:
        move = CaseAction(action)
    except ValueError:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"action": [_("Choose a value from the list.")]},
        ) from None
    note = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    if move == CaseAction.TRY:
        clean_choice("trial_outcome", trial_outcome, TrialOutcome.values, errors)
    fail(errors)
    with transaction.atomic():
        case = _lock(case)
        target = require_action(actor, case, move)
        last = case.transitions.aggregate(last=Max("on"))["last"] or case.prosecution_date
        day = _clean_day(
            "on",
            on or timezone.localdate(),
            errors,
            not_before=last,
            before_message=_("The date is before the case's last step."),
        )
        fail(errors)
        assert day is not None
        before = case.status
        case.status = target
        fields = ["status", "updated_at"]
        if move in _DATE_FIELD:
            setattr(case, _DATE_FIELD[move], day)
            fields.append(_DATE_FIELD[move])
        if move == CaseAction.TRY:
            case.trial_outcome = trial_outcome
            fields.append("trial_outcome")
        case.save(update_fields=fields)
        CaseTransition.objects.create(
            case=case,
            action=move.value,
            from_status=before,
            to_status=target,
            on=day,
            actor=actor,
            at=timezone.now(),
            note=note,
        )
        changes: dict[str, Any] = {"status": [before, target], "on": day.isoformat()}
        if move == CaseAction.TRY:
            changes["trial_outcome"] = trial_outcome
        if note:
            changes["fields"] = ["note"]
        audit_record(
            actor=actor,
            action=f"case.{move.value}",
            target=case,
            changes=changes,
            agency=case.agency,
        )
    return case


# -- suspects and arrests --------------------------------------------------------------------
def suspect_add(
    *,
    actor: User,
    case: Case,
    person: Person,
    role: str,
    wanted_status: str = WantedStatus.NOT_WANTED,
    nationality: str = "",
) -> Suspect:
    """A person the actor reaches becomes a suspect of the case. Nationality defaults to
    the person's."""
    _require(actor, case, CasesPermission.CHANGE)
    if not person_policy.can(actor, _people_view(), person):
        raise NotFound(_("Not found."))
    errors: Errors = {}
    clean_choice("role", role, SuspectRole.values, errors)
    clean_choice("wanted_status", wanted_status, WantedStatus.values, errors)
    nationality = (nationality or person.nationality or "VN").strip().upper()
    if not is_country_code(nationality):
        add(errors, "nationality", _("Choose a value from the list."))
    fail(errors)
    with transaction.atomic():
        case = _lock(case)
        if Suspect.objects.filter(case=case, person=person).exists():
            raise ValidationFailed(
                _("Please correct the errors below."),
                fields={"person": [_("This person is already a suspect in this case.")]},
            )
        suspect = Suspect.objects.create(
            case=case,
            person=person,
            role=role,
            wanted_status=wanted_status,
            nationality=nationality,
            added_by=actor,
        )
        _case_changed(
            actor=actor,
            case=case,
            action="case.add_suspect",
            changes={"suspect": str(suspect.pk), "person": str(person.pk), "role": role},
        )
        networks_mark_stale()  # co-suspects meet at the case node
    return suspect


def suspect_add_new_person(
    *,
    actor: User,
    case: Case,
    full_name: str,
    role: str,
    sex: str = "unknown",
    birth_year: int | None = None,
    nationality: str = "VN",
    phones: Sequence[str] = (),
    wanted_status: str = WantedStatus.NOT_WANTED,
) -> Suspect:
    """Record a person not yet known (``people.services.person_create``, in the actor's
    agency, with their phone numbers) and add them as a suspect, in one transaction."""
    from lachan.people.services import IdentifierInput, person_create

    _require(actor, case, CasesPermission.CHANGE)
    errors: Errors = {}
    clean_choice("role", role, SuspectRole.values, errors)
    clean_choice("wanted_status", wanted_status, WantedStatus.values, errors)
    fail(errors)
    with transaction.atomic():
        person = person_create(
            actor=actor,
            full_name=full_name,
            sex=sex,
            birth_year=birth_year,
            nationality=nationality,
            identifiers=[IdentifierInput("phone", p) for p in phones if p and p.strip()],
        )
        return suspect_add(
            actor=actor,
            case=case,
            person=person,
            role=role,
            wanted_status=wanted_status,
            nationality=nationality,
        )


def _people_view() -> Permission:
    from lachan.access.permissions import PeoplePermission

    return PeoplePermission.VIEW


def suspect_update(
    *,
    actor: User,
    suspect: Suspect,
    role: str,
    wanted_status: str,
    nationality: str,
    outcome: str = SuspectOutcome.PENDING,
    outcome_date: dt.date | None = None,
    sentence: str = "",
    sentence_months: int | None = None,
) -> Suspect:
    """Role, wanted status, nationality and outcome (charged, convicted with the
    sentence, released)."""
    case = suspect.case
    _require(actor, case, CasesPermission.CHANGE)
    errors: Errors = {}
    clean_choice("role", role, SuspectRole.values, errors)
    clean_choice("wanted_status", wanted_status, WantedStatus.values, errors)
    clean_choice("outcome", outcome, SuspectOutcome.values, errors)
    nationality = (nationality or "").strip().upper()
    if not is_country_code(nationality):
        add(errors, "nationality", _("Choose a value from the list."))
    sentence = clean_text("sentence", sentence, errors, max_length=MAX_SHORT, multiline=False)
    if outcome == SuspectOutcome.PENDING:
        outcome_date, sentence, sentence_months = None, "", None
    else:
        _clean_day(
            "outcome_date",
            outcome_date,
            errors,
            not_before=case.prosecution_date,
            before_message=_("The date is before the prosecution decision."),
        )
    if outcome != SuspectOutcome.CONVICTED:
        sentence, sentence_months = "", None
    elif not sentence and sentence_months is None:
        add(errors, "sentence", _("Enter the sentence."))
    if sentence_months is not None and not 0 <= sentence_months <= 600:
        add(errors, "sentence_months", _("Enter a number of months between 0 and 600."))
    fail(errors)
    with transaction.atomic():
        suspect = Suspect.objects.select_for_update().get(pk=suspect.pk)
        after = {
            "role": role,
            "wanted_status": wanted_status,
            "nationality": nationality,
            "outcome": outcome,
            "outcome_date": outcome_date,
            "sentence": sentence,
            "sentence_months": sentence_months,
        }
        changed = sorted(k for k, v in after.items() if getattr(suspect, k) != v)
        if not changed:
            return suspect
        for name in changed:
            setattr(suspect, name, after[name])
        suspect.save(update_fields=[*changed, "updated_at"])
        _touch(case)
        codes: dict[str, Any] = {"suspect": str(suspect.pk), "fields": changed}
        for name in ("role", "wanted_status", "outcome"):
            if name in changed:
                codes[name] = after[name]
        audit_record(
            actor=actor,
            action="case.update_suspect",
            target=case,
            changes=codes,
            agency=case.agency,
        )
    return suspect


def arrest_record(
    *,
    actor: User,
    suspect: Suspect,
    kind: str,
    on: dt.date | None,
    agency: Agency | None = None,
    note: str = "",
) -> ArrestEvent:
    """An arrest, detention or surrender of a suspect, by a police agency (the actor's
    when not named)."""
    case = suspect.case
    _require(actor, case, CasesPermission.CHANGE)
    errors: Errors = {}
    clean_choice("kind", kind, ArrestKind.values, errors)
    agency = agency or actor.agency
    if agency is None or agency.agency_type not in POLICE_AGENCY_TYPES:
        add(errors, "agency", _("Choose a police or border guard agency."))
    _clean_day("on", on, errors)
    note = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    fail(errors)
    assert agency is not None and on is not None
    with transaction.atomic():
        arrest = ArrestEvent.objects.create(
            suspect=suspect, kind=kind, on=on, agency=agency, note=note, recorded_by=actor
        )
        _case_changed(
            actor=actor,
            case=case,
            action="case.record_arrest",
            changes={"suspect": str(suspect.pk), "arrest": str(arrest.pk), "kind": kind},
        )
    return arrest


# -- rescue and hand-over ------------------------------------------------------------------------
def case_event_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    on: dt.date | None,
    persons_count: int,
    agency: Agency | None = None,
    by_text: str = "",
    admin_unit: AdminUnit | None = None,
    country: str = "",
    place_text: str = "",
    border_gate_code: str = "",
    foreign_country: str = "",
    foreign_authority: str = "",
    note: str = "",
) -> CaseEvent:
    """A rescue (where, by whom, how many) or a hand-over by a foreign authority at a
    border gate (which gate, which authority, how many)."""
    _require(actor, case, CasesPermission.CHANGE)
    errors: Errors = {}
    clean_choice("kind", kind, CaseEventKind.values, errors)
    _clean_day("on", on, errors)
    if persons_count is None or persons_count < 1 or persons_count > 10_000:
        add(errors, "persons_count", _("Enter a number of persons from 1."))
    by_text = clean_text("by_text", by_text, errors, max_length=MAX_SHORT, multiline=False)
    place_text = clean_text("place_text", place_text, errors, max_length=MAX_SHORT, multiline=False)
    foreign_authority = clean_text(
        "foreign_authority", foreign_authority, errors, max_length=MAX_SHORT, multiline=False
    )
    note = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    country = (country or "").strip().upper()
    foreign_country = (foreign_country or "").strip().upper()
    if kind == CaseEventKind.RESCUE:
        border_gate_code, foreign_country, foreign_authority = "", "", ""
        if agency is None and not by_text:
            add(errors, "by_text", _("Say who rescued them."))
        if admin_unit is None and not country and not place_text:
            add(errors, "place_text", _("Say where they were rescued."))
        if admin_unit is not None and country:
            add(errors, "country", _("Choose either a Vietnamese unit or a foreign country."))
        if country and (not is_country_code(country) or country == "VN"):
            add(errors, "country", _("Choose a foreign country from the list."))
    elif kind == CaseEventKind.HANDOVER:
        gate = border_gate(border_gate_code) if border_gate_code else None
        if gate is None:
            add(errors, "border_gate", _("Choose the border gate."))
        elif gate.code == "other" and not place_text:
            add(errors, "place_text", _("Name the border gate."))
        foreign_country = foreign_country or (gate.counterpart_country if gate else "")
        if not foreign_country or not is_country_code(foreign_country) or foreign_country == "VN":
            add(errors, "foreign_country", _("Choose a foreign country from the list."))
        if not foreign_authority:
            add(errors, "foreign_authority", _("Name the foreign authority handing over."))
        admin_unit, country = None, ""
    if admin_unit is not None and admin_unit.era != Era.CURRENT:
        add(errors, "admin_unit", _("Choose a current unit (from 01/07/2025)."))
    fail(errors)
    assert on is not None
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            kind=kind,
            on=on,
            persons_count=persons_count,
            agency=agency,
            by_text=by_text,
            admin_unit=admin_unit,
            country=country,
            place_text=place_text,
            border_gate=border_gate_code,
            foreign_country=foreign_country,
            foreign_authority=foreign_authority,
            note=note,
            recorded_by=actor,
        )
        _touch(case)
        changes: dict[str, Any] = {
            "event": str(event.pk),
            "kind": kind,
            "persons_count": persons_count,
        }
        if border_gate_code:
            changes["border_gate"] = border_gate_code
        audit_record(
            actor=actor,
            action=f"case.record_{kind}",
            target=case,
            changes=changes,
            agency=case.agency,
        )
    return event


# -- evidence ------------------------------------------------------------------------------------
def _clean_at(field: str, value: dt.datetime | None, errors: Errors) -> dt.datetime:
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + dt.timedelta(minutes=5):
        add(errors, field, _("The time is in the future."))
    elif value.date() < EARLIEST:
        add(errors, field, _("The date is too early."))
    return value


def evidence_add(
    *,
    actor: User,
    case: Case,
    label: str,
    description: str,
    received_at: dt.datetime | None = None,
    location: str = "",
    attachments: Sequence[AttachmentInput] = (),
) -> EvidenceItem:
    """Log an item of evidence: its first custody link is its receipt by the actor."""
    _require(actor, case, CasesPermission.MANAGE_EVIDENCE)
    errors: Errors = {}
    label = clean_text("label", label, errors, max_length=60, required=True, multiline=False)
    description = clean_text(
        "description", description, errors, max_length=MAX_NOTE_LENGTH, required=True
    )
    location = clean_text("location", location, errors, max_length=MAX_SHORT, multiline=False)
    at = _clean_at("received_at", received_at, errors)
    files = clean_attachments(attachments, errors)
    fail(errors)
    with transaction.atomic():
        case = _lock(case)
        if case.evidence.filter(label=label).exists():
            raise ValidationFailed(
                _("Please correct the errors below."),
                fields={"label": [_("Another item of this case has this label.")]},
            )
        item = EvidenceItem.objects.create(
            case=case,
            label=label,
            description=description,
            location=location,
            holder=actor,
            received_on=at,
        )
        EvidenceCustody.objects.create(
            item=item,
            action=CustodyAction.RECEIVED,
            at=at,
            handled_by=actor,
            location=location,
            recorded_by=actor,
        )
        _store_files(item, files, actor)
        _case_changed(
            actor=actor,
            case=case,
            action="case.add_evidence",
            changes={"item": str(item.pk), "attachments": len(files)},
        )
    return item


def _store_files(item: EvidenceItem, files: Sequence[Any], actor: User) -> None:
    EvidenceAttachment.objects.bulk_create(
        [
            EvidenceAttachment(
                item=item,
                filename=f.filename,
                content_type=f.content_type,
                size=len(f.data),
                data=encode_body(f.data),
                uploaded_by=actor,
            )
            for f in files
        ]
    )


def evidence_custody_record(
    *,
    actor: User,
    item: EvidenceItem,
    action: str,
    at: dt.datetime | None = None,
    handled_by: User | None = None,
    location: str = "",
    note: str = "",
) -> EvidenceCustody:
    """The next link in the chain of custody: moved (to a location and holder),
    examined, returned, disposed of. An item returned or disposed of takes no more."""
    case = item.case
    _require(actor, case, CasesPermission.MANAGE_EVIDENCE)
    errors: Errors = {}
    clean_choice("action", action, CustodyAction.values, errors)
    if action == CustodyAction.RECEIVED:
        add(errors, "action", _("An item is received once, when it is logged."))
    location = clean_text("location", location, errors, max_length=MAX_SHORT, multiline=False)
    note = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    when = _clean_at("at", at, errors)
    if action == CustodyAction.MOVED and not location:
        add(errors, "location", _("Say where the item was moved to."))
    holder = handled_by or actor
    if holder.agency is None or holder.agency.agency_type not in POLICE_AGENCY_TYPES:
        add(errors, "handled_by", _("Choose a police officer."))
    fail(errors)
    with transaction.atomic():
        item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
        last = item.custody.order_by("-at").first()
        if last is not None and last.action in (CustodyAction.RETURNED, CustodyAction.DISPOSED):
            raise Conflict(_("This item has left custody."), code="custody_closed")
        if last is not None and when < last.at:
            raise ValidationFailed(
                _("Please correct the errors below."),
                fields={"at": [_("The time is before the last link of the chain.")]},
            )
        link = EvidenceCustody.objects.create(
            item=item,
            action=action,
            at=when,
            handled_by=holder,
            location=location,
            note=note,
            recorded_by=actor,
        )
        fields = ["updated_at"]
        if location:
            item.location = location
            fields.append("location")
        item.holder = holder
        fields.append("holder")
        item.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="case.evidence_custody",
            target=case,
            changes={"item": str(item.pk), "custody": str(link.pk), "action": action},
            agency=case.agency,
        )
    return link


def evidence_attachment_add(
    *, actor: User, item: EvidenceItem, attachment: AttachmentInput
) -> EvidenceAttachment:
    case = item.case
    _require(actor, case, CasesPermission.MANAGE_EVIDENCE)
    errors: Errors = {}
    files = clean_attachments([attachment], errors, already=item.attachments.count())
    fail(errors)
    with transaction.atomic():
        _store_files(item, files, actor)
        created = item.attachments.order_by("-created_at").first()
        assert created is not None
        audit_record(
            actor=actor,
            action="case.evidence_attachment",
            target=case,
            changes={
                "item": str(item.pk),
                "attachment": str(created.pk),
                "content_type": created.content_type,
            },
            agency=case.agency,
        )
    return created


# -- cross-border cooperation ---------------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpInput:
    action: str
    due_on: dt.date | None = None


def cooperation_record(
    *,
    actor: User,
    kind: str,
    on: dt.date | None,
    counterpart_country: str,
    counterpart_agency: str,
    subject: str,
    border_gate_code: str = "",
    place: str = "",
    persons_handed_over: int = 0,
    cases: Sequence[Case] = (),
    follow_ups: Sequence[FollowUpInput] = (),
) -> CooperationActivity:
    """A border meeting, liaison meeting (giao ban), information request or joint
    operation with a Chinese, Lao or Cambodian counterpart, in the actor's agency."""
    if not cooperation_policy.may_record(actor):
        raise PermissionDenied(_("Only police and border guard agencies record this."))
    agency = actor.agency
    assert agency is not None
    errors: Errors = {}
    clean_choice("kind", kind, CooperationKind.values, errors)
    clean_choice("counterpart_country", counterpart_country, CooperationCountry.values, errors)
    counterpart_agency = clean_text(
        "counterpart_agency",
        counterpart_agency,
        errors,
        max_length=MAX_SHORT,
        required=True,
        multiline=False,
    )
    subject = clean_text("subject", subject, errors, max_length=MAX_NOTE_LENGTH, required=True)
    place = clean_text("place", place, errors, max_length=MAX_SHORT, multiline=False)
    _clean_day("on", on, errors)
    if border_gate_code:
        gate = border_gate(border_gate_code)
        if gate is None:
            add(errors, "border_gate", _("Choose a value from the list."))
        elif gate.counterpart_country and gate.counterpart_country != counterpart_country:
            add(errors, "border_gate", _("This gate is not on the border with that country."))
    elif not place:
        add(errors, "place", _("Choose the border gate or say where it took place."))
    if persons_handed_over is None or not 0 <= persons_handed_over <= 10_000:
        add(errors, "persons_handed_over", _("Enter a number from 0."))
    reachable = set(
        case_policy.scope(actor).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True)
    )
    if any(c.pk not in reachable for c in cases):
        add(errors, "cases", _("Choose cases you work on."))
    actions = []
    for n, f in enumerate(follow_ups):
        text = clean_text(f"follow_ups.{n}.action", f.action, errors, max_length=MAX_NOTE_LENGTH)
        if text:
            actions.append(FollowUpInput(text, f.due_on))
    fail(errors)
    assert on is not None
    with transaction.atomic():
        activity = CooperationActivity.objects.create(
            agency=agency,
            province=province_of(agency.admin_unit),
            kind=kind,
            on=on,
            border_gate=border_gate_code,
            place=place,
            counterpart_country=counterpart_country,
            counterpart_agency=counterpart_agency,
            subject=subject,
            persons_handed_over=persons_handed_over,
            created_by=actor,
        )
        if cases:
            activity.cases.set(list(cases))
        CooperationFollowUp.objects.bulk_create(
            [
                CooperationFollowUp(activity=activity, action=a.action, due_on=a.due_on)
                for a in actions
            ]
        )
        audit_record(
            actor=actor,
            action="case.record_cooperation",
            target=activity,
            changes={
                "kind": kind,
                "counterpart_country": counterpart_country,
                "cases": sorted(str(c.pk) for c in cases),
                "follow_ups": len(actions),
            },
            agency=agency,
        )
    return activity


def _require_cooperation(actor: User, activity: CooperationActivity) -> None:
    if not cooperation_policy.can(actor, CasesPermission.VIEW, activity):
        raise NotFound(_("Not found."))
    if not cooperation_policy.can(actor, CasesPermission.MANAGE_COOPERATION, activity):
        raise PermissionDenied(_("You may not change this record."))


def cooperation_follow_up_add(
    *, actor: User, activity: CooperationActivity, action: str, due_on: dt.date | None = None
) -> CooperationFollowUp:
    _require_cooperation(actor, activity)
    errors: Errors = {}
    action = clean_text("action", action, errors, max_length=MAX_NOTE_LENGTH, required=True)
    if due_on is not None and due_on < activity.on:
        add(errors, "due_on", _("The due date is before the activity."))
    fail(errors)
    with transaction.atomic():
        follow_up = CooperationFollowUp.objects.create(
            activity=activity, action=action, due_on=due_on
        )
        audit_record(
            actor=actor,
            action="case.cooperation_follow_up",
            target=activity,
            changes={"follow_up": str(follow_up.pk)},
            agency=activity.agency,
        )
    return follow_up


def cooperation_follow_up_done(
    *, actor: User, follow_up: CooperationFollowUp, done_on: dt.date | None = None
) -> CooperationFollowUp:
    activity = follow_up.activity
    _require_cooperation(actor, activity)
    errors: Errors = {}
    day = _clean_day(
        "done_on",
        done_on or timezone.localdate(),
        errors,
        not_before=activity.on,
        before_message=_("The date is before the activity."),
    )
    fail(errors)
    with transaction.atomic():
        follow_up = CooperationFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_on is not None:
            raise Conflict(_("This action is already done."), code="already_done")
        follow_up.done_on = day
        follow_up.save(update_fields=["done_on", "updated_at"])
        audit_record(
            actor=actor,
            action="case.cooperation_follow_up_done",
            target=activity,
            changes={"follow_up": str(follow_up.pk)},
            agency=activity.agency,
        )
    return follow_up
