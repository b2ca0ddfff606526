"""Plans over the API (/api/v1/plans/): the same selectors and services as the staff
pages. A plan out of reach is 404 ``not_found``. ``/{id}/progress?as_of=`` computes every
indicator at the end of that day with the definitions in force then."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from lachan.access.permissions import PlansPermission
from lachan.access.policies.plans import plan_policy
from lachan.accounts.actors import api_actor
from lachan.accounts.models import Agency, User
from lachan.core.errors import NotFound, field_invalid
from lachan.geo.models import AdminUnit, Era
from lachan.plans import selectors, services
from lachan.plans.catalog import TEMPLATES
from lachan.plans.measures import MEASURES
from lachan.plans.models import Plan
from lachan.plans.schemas import (
    DirectiveIn,
    DirectiveOut,
    IndicatorIn,
    IndicatorOut,
    MeasureOut,
    PlanFromTemplateIn,
    PlanIn,
    PlanOut,
    PlanRowOut,
    ProgressOut,
    TemplateOut,
    VersionOut,
)

router = Router(tags=["plans"])


def _agency(agency_id: uuid.UUID | None, field: str) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise field_invalid(field, _("No such agency."))
    return agency


def _require_view(actor: User) -> None:
    if not plan_policy.has_permission(actor, PlansPermission.VIEW):
        raise NotFound(_("Not found."))


def _directives(items: list[DirectiveIn]) -> tuple[services.DirectiveInput, ...]:
    return tuple(services.DirectiveInput(**d.dict()) for d in items)


def _shown(request: HttpRequest, plan_id: Any) -> dict[str, Any]:
    plan = selectors.plan_get(actor=api_actor(request), plan_id=plan_id)
    return {
        "id": plan.pk,
        "title": plan.title,
        "agency_id": plan.agency_id,
        "agency_name": plan.agency.name,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "template_key": plan.template_key,
        "description": plan.description,
        "directives": list(plan.directives.all()),
        "indicators": [
            {"id": i.pk, "code": i.code, "versions": list(i.versions.all())}
            for i in plan.indicators.all()
        ],
    }


def _plan(request: HttpRequest, plan_id: str) -> Plan:
    return selectors.plan_get(actor=api_actor(request), plan_id=plan_id)


def _indicator_input(payload: IndicatorIn) -> services.IndicatorInput:
    place: AdminUnit | None = None
    if payload.place_code:
        place = AdminUnit.objects.filter(era=Era.CURRENT, code=payload.place_code.strip()).first()
        if place is None:
            raise field_invalid("place_code", _("No administrative unit has this code."))
    return services.IndicatorInput(
        label=payload.label,
        measure=payload.measure,
        comparison=payload.comparison,
        target=payload.target,
        agency=_agency(payload.agency_id, "agency_id"),
        place=place,
        kinds=tuple(payload.kinds),
        period_start=payload.period_start,
        period_end=payload.period_end,
    )


@router.get("/measures", response=list[MeasureOut], url_name="plans_measures")
def measures(request: HttpRequest) -> list[dict[str, Any]]:
    """The measures an indicator may name."""
    _require_view(api_actor(request))
    return [
        {
            "key": m.key,
            "label": str(m.label),
            "unit": m.unit,
            "source": m.source,
            "uses_kinds": m.uses_kinds,
            "description": str(m.description),
        }
        for m in MEASURES.values()
    ]


@router.get("/templates", response=list[TemplateOut], url_name="plans_templates")
def templates(request: HttpRequest) -> list[dict[str, Any]]:
    """The plan templates (the annual targets; the 30/7 campaign)."""
    _require_view(api_actor(request))
    return [
        {
            "key": t.key,
            "title": str(t.title) % {"year": ""},
            "indicators": [
                {
                    "code": s.code,
                    "label": str(s.label),
                    "measure": s.measure,
                    "comparison": s.comparison,
                    "target": str(s.target),
                }
                for s in t.indicators
            ],
            "activities": [
                {"kind": a.kind, "title": str(a.title), "due": f"{a.due[1]:02d}/{a.due[0]:02d}"}
                for a in t.activities
            ],
        }
        for t in TEMPLATES.values()
    ]


@router.get("/", response=list[PlanRowOut], url_name="plans_list")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    actor = api_actor(request)
    _require_view(actor)
    return [
        {
            "id": p.pk,
            "title": p.title,
            "agency_name": p.agency.name,
            "start_year": p.start_year,
            "end_year": p.end_year,
        }
        for p in selectors.plan_list(actor=actor)[:500]
    ]


@router.post("/", response={201: PlanOut}, url_name="plans_create")
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    """A plan without indicators (add them with `/{id}/indicators`)."""
    plan = services.plan_create(
        actor=api_actor(request),
        title=payload.title,
        start_year=payload.start_year,
        end_year=payload.end_year,
        agency=_agency(payload.agency_id, "agency_id"),
        description=payload.description,
        directives=_directives(payload.directives),
    )
    return Status(201, _shown(request, plan.pk))


@router.post("/from-template", response={201: PlanOut}, url_name="plans_create_from_template")
def create_from_template(
    request: HttpRequest, payload: PlanFromTemplateIn
) -> Status[dict[str, Any]]:
    """The year's plan from a template, for the caller's agency (or one below it)."""
    plan = services.plan_create_from_template(
        actor=api_actor(request),
        template_key=payload.template_key,
        year=payload.year,
        agency=_agency(payload.agency_id, "agency_id"),
        title=payload.title,
        directives=_directives(payload.directives),
    )
    return Status(201, _shown(request, plan.pk))


@router.get("/{plan_id}", response=PlanOut, url_name="plans_detail")
def get_plan(request: HttpRequest, plan_id: str) -> dict[str, Any]:
    return _shown(request, _plan(request, plan_id).pk)


@router.get("/{plan_id}/progress", response=ProgressOut, url_name="plans_progress")
def progress(
    request: HttpRequest, plan_id: str, as_of: dt.date | None = None, trend: bool = False
) -> dict[str, Any]:
    """Every indicator at the end of `as_of` (today by default): value, target, status,
    links to the records behind the number (when allowed) and, with `trend=true`, the
    monthly trend (one computation per month for sources without a monthly series)."""
    plan = _plan(request, plan_id)
    return selectors.plan_progress(
        actor=api_actor(request), plan=plan, as_of=as_of, trend=trend
    ).as_dict()


@router.post("/{plan_id}/directives", response={201: DirectiveOut}, url_name="plans_directive_add")
def add_directive(request: HttpRequest, plan_id: str, payload: DirectiveIn) -> Status[Any]:
    directive = services.directive_add(
        actor=api_actor(request),
        plan=_plan(request, plan_id),
        data=services.DirectiveInput(**payload.dict()),
    )
    return Status(201, directive)


@router.post("/{plan_id}/indicators", response={201: IndicatorOut}, url_name="plans_indicator_add")
def add_indicator(request: HttpRequest, plan_id: str, payload: IndicatorIn) -> Status[Any]:
    indicator = services.indicator_add(
        actor=api_actor(request), plan=_plan(request, plan_id), data=_indicator_input(payload)
    )
    return Status(
        201,
        {"id": indicator.pk, "code": indicator.code, "versions": list(indicator.versions.all())},
    )


@router.post(
    "/{plan_id}/indicators/{indicator_id}/versions",
    response={201: VersionOut},
    url_name="plans_indicator_revise",
)
def revise_indicator(
    request: HttpRequest, plan_id: str, indicator_id: str, payload: IndicatorIn
) -> Status[Any]:
    """A new version of an indicator's definition (earlier progress keeps the old one)."""
    plan = _plan(request, plan_id)
    indicator = next((i for i in plan.indicators.all() if str(i.pk) == indicator_id), None)
    if indicator is None:
        raise NotFound(_("Not found."))
    version = services.indicator_revise(
        actor=api_actor(request),
        indicator=indicator,
        data=_indicator_input(payload),
        note=payload.note,
    )
    return Status(201, version)
