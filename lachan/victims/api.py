"""Victims over the API (/api/v1/victims/). The same selectors and services as the staff
pages: out of reach is 404 ``not_found``; identity is masked unless asked for with
``reveal=true`` and disclosed by the access layer — every file view is audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.access.permissions import VictimsPermission
from lachan.access.policies.people import person_policy
from lachan.access.policies.victims import victim_record_policy
from lachan.accounts.actors import api_actor
from lachan.accounts.models import Agency
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era
from lachan.victims import selectors, services
from lachan.victims.models import VictimRecord
from lachan.victims.schemas import (
    ConsentIn,
    ConsentOut,
    EvidenceIn,
    HandoverIn,
    HandoverOut,
    IdentifyIn,
    LinkCaseIn,
    NewPersonIn,
    NoteIn,
    NumbersOut,
    PlanIn,
    ProtectionIn,
    ReceiveIn,
    ReferralAnswerIn,
    ReferralIn,
    ReferralOut,
    SupportDecisionIn,
    SupportIn,
    SupportOut,
    VictimOut,
    VictimPageOut,
    VisitIn,
)

router = Router(tags=["victims"])


class ListQuery(Schema):
    queue: str = "all"
    status: str | None = None
    channel: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = selectors.DEFAULT_PAGE_SIZE
    reveal: bool = False


class NumbersQuery(Schema):
    start: dt.date
    end: dt.date
    admin_unit_code: str | None = None


def _unit(code: str | None, field: str) -> AdminUnit | None:
    if not code:
        return None
    unit = AdminUnit.objects.filter(era=Era.CURRENT, code=code.strip()).first()
    if unit is None:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={field: [_("No current province or commune has this code.")]},
        )
    return unit


def _agency(pk: uuid.UUID | None, field: str) -> Agency | None:
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise ValidationFailed(
            _("Please correct the errors below."), fields={field: [_("Choose an agency.")]}
        )
    return agency


def _record(request: HttpRequest, record_id: str) -> VictimRecord:
    return selectors.victim_get(actor=api_actor(request), record_id=record_id)


def _new_person(data: NewPersonIn) -> services.NewPerson:
    return services.NewPerson(
        full_name=data.full_name,
        sex=data.sex,
        birth_date=data.birth_date,
        birth_year=data.birth_year,
        nationality=data.nationality,
        admin_unit=_unit(data.admin_unit_code, "new_person.admin_unit_code"),
        address=data.address,
        phone=data.phone,
        id_number=data.id_number,
    )


def _out(view: selectors.VictimView) -> dict[str, Any]:
    record = view.record
    shown = view.disclosure
    entitlement = None
    if view.entitlement is not None:
        entitlement = {
            "basis": str(view.entitlement.basis),
            "measures": list(view.entitlement.measures),
            "minor_measures": list(view.entitlement.minor_measures),
            "case_by_case": view.entitlement.case_by_case,
            "checklist": [dataclasses.asdict(item) for item in view.checklist],
        }
    return {
        "id": record.pk,
        "code": record.code,
        "status": record.status,
        "channel": record.channel,
        "is_child": record.is_child,
        "received_at": record.received_at,
        "reception_unit_code": record.reception_unit.code,
        "receiving_agency": record.receiving_agency.name,
        "owner_agency": record.owner_agency.name,
        "location": record.location,
        "accompanying_minors": record.accompanying_minors,
        "verification_due_at": record.verification_due_at,
        "verified_at": record.verified_at,
        "overdue": view.overdue,
        "deciding_agency": record.deciding_agency.name if record.deciding_agency else "",
        "decided_on": record.decided_on,
        "decision_number": record.decision_number,
        "disclosure": {
            "identity": shown.identity,
            "address": shown.address,
            "account": shown.account,
            "basis": shown.basis,
        },
        "name": view.name,
        "sex": record.person.sex,
        "birth": view.birth,
        "nationality": record.person.nationality,
        "identifiers": view.identifiers,
        "addresses": view.addresses,
        "exploitation_type": record.exploitation_type,
        "means_of_control": record.means_of_control,
        "recruitment_method": record.recruitment_method,
        "recruiter_relation": record.recruiter_relation,
        "recruitment_country": record.recruitment_country,
        "transit_countries": record.transit_countries,
        "exploitation_country": record.exploitation_country,
        "history": [
            {
                "at": h.created_at,
                "from_status": h.from_status,
                "to_status": h.to_status,
                "agency": h.agency.name,
                "decision_number": h.decision_number,
            }
            for h in view.history
        ],
        "evidence": [
            {
                "id": e.pk,
                "category": e.category,
                "document_number": e.document_number,
                "dated": e.dated,
                "description": e.description if shown.account else "",
            }
            for e in view.evidence
        ],
        "protection": [
            {
                "id": p.pk,
                "kind": p.kind,
                "started_on": p.started_on,
                "ended_on": p.ended_on,
                "responsible_agency": p.responsible_agency.name,
            }
            for p in view.protection
        ],
        "consents": [_consent_out(c) for c in view.consents],
        "support": [_support_out(s) for s in view.support],
        "entitlement": entitlement,
        "referrals": [_referral_out(r) for r in view.referrals],
        "other_episodes": [
            {"id": e["id"], "code": e["code"], "received_at": e["received_at"]}
            for e in view.other_episodes
        ],
        "other_episodes_elsewhere": view.other_episodes_elsewhere,
        "allowed_actions": sorted(view.actions),
    }


def _consent_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "share_identity": c.share_identity,
        "share_address": c.share_address,
        "share_account": c.share_account,
        "grantee_agency_id": c.grantee_agency_id,
        "grantee_role": c.grantee_role,
        "purpose": c.purpose,
        "given_by": c.given_by,
        "given_on": c.given_on,
        "withdrawn_at": c.withdrawn_at,
    }


def _support_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "measure": s.measure,
        "beneficiary": s.beneficiary,
        "delivered_on": s.delivered_on,
        "provider_agency": s.provider_agency.name,
        "amount_vnd": s.amount_vnd,
        "document_ref": s.document_ref,
        "within_entitlement": s.within_entitlement,
        "approval_status": s.approval_status,
    }


def _referral_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "service": r.service,
        "status": r.status,
        "from_agency": r.from_agency.name,
        "to_agency": r.to_agency.name,
    }


def _detail(request: HttpRequest, record_id: Any, *, reveal: bool = False) -> dict[str, Any]:
    record = _record(request, str(record_id))
    return _out(selectors.victim_detail(actor=api_actor(request), record=record, reveal=reveal))


# -- reads -------------------------------------------------------------------------------------
@router.get("/", response=VictimPageOut, url_name="victims_list")
def list_victims(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    """Files in reach, newest reception first; queues: all, open, due_soon, overdue,
    children. `reveal=true` shows the names the caller may see, audited."""
    actor = api_actor(request)
    if not victim_record_policy.has_permission(actor, VictimsPermission.VIEW):
        raise NotFound(_("Not found."))
    page = selectors.victim_list(
        actor=actor,
        queue=query.queue,
        status=query.status,
        channel=query.channel,
        query=query.q,
        cursor=query.cursor,
        limit=query.limit,
        reveal=query.reveal,
    )
    return {
        "items": [row.as_dict() for row in page.items],
        "next_cursor": page.next_cursor,
        "counters": selectors.victim_counters(actor=actor),
    }


@router.get("/numbers", response=NumbersOut, url_name="victims_numbers")
def numbers(request: HttpRequest, query: Query[NumbersQuery]) -> dict[str, Any]:
    """Counts for the caller's agency subtree (distinct persons; never identities)."""
    result = selectors.victim_numbers_for(
        actor=api_actor(request),
        admin_unit_code=query.admin_unit_code,
        start=query.start,
        end=query.end,
    )
    return dataclasses.asdict(result)


@router.post("/handovers", response={201: HandoverOut}, url_name="victims_handover")
def handover(request: HttpRequest, payload: HandoverIn) -> Status[dict[str, Any]]:
    actor = api_actor(request)
    case_event = None
    if payload.case_event_id is not None:
        from lachan.cases.models import CaseEvent

        case_event = CaseEvent.objects.filter(pk=payload.case_event_id).first()
        if case_event is None:
            raise NotFound(_("Not found."))
    result = services.handover_record(
        actor=actor,
        border_gate_code=payload.border_gate,
        border_gate_other=payload.border_gate_other,
        handed_over_at=payload.handed_over_at or timezone.now(),
        foreign_authority=payload.foreign_authority,
        foreign_country=payload.foreign_country,
        document_number=payload.document_number,
        reception_unit=_unit(payload.reception_unit_code, "reception_unit_code"),
        owner_agency=_agency(payload.owner_agency_id, "owner_agency_id"),
        case_event=case_event,
        persons=[
            services.HandoverPerson(
                new_person=_new_person(p.new_person),
                document_number=p.document_number,
                is_child=p.is_child,
                accompanying_minors=p.accompanying_minors,
            )
            for p in payload.persons
        ],
    )
    records = result.records.order_by("handover_document_number", "code")
    return Status(
        201,
        {
            "id": result.pk,
            "records": [
                {"id": r.pk, "code": r.code, "received_at": r.received_at} for r in records
            ],
        },
    )


@router.get("/{record_id}", response=VictimOut, url_name="victims_detail")
def get_victim(request: HttpRequest, record_id: str, reveal: bool = False) -> dict[str, Any]:
    """One file (audited). `reveal=true` shows what the access layer discloses."""
    return _detail(request, record_id, reveal=reveal)


# -- reception ----------------------------------------------------------------------------------
@router.post("/", response={201: VictimOut}, url_name="victims_receive")
def receive(request: HttpRequest, payload: ReceiveIn) -> Status[dict[str, Any]]:
    actor = api_actor(request)
    person = None
    if payload.person_id is not None:
        from lachan.people.models import Person

        person = person_policy.get(actor, payload.person_id, Person.objects.all())
    record = services.victim_receive(
        actor=actor,
        person=person,
        new_person=_new_person(payload.new_person) if payload.new_person else None,
        channel=payload.channel,
        received_at=payload.received_at or timezone.now(),
        reception_unit=_unit(payload.reception_unit_code, "reception_unit_code"),
        reception_place=payload.reception_place,
        owner_agency=_agency(payload.owner_agency_id, "owner_agency_id"),
        location=payload.location,
        accompanying_minors=payload.accompanying_minors,
        is_child=payload.is_child,
        guardian=services.Guardian(
            payload.guardian_name, payload.guardian_relation, payload.guardian_contact
        ),
        exploitation=services.Exploitation(**payload.exploitation.dict())
        if payload.exploitation
        else services.Exploitation(),
    )
    return Status(201, _detail(request, record.pk))


# -- the file -----------------------------------------------------------------------------------
@router.post("/{record_id}/verify", response=VictimOut, url_name="victims_verify")
def verify(request: HttpRequest, record_id: str, payload: NoteIn) -> dict[str, Any]:
    services.victim_verify(
        actor=api_actor(request), record=_record(request, record_id), note=payload.note
    )
    return _detail(request, record_id)


@router.post("/{record_id}/identify", response=VictimOut, url_name="victims_identify")
def identify(request: HttpRequest, record_id: str, payload: IdentifyIn) -> dict[str, Any]:
    services.victim_identify(
        actor=api_actor(request), record=_record(request, record_id), **payload.dict()
    )
    return _detail(request, record_id)


@router.post("/{record_id}/evidence", response={201: VictimOut}, url_name="victims_evidence")
def add_evidence(
    request: HttpRequest, record_id: str, payload: EvidenceIn
) -> Status[dict[str, Any]]:
    services.evidence_add(
        actor=api_actor(request), record=_record(request, record_id), **payload.dict()
    )
    return Status(201, _detail(request, record_id))


@router.post("/{record_id}/protection", response={201: VictimOut}, url_name="victims_protection")
def add_protection(
    request: HttpRequest, record_id: str, payload: ProtectionIn
) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["responsible_agency"] = _agency(data.pop("responsible_agency_id"), "responsible_agency_id")
    services.protection_add(actor=api_actor(request), record=_record(request, record_id), **data)
    return Status(201, _detail(request, record_id))


@router.post("/{record_id}/consents", response={201: ConsentOut}, url_name="victims_consent")
def add_consent(request: HttpRequest, record_id: str, payload: ConsentIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["grantee_agency"] = _agency(data.pop("grantee_agency_id"), "grantee_agency_id")
    consent = services.consent_record(
        actor=api_actor(request), record=_record(request, record_id), **data
    )
    return Status(201, _consent_out(consent))


@router.post(
    "/{record_id}/consents/{consent_id}/withdraw",
    response=ConsentOut,
    url_name="victims_consent_withdraw",
)
def withdraw_consent(request: HttpRequest, record_id: str, consent_id: uuid.UUID) -> dict[str, Any]:
    consent = services.consent_withdraw(
        actor=api_actor(request), record=_record(request, record_id), consent_id=consent_id
    )
    return _consent_out(consent)


@router.post("/{record_id}/support", response={201: SupportOut}, url_name="victims_support")
def add_support(request: HttpRequest, record_id: str, payload: SupportIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["provider_agency"] = _agency(data.pop("provider_agency_id"), "provider_agency_id")
    entry = services.support_record(
        actor=api_actor(request), record=_record(request, record_id), **data
    )
    return Status(201, _support_out(entry))


@router.post(
    "/{record_id}/support/{entry_id}/decision",
    response=SupportOut,
    url_name="victims_support_decision",
)
def decide_support(
    request: HttpRequest, record_id: str, entry_id: uuid.UUID, payload: SupportDecisionIn
) -> dict[str, Any]:
    entry = services.support_decide(
        actor=api_actor(request),
        record=_record(request, record_id),
        entry_id=entry_id,
        approve=payload.approve,
        reason=payload.reason,
    )
    return _support_out(entry)


@router.post("/{record_id}/referrals", response={201: ReferralOut}, url_name="victims_referral")
def refer(request: HttpRequest, record_id: str, payload: ReferralIn) -> Status[dict[str, Any]]:
    to_agency = _agency(payload.to_agency_id, "to_agency_id")
    assert to_agency is not None
    referral = services.referral_request(
        actor=api_actor(request),
        record=_record(request, record_id),
        to_agency=to_agency,
        service=payload.service,
        note=payload.note,
    )
    return Status(201, _referral_out(referral))


@router.post(
    "/referrals/{referral_id}/answer", response=ReferralOut, url_name="victims_referral_answer"
)
def answer_referral(
    request: HttpRequest, referral_id: uuid.UUID, payload: ReferralAnswerIn
) -> dict[str, Any]:
    actor = api_actor(request)
    if payload.answer == "done":
        referral = services.referral_complete(
            actor=actor, referral_id=referral_id, note=payload.note
        )
    elif payload.answer in ("accept", "decline"):
        referral = services.referral_respond(
            actor=actor,
            referral_id=referral_id,
            accept=payload.answer == "accept",
            note=payload.note,
        )
    else:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"answer": [_("Choose a value from the list.")]},
        )
    return _referral_out(referral)


@router.post("/{record_id}/case-links", response={201: VictimOut}, url_name="victims_link_case")
def link_case(request: HttpRequest, record_id: str, payload: LinkCaseIn) -> Status[dict[str, Any]]:
    services.victim_link_case(
        actor=api_actor(request),
        record=_record(request, record_id),
        case_agency=_agency(payload.case_agency_id, "case_agency_id"),
        case_number=payload.case_number,
    )
    return Status(201, _detail(request, record_id))


@router.post("/{record_id}/plan", response={201: VictimOut}, url_name="victims_plan")
def make_plan(request: HttpRequest, record_id: str, payload: PlanIn) -> Status[dict[str, Any]]:
    services.plan_create(
        actor=api_actor(request),
        record=_record(request, record_id),
        started_on=payload.started_on,
        follow_up_until=payload.follow_up_until,
        responsible_agency=_agency(payload.responsible_agency_id, "responsible_agency_id"),
        goals=[services.GoalInput(g.area, g.description, g.target_on) for g in payload.goals],
    )
    return Status(201, _detail(request, record_id))


@router.post("/{record_id}/visits", response={201: VictimOut}, url_name="victims_visit")
def add_visit(request: HttpRequest, record_id: str, payload: VisitIn) -> Status[dict[str, Any]]:
    services.visit_record(
        actor=api_actor(request), record=_record(request, record_id), **payload.dict()
    )
    return Status(201, _detail(request, record_id))
