"""Investigations over the API (/api/v1/cases/). The same selectors, services and
guard as the staff pages: a case out of reach is 404 ``not_found``; a transition the
case's state does not allow is 409 ``transition_not_allowed``; a change the caller may
not make on a case they see is 403 ``permission_denied``. Reading a case is audited
(``case.view``), and so is reading its evidence log (``case.view_evidence``), which
answers 404 to anyone but the police working the case."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.access.permissions import CasesPermission
from lachan.access.policies.cases import case_policy, cooperation_policy
from lachan.access.policies.people import person_policy
from lachan.access.policies.tips import tip_policy
from lachan.accounts.actors import api_actor
from lachan.accounts.models import Agency, User
from lachan.cases import selectors, services
from lachan.cases.models import Case, CooperationFollowUp
from lachan.cases.schemas import (
    ArrestIn,
    ArrestOut,
    CaseFromTipIn,
    CaseIn,
    CaseOut,
    CasePageOut,
    CooperationIn,
    CooperationOut,
    CooperationRowOut,
    CreatedOut,
    CustodyIn,
    EventIn,
    EventOut,
    EvidenceIn,
    EvidenceItemOut,
    FollowUpIn,
    JoinTipIn,
    NumbersOut,
    SuspectIn,
    SuspectOut,
    SuspectUpdateIn,
    TransitionIn,
)
from lachan.cases.selectors import CaseFilter
from lachan.core.errors import NotFound, field_invalid
from lachan.geo.selectors import unit_from_code

router = Router(tags=["cases"])


class CaseListQuery(Schema):
    status: str = ""
    offence: str = ""
    number: str = ""
    place_code: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mine: bool = False
    sort: str = "-date"
    cursor: str | None = None
    limit: int = selectors.DEFAULT_PAGE_SIZE


class NumbersQuery(Schema):
    start: dt.date
    end: dt.date
    agency_id: uuid.UUID | None = None
    admin_unit_code: str | None = None


def _users(ids: list[uuid.UUID], field: str) -> list[User]:
    found = {u.pk: u for u in User.objects.select_related("agency").filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise field_invalid(field, _("No such user."))
    return [found[i] for i in ids]


def _agency(agency_id: uuid.UUID | None, field: str = "agency_id") -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise field_invalid(field, _("No such agency."))
    return agency


def _case(request: HttpRequest, case_id: uuid.UUID) -> Case:
    return selectors.case_get(actor=api_actor(request), case_id=case_id)


def _shown(request: HttpRequest, case: Case) -> dict[str, Any]:
    fresh = selectors.case_get(actor=api_actor(request), case_id=case.pk)
    return selectors.case_detail(actor=api_actor(request), case=fresh).as_dict()


def _facts(payload: CaseIn) -> dict[str, Any]:
    lead = (
        _users([payload.lead_investigator_id], "lead_investigator_id")[0]
        if (payload.lead_investigator_id)
        else None
    )
    return {
        "number": payload.number,
        "offence": payload.offence,
        "prosecution_date": payload.prosecution_date,
        "prosecution_decision_number": payload.prosecution_decision_number,
        "other_offences": payload.other_offences,
        "lead_investigator": lead,
        "team": _users(payload.team_ids, "team_ids"),
        "summary": payload.summary,
        "places": [
            services.CasePlaceInput(
                role=p.role,
                admin_unit=unit_from_code(p.admin_unit_code, field=f"places.{n}.admin_unit_code"),
                country=p.country,
                text=p.text,
            )
            for n, p in enumerate(payload.places)
        ],
        "destination_countries": payload.destination_countries,
        "exploitation_type": payload.exploitation_type,
        "recruitment_means": payload.recruitment_means,
    }


# -- cooperation (before the case routes) -------------------------------------------------
@router.get("/cooperation", response=list[CooperationRowOut], url_name="cases_cooperation_list")
def cooperation_list(
    request: HttpRequest, year: int | None = None, country: str = ""
) -> list[dict[str, Any]]:
    """Cross-border activities of the caller's agency (the subtree's for supervisors)."""
    actor = api_actor(request)
    if not cooperation_policy.has_permission(actor, CasesPermission.VIEW):
        raise NotFound(_("Not found."))
    return [
        r.as_dict() for r in selectors.cooperation_list(actor=actor, year=year, country=country)
    ]


@router.post("/cooperation", response={201: CooperationOut}, url_name="cases_cooperation_record")
def cooperation_record(request: HttpRequest, payload: CooperationIn) -> Status[Any]:
    actor = api_actor(request)
    cases = list(case_policy.scope(actor).filter(pk__in=payload.case_ids))
    if len(cases) != len(set(payload.case_ids)):
        raise field_invalid("case_ids", _("Choose cases you work on."))
    activity = services.cooperation_record(
        actor=actor,
        kind=payload.kind,
        on=payload.on,
        counterpart_country=payload.counterpart_country,
        counterpart_agency=payload.counterpart_agency,
        subject=payload.subject,
        border_gate_code=payload.border_gate,
        place=payload.place,
        persons_handed_over=payload.persons_handed_over,
        cases=cases,
        follow_ups=[services.FollowUpInput(f.action, f.due_on) for f in payload.follow_ups],
    )
    return Status(201, selectors.cooperation_detail(actor=actor, activity=activity))


@router.get(
    "/cooperation/{uuid:activity_id}",
    response=CooperationOut,
    url_name="cases_cooperation_detail",
)
def cooperation_detail(request: HttpRequest, activity_id: uuid.UUID) -> dict[str, Any]:
    actor = api_actor(request)
    activity = selectors.cooperation_get(actor=actor, activity_id=activity_id)
    return selectors.cooperation_detail(actor=actor, activity=activity)


@router.post(
    "/cooperation/{uuid:activity_id}/follow-ups",
    response={201: CooperationOut},
    url_name="cases_follow_up_add",
)
def follow_up_add(request: HttpRequest, activity_id: uuid.UUID, payload: FollowUpIn) -> Status[Any]:
    actor = api_actor(request)
    activity = selectors.cooperation_get(actor=actor, activity_id=activity_id)
    services.cooperation_follow_up_add(
        actor=actor, activity=activity, action=payload.action, due_on=payload.due_on
    )
    return Status(201, selectors.cooperation_detail(actor=actor, activity=activity))


@router.post(
    "/cooperation/{uuid:activity_id}/follow-ups/{uuid:follow_up_id}/done",
    response=CooperationOut,
    url_name="cases_follow_up_done",
)
def follow_up_done(
    request: HttpRequest, activity_id: uuid.UUID, follow_up_id: uuid.UUID
) -> dict[str, Any]:
    actor = api_actor(request)
    activity = selectors.cooperation_get(actor=actor, activity_id=activity_id)
    follow_up = CooperationFollowUp.objects.filter(activity=activity, pk=follow_up_id).first()
    if follow_up is None:
        raise NotFound(_("Not found."))
    services.cooperation_follow_up_done(actor=actor, follow_up=follow_up)
    return selectors.cooperation_detail(actor=actor, activity=activity)


# -- numbers ----------------------------------------------------------------------------------
@router.get("/numbers", response=NumbersOut, url_name="cases_numbers")
def numbers(request: HttpRequest, query: Query[NumbersQuery]) -> dict[str, Any]:
    """Counts for reports (analysts, supervisors), within what the caller may count:
    prosecuted, solved and the solved rate (cases prosecuted in the period, solved by its
    end), suspects, arrested, by offence and status, rescued and handed-over persons,
    cross-border activities."""
    return selectors.case_numbers_for(
        actor=api_actor(request),
        agency_ids=[query.agency_id] if query.agency_id else None,
        admin_unit_code=query.admin_unit_code,
        start=query.start,
        end=query.end,
    ).as_dict()


# -- cases ---------------------------------------------------------------------------------
@router.get("/", response=CasePageOut, url_name="cases_list")
def list_cases(request: HttpRequest, query: Query[CaseListQuery]) -> dict[str, Any]:
    """Cases in reach; `sort` is -date, date or number. Keyset pages: pass
    `next_cursor` back as `cursor`."""
    actor = api_actor(request)
    if not case_policy.has_permission(actor, CasesPermission.VIEW):
        raise NotFound(_("Not found."))
    filters = CaseFilter(
        status=query.status,
        offence=query.offence,
        number=query.number,
        province=unit_from_code(query.place_code, field="place_code"),
        date_from=query.date_from,
        date_to=query.date_to,
        mine=query.mine,
        sort=query.sort,
    )
    page = selectors.case_page(actor=actor, filters=filters, cursor=query.cursor, limit=query.limit)
    return {"items": [r.as_dict() for r in page.items], "next_cursor": page.next_cursor}


@router.post("/", response={201: CaseOut}, url_name="cases_open")
def open_case(request: HttpRequest, payload: CaseIn) -> Status[Any]:
    case = services.case_open(actor=api_actor(request), **_facts(payload))
    return Status(201, _shown(request, case))


@router.post("/from-tip", response={201: CaseOut}, url_name="cases_open_from_tip")
def open_from_tip(request: HttpRequest, payload: CaseFromTipIn) -> Status[Any]:
    """Decide the tip "prosecute" and open the case, in one step."""
    actor = api_actor(request)
    tip = tip_policy.get(actor, payload.tip_id)
    case = services.case_open_from_tip(actor=actor, tip=tip, **_facts(payload))
    return Status(201, _shown(request, case))


@router.get("/{uuid:case_id}", response=CaseOut, url_name="cases_detail")
def detail(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    return _shown(request, _case(request, case_id))


@router.put("/{uuid:case_id}", response=CaseOut, url_name="cases_update")
def update(request: HttpRequest, case_id: uuid.UUID, payload: CaseIn) -> dict[str, Any]:
    case = services.case_update(
        actor=api_actor(request), case=_case(request, case_id), **_facts(payload)
    )
    return _shown(request, case)


@router.post("/{uuid:case_id}/join-tip", response=CaseOut, url_name="cases_join_tip")
def join_tip(request: HttpRequest, case_id: uuid.UUID, payload: JoinTipIn) -> dict[str, Any]:
    actor = api_actor(request)
    case = _case(request, case_id)
    tip = tip_policy.get(actor, payload.tip_id)
    services.case_join_from_tip(
        actor=actor,
        case=case,
        tip=tip,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
    )
    return _shown(request, case)


@router.post("/{uuid:case_id}/transitions", response=CaseOut, url_name="cases_transition")
def transition(request: HttpRequest, case_id: uuid.UUID, payload: TransitionIn) -> dict[str, Any]:
    case = services.case_transition(
        actor=api_actor(request),
        case=_case(request, case_id),
        action=payload.action,
        on=payload.on,
        note=payload.note,
        trial_outcome=payload.trial_outcome,
    )
    return _shown(request, case)


@router.post("/{uuid:case_id}/suspects", response={201: SuspectOut}, url_name="cases_suspect_add")
def suspect_add(request: HttpRequest, case_id: uuid.UUID, payload: SuspectIn) -> Status[Any]:
    actor = api_actor(request)
    case = _case(request, case_id)
    if payload.person_id:
        person = person_policy.get(actor, payload.person_id)
        suspect = services.suspect_add(
            actor=actor,
            case=case,
            person=person,
            role=payload.role,
            wanted_status=payload.wanted_status,
            nationality=payload.nationality,
        )
    else:
        suspect = services.suspect_add_new_person(
            actor=actor,
            case=case,
            full_name=payload.full_name,
            role=payload.role,
            sex=payload.sex,
            birth_year=payload.birth_year,
            nationality=payload.nationality or "VN",
            phones=payload.phones,
            wanted_status=payload.wanted_status,
        )
    return Status(201, suspect)


def _suspect(case: Case, suspect_id: uuid.UUID) -> Any:
    suspect = case.suspects.select_related("case").filter(pk=suspect_id).first()
    if suspect is None:
        raise NotFound(_("Not found."))
    return suspect


@router.put(
    "/{uuid:case_id}/suspects/{uuid:suspect_id}",
    response=SuspectOut,
    url_name="cases_suspect_update",
)
def suspect_update(
    request: HttpRequest, case_id: uuid.UUID, suspect_id: uuid.UUID, payload: SuspectUpdateIn
) -> Any:
    case = _case(request, case_id)
    return services.suspect_update(
        actor=api_actor(request), suspect=_suspect(case, suspect_id), **payload.dict()
    )


@router.post(
    "/{uuid:case_id}/suspects/{uuid:suspect_id}/arrests",
    response={201: ArrestOut},
    url_name="cases_arrest_record",
)
def arrest_record(
    request: HttpRequest, case_id: uuid.UUID, suspect_id: uuid.UUID, payload: ArrestIn
) -> Status[Any]:
    case = _case(request, case_id)
    arrest = services.arrest_record(
        actor=api_actor(request),
        suspect=_suspect(case, suspect_id),
        kind=payload.kind,
        on=payload.on,
        agency=_agency(payload.agency_id),
        note=payload.note,
    )
    return Status(201, arrest)


@router.post("/{uuid:case_id}/events", response={201: EventOut}, url_name="cases_event_record")
def event_record(request: HttpRequest, case_id: uuid.UUID, payload: EventIn) -> Status[Any]:
    """A rescue or a hand-over at a border gate."""
    event = services.case_event_record(
        actor=api_actor(request),
        case=_case(request, case_id),
        kind=payload.kind,
        on=payload.on,
        persons_count=payload.persons_count,
        agency=_agency(payload.agency_id),
        by_text=payload.by_text,
        admin_unit=unit_from_code(payload.admin_unit_code, field="admin_unit_code"),
        country=payload.country,
        place_text=payload.place_text,
        border_gate_code=payload.border_gate,
        foreign_country=payload.foreign_country,
        foreign_authority=payload.foreign_authority,
        note=payload.note,
    )
    return Status(201, event)


@router.get("/{uuid:case_id}/evidence", response=list[EvidenceItemOut], url_name="cases_evidence")
def evidence(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    """The evidence log with its chain of custody (police working the case; audited)."""
    return selectors.evidence_log(actor=api_actor(request), case=_case(request, case_id))


@router.post("/{uuid:case_id}/evidence", response={201: CreatedOut}, url_name="cases_evidence_add")
def evidence_add(request: HttpRequest, case_id: uuid.UUID, payload: EvidenceIn) -> Status[Any]:
    item = services.evidence_add(
        actor=api_actor(request), case=_case(request, case_id), **payload.dict()
    )
    return Status(201, {"id": item.pk})


@router.post(
    "/{uuid:case_id}/evidence/{uuid:item_id}/custody",
    response={201: CreatedOut},
    url_name="cases_evidence_custody",
)
def evidence_custody(
    request: HttpRequest, case_id: uuid.UUID, item_id: uuid.UUID, payload: CustodyIn
) -> Status[Any]:
    actor = api_actor(request)
    case = _case(request, case_id)
    item = selectors.evidence_item_get(actor=actor, case=case, item_id=item_id)
    handler = _users([payload.handled_by_id], "handled_by_id")[0] if payload.handled_by_id else None
    link = services.evidence_custody_record(
        actor=actor,
        item=item,
        action=payload.action,
        at=payload.at,
        handled_by=handler,
        location=payload.location,
        note=payload.note,
    )
    return Status(201, {"id": link.pk})
