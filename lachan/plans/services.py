"""Writes on plans: create (blank or from a template), directives, indicators and their
versions, and linking a planned activity to the activity that carried it out.

An indicator's definition is never edited: ``indicator_revise`` adds a version, so the
progress computed at an earlier date still uses (and shows) the definition in force
then. Each service asks the policy, validates before writing, writes in one transaction
and records one audit event (codes and field names only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PlansPermission, PreventionPermission
from lachan.access.policies.plans import plan_policy
from lachan.access.policies.prevention import activity_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound
from lachan.geo.models import AdminUnit, Era, Level
from lachan.plans.catalog import TEMPLATES, spec_period
from lachan.plans.measures import MEASURES, Unit
from lachan.plans.models import (
    Comparison,
    Directive,
    Indicator,
    IndicatorVersion,
    Plan,
    PlannedActivity,
)
from lachan.prevention.models import Activity, ActivityKind
from lachan.tips.cleaning import Errors, add, clean_text, fail

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PLAN_YEARS = 10


@dataclass(frozen=True)
class IndicatorInput:
    label: str
    measure: str
    comparison: str
    target: Decimal | float | str | None
    agency: Agency | None = None
    place: AdminUnit | None = None
    kinds: tuple[str, ...] = ()
    period_start: dt.date | None = None
    period_end: dt.date | None = None


def _years(start_year: int | None, end_year: int | None, errors: Errors) -> None:
    if start_year is None or not MIN_YEAR <= start_year <= MAX_YEAR:
        add(errors, "start_year", _("Enter a year from 2000 to 2100."))
        return
    if end_year is None or not MIN_YEAR <= end_year <= MAX_YEAR:
        add(errors, "end_year", _("Enter a year from 2000 to 2100."))
    elif end_year < start_year:
        add(errors, "end_year", _("The last year is before the first."))
    elif end_year - start_year >= MAX_PLAN_YEARS:
        add(errors, "end_year", _("A plan covers at most 10 years."))


def _plan_agency(actor: User, agency: Agency | None) -> Agency:
    agency = agency or actor.agency
    if agency is None or not plan_policy.may_manage_for(actor, agency.pk):
        raise NotFound(_("Not found."))
    return agency


def plan_start(plan: Plan) -> dt.date:
    return dt.date(plan.start_year, 1, 1)


def plan_end(plan: Plan) -> dt.date:
    return dt.date(plan.end_year, 12, 31)


def clean_indicator(plan: Plan, data: IndicatorInput, errors: Errors) -> dict[str, Any]:
    label = clean_text(
        "label",
        data.label,
        errors,
        max_length=300,
        required=True,
        missing=_("Name the indicator."),
        multiline=False,
    )
    measure = MEASURES.get(data.measure)
    if measure is None:
        add(errors, "measure", _("Choose a measure from the list."))
    if data.comparison not in Comparison.values:
        add(errors, "comparison", _("Choose a comparison from the list."))
    target: Decimal | None = None
    try:
        target = Decimal(str(data.target)) if data.target not in (None, "") else None
    except InvalidOperation:
        target = None
    if target is None or not target.is_finite() or target < 0:
        add(errors, "target", _("Enter the target as a number (0 or more)."))
    elif measure is not None and measure.unit == Unit.PERCENT and target > 100:
        add(errors, "target", _("A percentage is at most 100."))
    elif target >= Decimal(10) ** 12:
        add(errors, "target", _("The target is too large."))
    filters: dict[str, Any] = {}
    if data.agency is not None:
        filters["agency_id"] = str(data.agency.pk)
    if data.place is not None:
        if data.place.era != Era.CURRENT or data.place.level == Level.DISTRICT:
            add(errors, "place", _("Choose a current province or commune."))
        filters["place_code"] = data.place.code
    kinds = tuple(dict.fromkeys(data.kinds))
    if kinds:
        if any(k not in ActivityKind.values for k in kinds):
            add(errors, "kinds", _("Choose kinds of activity from the list."))
        elif measure is not None and not measure.uses_kinds:
            add(errors, "kinds", _("This measure does not count by kind of activity."))
        filters["kinds"] = list(kinds)
    start, end = plan_start(plan), plan_end(plan)
    if data.period_start or data.period_end:
        p_start, p_end = data.period_start or start, data.period_end or end
        if p_start < start or p_end > end:
            add(errors, "period_start", _("The period lies outside the plan's years."))
        elif p_end < p_start:
            add(errors, "period_end", _("The end date is before the start date."))
        filters["period_start"], filters["period_end"] = p_start.isoformat(), p_end.isoformat()
    return {
        "label": label,
        "measure": data.measure,
        "comparison": data.comparison,
        "target": target,
        "filters": filters,
    }


def _new_code(plan: Plan, label: str) -> str:
    base = (slugify(label) or "indicator")[:30]
    taken = set(plan.indicators.values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def _add_indicator(
    actor: User, plan: Plan, values: dict[str, Any], *, code: str, position: int
) -> Indicator:
    indicator = Indicator.objects.create(plan=plan, code=code, position=position)
    IndicatorVersion.objects.create(indicator=indicator, version=1, created_by=actor, **values)
    return indicator


@dataclass(frozen=True)
class DirectiveInput:
    number: str
    issued_on: dt.date | None
    issuer: str = ""
    title: str = ""


def _clean_directive(data: DirectiveInput, errors: Errors, prefix: str = "") -> dict[str, Any]:
    number = clean_text(
        f"{prefix}number",
        data.number,
        errors,
        max_length=60,
        required=True,
        missing=_("Enter the document number."),
        multiline=False,
    )
    if data.issued_on is None:
        add(errors, f"{prefix}issued_on", _("Enter the document's date (dd/mm/yyyy)."))
    issuer = clean_text(f"{prefix}issuer", data.issuer, errors, max_length=200, multiline=False)
    title = clean_text(f"{prefix}title", data.title, errors, max_length=300, multiline=False)
    return {"number": number, "issued_on": data.issued_on, "issuer": issuer, "title": title}


def plan_create(
    *,
    actor: User,
    title: str,
    start_year: int | None,
    end_year: int | None,
    agency: Agency | None = None,
    description: str = "",
    directives: tuple[DirectiveInput, ...] = (),
) -> Plan:
    """A plan without indicators yet, for the actor's agency (or one below it)."""
    owner = _plan_agency(actor, agency)
    errors: Errors = {}
    name = clean_text(
        "title", title, errors, max_length=300, required=True, missing=_("Name the plan.")
    )
    text = clean_text("description", description, errors, max_length=5_000)
    _years(start_year, end_year, errors)
    docs = [_clean_directive(d, errors, f"directives.{n}.") for n, d in enumerate(directives)]
    fail(errors)
    assert start_year is not None and end_year is not None
    with transaction.atomic():
        plan = Plan.objects.create(
            agency=owner,
            title=name,
            start_year=start_year,
            end_year=end_year,
            description=text,
            created_by=actor,
        )
        for doc in docs:
            Directive.objects.create(plan=plan, **doc)
        audit_record(
            actor=actor,
            action="plans.plan_create",
            target=plan,
            changes={"start_year": start_year, "end_year": end_year, "directives": len(docs)},
        )
    return plan


def plan_create_from_template(
    *,
    actor: User,
    template_key: str,
    year: int | None,
    agency: Agency | None = None,
    title: str = "",
    directives: tuple[DirectiveInput, ...] = (),
) -> Plan:
    """The year's plan from a template: its indicators (filtered to the agency's area)
    and planned activities. Stored texts are Vietnamese, the language of the plan."""
    owner = _plan_agency(actor, agency)
    errors: Errors = {}
    template = TEMPLATES.get(template_key)
    if template is None:
        add(errors, "template_key", _("Choose a template from the list."))
    _years(year, year, errors)
    name = clean_text("title", title, errors, max_length=300, multiline=False)
    docs = [_clean_directive(d, errors, f"directives.{n}.") for n, d in enumerate(directives)]
    fail(errors)
    assert template is not None and year is not None
    with translation.override("vi"):
        name = name or str(template.title) % {"year": year}
        description = str(template.description)
        labels = [str(spec.label) for spec in template.indicators]
        activity_titles = [str(spec.title) for spec in template.activities]
    with transaction.atomic():
        plan = Plan.objects.create(
            agency=owner,
            title=name,
            start_year=year,
            end_year=year,
            template_key=template.key,
            description=description,
            created_by=actor,
        )
        for doc in docs:
            Directive.objects.create(plan=plan, **doc)
        place_code = owner.admin_unit.code
        for position, (spec, label) in enumerate(zip(template.indicators, labels, strict=True)):
            filters: dict[str, Any] = {"place_code": place_code, **spec_period(spec, year)}
            if spec.kinds:
                filters["kinds"] = list(spec.kinds)
            _add_indicator(
                actor,
                plan,
                {
                    "label": label,
                    "measure": spec.measure,
                    "comparison": spec.comparison,
                    "target": spec.target,
                    "filters": filters,
                },
                code=spec.code,
                position=position,
            )
        for planned, activity_title in zip(template.activities, activity_titles, strict=True):
            PlannedActivity.objects.create(
                plan=plan,
                kind=planned.kind,
                title=activity_title,
                due_date=dt.date(year, *planned.due),
            )
        audit_record(
            actor=actor,
            action="plans.plan_create",
            target=plan,
            changes={
                "template": template.key,
                "start_year": year,
                "end_year": year,
                "indicators": len(template.indicators),
                "directives": len(docs),
            },
        )
    return plan


def directive_add(*, actor: User, plan: Plan, data: DirectiveInput) -> Directive:
    plan_policy.require(actor, PlansPermission.MANAGE, plan)
    errors: Errors = {}
    values = _clean_directive(data, errors)
    fail(errors)
    with transaction.atomic():
        directive = Directive.objects.create(plan=plan, **values)
        audit_record(
            actor=actor,
            action="plans.directive_add",
            target=plan,
            changes={"directive": str(directive.pk)},
        )
    return directive


def indicator_add(*, actor: User, plan: Plan, data: IndicatorInput) -> Indicator:
    plan_policy.require(actor, PlansPermission.MANAGE, plan)
    errors: Errors = {}
    values = clean_indicator(plan, data, errors)
    fail(errors)
    with transaction.atomic():
        position = (plan.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
        indicator = _add_indicator(
            actor, plan, values, code=_new_code(plan, values["label"]), position=position
        )
        audit_record(
            actor=actor,
            action="plans.indicator_add",
            target=plan,
            changes={"indicator": indicator.code, "measure": values["measure"]},
        )
    return indicator


def indicator_revise(
    *, actor: User, indicator: Indicator, data: IndicatorInput, note: str = ""
) -> IndicatorVersion:
    """A new version of the definition; the earlier ones stay for earlier dates."""
    plan = indicator.plan
    plan_policy.require(actor, PlansPermission.MANAGE, plan)
    errors: Errors = {}
    values = clean_indicator(plan, data, errors)
    reason = clean_text("note", note, errors, max_length=300, multiline=False)
    fail(errors)
    with transaction.atomic():
        current = indicator.versions.select_for_update().order_by("-version").first()
        assert current is not None
        changed = sorted(k for k, v in values.items() if getattr(current, k) != v)
        if not changed:
            return current
        version = IndicatorVersion.objects.create(
            indicator=indicator,
            version=current.version + 1,
            created_by=actor,
            note=reason,
            **values,
        )
        audit_record(
            actor=actor,
            action="plans.indicator_revise",
            target=plan,
            changes={"indicator": indicator.code, "version": version.version, "fields": changed},
        )
    return version


def planned_activity_link(
    *, actor: User, planned: PlannedActivity, activity: Activity | None
) -> PlannedActivity:
    """Mark a planned activity as carried out by a recorded one (None: unlink)."""
    plan_policy.require(actor, PlansPermission.MANAGE, planned.plan)
    errors: Errors = {}
    if activity is not None:
        if not activity_policy.can(actor, PreventionPermission.VIEW, activity):
            raise NotFound(_("Not found."))
        if activity.kind != planned.kind:
            add(errors, "activity", _("The activity is of another kind."))
    fail(errors)
    with transaction.atomic():
        planned.activity = activity
        planned.save(update_fields=["activity", "updated_at"])
        audit_record(
            actor=actor,
            action="plans.planned_activity_link",
            target=planned.plan,
            changes={
                "planned": str(planned.pk),
                "activity": str(activity.pk) if activity else "",
            },
        )
    return planned
