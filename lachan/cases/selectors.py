"""Reads on investigations, always through the cases policies.

- The case list (``case_page``): filters on status, offence, number, province and
  prosecution date, "mine" (lead or team); sorted by prosecution date or number; keyset
  pages (a cursor, never an offset) in a fixed number of queries.
- One case (``case_get`` / ``case_detail``): audited (``case.view``: the summary may
  name people). Suspects' names are masked (the person's page unmasks, audited); the
  source tips listed are those the reader reaches, the rest only counted. The evidence
  log is not on the case page; ``evidence_log`` shows it to police readers only and is
  audited (``case.view_evidence``), as is opening an attachment.
- Numbers for reports and plans (``case_numbers``): counts only, never rows.

Solved rate (the plan's definition, e.g. "more than 90% of prosecuted cases solved"):
among the cases whose prosecution decision date falls in the period, the share that
were solved (``solved_on`` set) by the end of the period. A case solved and then
transferred, indicted or tried still counts as solved; a suspended case does not.
``solved_rate`` is ``solved / prosecuted`` as a Decimal with four places (0.9231), or
None when nothing was prosecuted."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import CasesPermission
from lachan.access.policies.cases import (
    case_policy,
    cooperation_policy,
    evidence_policy,
)
from lachan.access.policies.people import person_policy
from lachan.access.policies.tips import tip_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.cases.models import (
    ArrestEvent,
    ArrestKind,
    Case,
    CaseEvent,
    CaseEventKind,
    CasePlaceRole,
    CaseStatus,
    CooperationActivity,
    CooperationCountry,
    CooperationKind,
    CustodyAction,
    EvidenceAttachment,
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
from lachan.cases.transitions import ACTION_LABELS, allowed_actions
from lachan.core.border_gates import border_gate
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level
from lachan.people.countries import country_name
from lachan.people.selectors import mask_name
from lachan.tips.models import TipStatus

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
SORTS = ("-date", "date", "number")


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


def user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.full_name or user.get_username()


# -- the list --------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    offence: str = ""
    number: str = ""
    province: AdminUnit | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mine: bool = False
    sort: str = "-date"


@dataclass
class CaseRow:
    id: uuid.UUID
    number: str
    agency_name: str
    offence: str
    offence_label: str
    prosecution_date: dt.date
    status: str
    status_label: str
    lead_name: str
    suspects: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CasePage:
    items: list[CaseRow]
    next_cursor: str | None


def _encode_cursor(value: str, pk: uuid.UUID) -> str:
    raw = json.dumps([value, str(pk)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return str(value), uuid.UUID(pk)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise ValidationFailed(
            _("The page link is not valid."), fields={"cursor": [_("Not valid.")]}
        ) from None


def case_queryset(actor: User, filters: CaseFilter) -> QuerySet[Case]:
    if filters.sort not in SORTS:
        raise ValidationFailed(_("Not valid."), fields={"sort": [_("Not valid.")]})
    qs = case_policy.scope(actor)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.offence:
        qs = qs.filter(
            Q(offence=filters.offence) | Q(other_offences__icontains=f'"{filters.offence}"')
        )
    if filters.number:
        qs = qs.filter(number__startswith=filters.number.strip())
    if filters.province is not None:
        if filters.province.level == Level.PROVINCE:
            qs = qs.filter(province=filters.province)
        else:
            qs = qs.filter(area=filters.province)
    if filters.date_from:
        qs = qs.filter(prosecution_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(prosecution_date__lte=filters.date_to)
    if filters.mine:
        team = Case.team.through.objects.filter(user_id=actor.pk).values_list("case_id", flat=True)
        qs = qs.filter(Q(lead_investigator_id=actor.pk) | Q(pk__in=list(team)))
    return qs


def _order(qs: QuerySet[Case], sort: str, cursor: str | None) -> QuerySet[Case]:
    if sort == "number":
        if cursor:
            value, pk = _decode_cursor(cursor)
            qs = qs.filter(Q(number__gt=value) | Q(number=value, pk__gt=pk))
        return qs.order_by("number", "pk")
    descending = sort == "-date"
    if cursor:
        value, pk = _decode_cursor(cursor)
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationFailed(
                _("The page link is not valid."), fields={"cursor": [_("Not valid.")]}
            ) from None
        if descending:
            qs = qs.filter(Q(prosecution_date__lt=day) | Q(prosecution_date=day, pk__lt=pk))
        else:
            qs = qs.filter(Q(prosecution_date__gt=day) | Q(prosecution_date=day, pk__gt=pk))
    order = ("-prosecution_date", "-pk") if descending else ("prosecution_date", "pk")
    return qs.order_by(*order)


def _suspect_count() -> Any:
    """Suspects per case as a correlated sub-query: no GROUP BY over the page's rows, so
    the ordered index scan can stop after one page."""
    counted = (
        Suspect.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def case_page(
    *,
    actor: User,
    filters: CaseFilter | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> CasePage:
    filters = filters or CaseFilter()
    if filters.number and filters.sort == "-date":
        # A number search lists the matching numbers in order (the prefix index serves
        # it; walking the dates would read most of the table for a rare prefix).
        filters = dataclasses.replace(filters, sort="number")
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = _order(case_queryset(actor, filters), filters.sort, cursor)
    cases = list(
        qs.select_related("agency", "lead_investigator").annotate(n_suspects=_suspect_count())[
            : limit + 1
        ]
    )
    has_more = len(cases) > limit
    cases = cases[:limit]
    rows = [
        CaseRow(
            id=c.pk,
            number=c.number,
            agency_name=c.agency.name,
            offence=c.offence,
            offence_label=_label(Offence, c.offence),
            prosecution_date=c.prosecution_date,
            status=c.status,
            status_label=_label(CaseStatus, c.status),
            lead_name=user_name(c.lead_investigator),
            suspects=c.n_suspects,
        )
        for c in cases
    ]
    next_cursor = None
    if has_more:
        last = cases[-1]
        key = last.number if filters.sort == "number" else last.prosecution_date.isoformat()
        next_cursor = _encode_cursor(key, last.pk)
    return CasePage(items=rows, next_cursor=next_cursor)


# -- one case ------------------------------------------------------------------------------------
def case_get(*, actor: User, case_id: Any) -> Case:
    """The case if the actor reaches it; NotFound otherwise (also for malformed ids)."""
    qs = Case.objects.select_related("agency", "lead_investigator", "province", "area")
    return case_policy.get(actor, case_id, qs)


@dataclass
class CaseView:
    id: uuid.UUID
    number: str
    agency_id: uuid.UUID
    agency_name: str
    offence: str
    offence_label: str
    other_offences: list[dict[str, str]]
    prosecution_decision_number: str
    prosecution_date: dt.date
    lead_investigator_id: uuid.UUID | None
    lead_name: str
    team: list[dict[str, Any]]
    summary: str
    destination_countries: list[dict[str, str]]
    exploitation_type: str
    exploitation_label: str
    recruitment_means: list[dict[str, str]]
    status: str
    status_label: str
    solved_on: dt.date | None
    suspended_on: dt.date | None
    transferred_on: dt.date | None
    indicted_on: dt.date | None
    tried_on: dt.date | None
    trial_outcome: str
    trial_outcome_label: str
    places: list[dict[str, Any]]
    source_tips: list[dict[str, Any]]
    source_tips_hidden: int
    suspects: list[dict[str, Any]]
    events: list[dict[str, Any]]
    history: list[dict[str, Any]]
    cooperation: list[dict[str, Any]]
    allowed_actions: list[str]
    may_change: bool
    may_view_evidence: bool
    may_manage_evidence: bool
    evidence_count: int | None  # None for readers who may not see the evidence log
    created_at: dt.datetime
    updated_at: dt.datetime = field(default=dt.datetime.min)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _place_dict(p: Any) -> dict[str, Any]:
    unit = p.admin_unit
    return {
        "id": p.pk,
        "role": p.role,
        "role_label": _label(CasePlaceRole, p.role),
        "admin_unit_code": unit.code if unit else "",
        "admin_unit_name": unit.name if unit else "",
        "province_name": p.province.name if p.province else "",
        "country": p.country,
        "country_name": country_name(p.country) if p.country else "",
        "text": p.text,
    }


def _event_dict(e: CaseEvent) -> dict[str, Any]:
    gate = border_gate(e.border_gate) if e.border_gate else None
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": _label(CaseEventKind, e.kind),
        "on": e.on,
        "persons_count": e.persons_count,
        "agency_name": e.agency.name if e.agency else "",
        "by_text": e.by_text,
        "admin_unit_name": e.admin_unit.name if e.admin_unit else "",
        "country": e.country,
        "country_name": country_name(e.country) if e.country else "",
        "place_text": e.place_text,
        "border_gate": e.border_gate,
        "border_gate_name": gate.name if gate else "",
        "foreign_country": e.foreign_country,
        "foreign_country_name": country_name(e.foreign_country) if e.foreign_country else "",
        "foreign_authority": e.foreign_authority,
    }


def suspect_rows(actor: User, case: Case) -> list[dict[str, Any]]:
    """The case's suspects with masked names and their arrests (three queries)."""
    suspects = list(case.suspects.select_related("person").order_by("created_at", "pk"))
    arrests: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for a in ArrestEvent.objects.filter(suspect__case=case).select_related("agency"):
        arrests.setdefault(a.suspect_id, []).append(
            {
                "id": a.pk,
                "kind": a.kind,
                "kind_label": _label(ArrestKind, a.kind),
                "on": a.on,
                "agency_name": a.agency.name,
            }
        )
    reachable = set(
        person_policy.scope(actor)
        .filter(pk__in=[s.person_id for s in suspects])
        .values_list("pk", flat=True)
    )
    return [
        {
            "id": s.pk,
            "person_id": s.person_id,
            "person_in_reach": s.person_id in reachable,
            "name": mask_name(s.person.full_name),
            "role": s.role,
            "role_label": _label(SuspectRole, s.role),
            "wanted_status": s.wanted_status,
            "wanted_label": _label(WantedStatus, s.wanted_status),
            "nationality": s.nationality,
            "nationality_name": country_name(s.nationality),
            "foreign": s.nationality != "VN",
            "outcome": s.outcome,
            "outcome_label": _label(SuspectOutcome, s.outcome),
            "outcome_date": s.outcome_date,
            "sentence": s.sentence,
            "sentence_months": s.sentence_months,
            "arrests": arrests.get(s.pk, []),
        }
        for s in suspects
    ]


def case_detail(*, actor: User, case: Case) -> CaseView:
    """The case page (audited: ``case.view``)."""
    held = case_policy.actions_on(actor, case)
    if CasesPermission.VIEW not in held:
        raise NotFound(_("Not found."))
    tips = list(case.source_tips.order_by("received_at"))
    visible_tips = (
        set(
            tip_policy.scope(actor).filter(pk__in=[t.pk for t in tips]).values_list("pk", flat=True)
        )
        if tips
        else set()
    )
    coop = cooperation_policy.scope(actor, case.cooperation.all()).order_by("-on")
    may_evidence = CasesPermission.VIEW_EVIDENCE in held
    view = CaseView(
        id=case.pk,
        number=case.number,
        agency_id=case.agency_id,
        agency_name=case.agency.name,
        offence=case.offence,
        offence_label=_label(Offence, case.offence),
        other_offences=[{"code": o, "label": _label(Offence, o)} for o in case.other_offences],
        prosecution_decision_number=case.prosecution_decision_number,
        prosecution_date=case.prosecution_date,
        lead_investigator_id=case.lead_investigator_id,
        lead_name=user_name(case.lead_investigator),
        team=[
            {"id": u.pk, "name": user_name(u)} for u in case.team.order_by("full_name", "username")
        ],
        summary=case.summary,
        destination_countries=[
            {"code": c, "name": country_name(c)} for c in case.destination_countries
        ],
        exploitation_type=case.exploitation_type,
        exploitation_label=_label(ExploitationType, case.exploitation_type),
        recruitment_means=[
            {"code": m, "label": _label(RecruitmentMeans, m)} for m in case.recruitment_means
        ],
        status=case.status,
        status_label=_label(CaseStatus, case.status),
        solved_on=case.solved_on,
        suspended_on=case.suspended_on,
        transferred_on=case.transferred_on,
        indicted_on=case.indicted_on,
        tried_on=case.tried_on,
        trial_outcome=case.trial_outcome,
        trial_outcome_label=_label(TrialOutcome, case.trial_outcome),
        places=[
            _place_dict(p)
            for p in case.places.select_related("admin_unit", "province").order_by(
                "role", "created_at"
            )
        ],
        source_tips=[
            {
                "id": t.pk,
                "register_number": t.register_number,
                "received_at": t.received_at,
                "status_label": _label(TipStatus, t.status),
            }
            for t in tips
            if t.pk in visible_tips
        ],
        source_tips_hidden=len(tips) - len(visible_tips),
        suspects=suspect_rows(actor, case),
        events=[
            _event_dict(e)
            for e in case.events.select_related("agency", "admin_unit").order_by("on", "created_at")
        ],
        history=[
            {
                "action": t.action,
                "from_status": t.from_status,
                "to_status": t.to_status,
                "to_status_label": _label(CaseStatus, t.to_status),
                "on": t.on,
                "actor_name": user_name(t.actor),
                "note": t.note,
            }
            for t in case.transitions.select_related("actor").order_by("at", "id")
        ],
        cooperation=[
            {
                "id": a.pk,
                "kind_label": _label(CooperationKind, a.kind),
                "on": a.on,
                "counterpart_country_name": country_name(a.counterpart_country),
                "counterpart_agency": a.counterpart_agency,
            }
            for a in coop
        ],
        allowed_actions=[a.value for a in sorted(allowed_actions(case, actor=actor, held=held))],
        may_change=CasesPermission.CHANGE in held,
        may_view_evidence=may_evidence,
        may_manage_evidence=CasesPermission.MANAGE_EVIDENCE in held,
        evidence_count=case.evidence.count() if may_evidence else None,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )
    audit_record(actor=actor, action="case.view", target=case, agency=case.agency)
    return view


def action_choices(view: CaseView) -> list[tuple[str, str]]:
    from lachan.cases.transitions import CaseAction

    return [(a, str(ACTION_LABELS[CaseAction(a)])) for a in view.allowed_actions]


def source_tip_candidates(*, actor: User) -> QuerySet[Any]:
    """Tips the actor could decide now (being verified, in reach)."""
    return tip_policy.scope(actor).filter(status=TipStatus.VERIFYING).order_by("-received_at")


# -- evidence ------------------------------------------------------------------------------------
def _require_evidence(actor: User, case: Case) -> None:
    if CasesPermission.VIEW_EVIDENCE not in case_policy.actions_on(actor, case):
        raise NotFound(_("Not found."))


def evidence_log(*, actor: User, case: Case) -> list[dict[str, Any]]:
    """The evidence items with their chain of custody (audited: ``case.view_evidence``).
    NotFound for readers who may not see it (social workers, analysts, …)."""
    _require_evidence(actor, case)
    items = list(
        evidence_policy.scope(actor, case.evidence.all())
        .select_related("holder")
        .prefetch_related("custody__handled_by", "attachments")
        .order_by("label", "created_at")
    )
    audit_record(
        actor=actor,
        action="case.view_evidence",
        target=case,
        changes={"items": len(items)},
        agency=case.agency,
    )
    return [
        {
            "id": i.pk,
            "label": i.label,
            "description": i.description,
            "location": i.location,
            "holder_name": user_name(i.holder),
            "received_on": i.received_on,
            "closed": any(
                c.action in (CustodyAction.RETURNED, CustodyAction.DISPOSED)
                for c in i.custody.all()
            ),
            "custody": [
                {
                    "id": c.pk,
                    "action": c.action,
                    "action_label": _label(CustodyAction, c.action),
                    "at": c.at,
                    "handled_by_name": user_name(c.handled_by),
                    "location": c.location,
                    "note": c.note,
                }
                for c in i.custody.all()
            ],
            "attachments": [
                {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
                for a in i.attachments.all()
            ],
        }
        for i in items
    ]


def evidence_item_get(*, actor: User, case: Case, item_id: Any) -> EvidenceItem:
    _require_evidence(actor, case)
    return evidence_policy.get(actor, item_id, case.evidence.select_related("case"))


def evidence_attachment_open(*, actor: User, case: Case, attachment_id: Any) -> EvidenceAttachment:
    """An attachment of the case's evidence (audited: ``case.open_evidence_attachment``)."""
    _require_evidence(actor, case)
    try:
        attachment = EvidenceAttachment.objects.get(pk=attachment_id, item__case=case)
    except (EvidenceAttachment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise NotFound(_("Not found.")) from None
        raise
    audit_record(
        actor=actor,
        action="case.open_evidence_attachment",
        target=case,
        changes={"attachment": str(attachment.pk)},
        agency=case.agency,
    )
    return attachment


# -- cross-border cooperation --------------------------------------------------------------------
@dataclass
class CooperationRow:
    id: uuid.UUID
    kind: str
    kind_label: str
    on: dt.date
    counterpart_country: str
    counterpart_country_name: str
    counterpart_agency: str
    border_gate_name: str
    place: str
    persons_handed_over: int
    agency_name: str
    open_follow_ups: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def cooperation_list(
    *, actor: User, year: int | None = None, country: str = "", limit: int = 200
) -> list[CooperationRow]:
    qs = cooperation_policy.scope(actor).select_related("agency")
    if year:
        qs = qs.filter(on__year=year)
    if country:
        qs = qs.filter(counterpart_country=country)
    qs = qs.annotate(
        n_open=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True))
    ).order_by("-on", "-created_at")[: max(1, min(limit, 500))]
    rows = []
    for a in qs:
        gate = border_gate(a.border_gate) if a.border_gate else None
        rows.append(
            CooperationRow(
                id=a.pk,
                kind=a.kind,
                kind_label=_label(CooperationKind, a.kind),
                on=a.on,
                counterpart_country=a.counterpart_country,
                counterpart_country_name=_label(CooperationCountry, a.counterpart_country),
                counterpart_agency=a.counterpart_agency,
                border_gate_name=gate.name if gate else "",
                place=a.place,
                persons_handed_over=a.persons_handed_over,
                agency_name=a.agency.name,
                open_follow_ups=a.n_open,
            )
        )
    return rows


def cooperation_get(*, actor: User, activity_id: Any) -> CooperationActivity:
    return cooperation_policy.get(
        actor, activity_id, CooperationActivity.objects.select_related("agency")
    )


def cooperation_detail(*, actor: User, activity: CooperationActivity) -> dict[str, Any]:
    gate = border_gate(activity.border_gate) if activity.border_gate else None
    cases = case_policy.scope(actor, activity.cases.all()).order_by("number")
    hidden = activity.cases.count() - cases.count()
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "kind_label": _label(CooperationKind, activity.kind),
        "on": activity.on,
        "agency_name": activity.agency.name,
        "border_gate": activity.border_gate,
        "border_gate_name": gate.name if gate else "",
        "place": activity.place,
        "counterpart_country": activity.counterpart_country,
        "counterpart_country_name": _label(CooperationCountry, activity.counterpart_country),
        "counterpart_agency": activity.counterpart_agency,
        "subject": activity.subject,
        "persons_handed_over": activity.persons_handed_over,
        "cases": [{"id": c.pk, "number": c.number} for c in cases],
        "cases_hidden": hidden,
        "follow_ups": [
            {"id": f.pk, "action": f.action, "due_on": f.due_on, "done_on": f.done_on}
            for f in activity.follow_ups.order_by("due_on", "created_at")
        ],
        "may_manage": cooperation_policy.can(actor, CasesPermission.MANAGE_COOPERATION, activity),
    }


# -- numbers -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseNumbers:
    """Counts for a period (see the module doc for the solved-rate definition)."""

    start: dt.date
    end: dt.date
    prosecuted: int
    solved: int
    solved_rate: Decimal | None
    suspects: int
    arrested: int
    by_offence: dict[str, int]
    by_status: dict[str, int]
    rescued_persons: int
    handed_over_persons: int
    cooperation_activities: int
    foreign_suspects: int = 0
    rescue_events: int = 0
    handover_events: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _unit_q(admin_unit_code: str | None, *, province: str, area: str) -> Q:
    if not admin_unit_code:
        return Q()
    unit = AdminUnit.objects.filter(era=Era.CURRENT, code=admin_unit_code.strip()).first()
    if unit is None:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"admin_unit_code": [_("No administrative unit has this code.")]},
        )
    if unit.level == Level.PROVINCE:
        return Q(**{f"{province}_id": unit.pk})
    return Q(**{f"{area}_id": unit.pk})


def solved_rate(solved: int, prosecuted: int) -> Decimal | None:
    if prosecuted == 0:
        return None
    return (Decimal(solved) / Decimal(prosecuted)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def case_numbers(
    *,
    agency_ids: Collection[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
    within: Q | None = None,
    within_cooperation: Q | None = None,
) -> CaseNumbers:
    """The period's numbers for reports and plans. ``agency_ids``: the investigating
    agencies counted (None: all); ``admin_unit_code``: a current province (cases counted
    in it) or commune (cases of agencies serving it); ``within``: an extra restriction on
    cases and ``within_cooperation`` on cooperation activities (the caller's numbers
    scope, ``CasePolicy.numbers_q``). The caller checks the
    right to see numbers; this returns counts only. Six queries."""
    if end < start:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"end": [_("The end of the period is before its start.")]},
        )
    where = _unit_q(admin_unit_code, province="province", area="area")
    if agency_ids is not None:
        where &= Q(agency_id__in=list(agency_ids))
    if within is not None:
        where &= within
    cases = Case.objects.filter(where)
    prosecuted_qs = cases.filter(prosecution_date__gte=start, prosecution_date__lte=end)
    # 1: per offence and status, and solved
    by_offence: dict[str, int] = {}
    by_status: dict[str, int] = {}
    prosecuted = solved = 0
    rows = prosecuted_qs.values("offence", "status").annotate(
        n=Count("pk"), n_solved=Count("pk", filter=Q(solved_on__isnull=False, solved_on__lte=end))
    )
    for row in rows:
        prosecuted += row["n"]
        solved += row["n_solved"]
        by_offence[row["offence"]] = by_offence.get(row["offence"], 0) + row["n"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    # 2: suspects of those cases, arrested by the end of the period, foreign
    arrested_by_end = ArrestEvent.objects.filter(suspect=OuterRef("pk"), on__lte=end)
    suspect_counts = (
        Suspect.objects.filter(case__in=prosecuted_qs.values("pk"))
        .annotate(was_arrested=Exists(arrested_by_end))
        .aggregate(
            n=Count("pk"),
            arrested=Count("pk", filter=Q(was_arrested=True)),
            foreign=Count("pk", filter=~Q(nationality="VN")),
        )
    )
    # 3: rescues and hand-overs dated in the period, in the cases counted
    events = CaseEvent.objects.filter(
        case__in=cases.values("pk"), on__gte=start, on__lte=end
    ).aggregate(
        rescued=Sum("persons_count", filter=Q(kind=CaseEventKind.RESCUE)),
        handed=Sum("persons_count", filter=Q(kind=CaseEventKind.HANDOVER)),
        rescues=Count("pk", filter=Q(kind=CaseEventKind.RESCUE)),
        handovers=Count("pk", filter=Q(kind=CaseEventKind.HANDOVER)),
    )
    # 4: cooperation activities dated in the period, by the agencies counted
    coop_where = _unit_q(admin_unit_code, province="province", area="agency__admin_unit")
    if agency_ids is not None:
        coop_where &= Q(agency_id__in=list(agency_ids))
    coop = CooperationActivity.objects.filter(coop_where, on__gte=start, on__lte=end)
    if within_cooperation is not None:
        coop = coop.filter(within_cooperation)
    return CaseNumbers(
        start=start,
        end=end,
        prosecuted=prosecuted,
        solved=solved,
        solved_rate=solved_rate(solved, prosecuted),
        suspects=suspect_counts["n"],
        arrested=suspect_counts["arrested"],
        by_offence=dict(sorted(by_offence.items())),
        by_status=dict(sorted(by_status.items())),
        rescued_persons=events["rescued"] or 0,
        handed_over_persons=events["handed"] or 0,
        cooperation_activities=coop.count(),
        foreign_suspects=suspect_counts["foreign"],
        rescue_events=events["rescues"],
        handover_events=events["handovers"],
    )


def case_numbers_for(
    *,
    actor: User,
    agency_ids: Collection[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> CaseNumbers:
    """``case_numbers`` within what the actor may count (analysts, supervisors)."""
    if not case_policy.may_view_numbers(actor):
        raise NotFound(_("Not found."))
    return case_numbers(
        agency_ids=agency_ids,
        admin_unit_code=admin_unit_code,
        start=start,
        end=end,
        within=case_policy.numbers_q(actor),
        within_cooperation=case_policy.numbers_q(actor, cooperation=True),
    )
