"""Reads on plans, always through ``PlanPolicy``; ``plan_progress`` computes every
indicator of a plan at any date.

Status of an indicator at a date (decision 0013):
- *not started*: the date is before the indicator's period;
- *no data*: the value cannot be computed — the source module is not built yet ("chưa có
  dữ liệu"), the viewer may not count that source, or a rate has nothing to divide by;
- *on track*: the comparison holds now (a rate), or a cumulative count keeps pace with
  the target pro rata of the elapsed period (≥), or stays within it (≤);
- *at risk*: not met yet but still reachable before the period ends — a rate below (≥)
  or above (≤) its target, a count behind the pro-rata pace (≥) or past it (≤);
- *missed*: can no longer be met — the period is over and the comparison fails, or a
  count already exceeds a ≤ / = target (counts never go down).
When the period is over, "on track" reads "achieved".

The definition used is the version in force at the date (the last one created by the
end of that day): a later change of target does not rewrite earlier progress."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PlansPermission
from lachan.access.policies.plans import plan_policy
from lachan.access.policies.prevention import activity_policy
from lachan.accounts.models import Agency, User
from lachan.geo.models import AdminUnit, Era
from lachan.plans.measures import MEASURES, Context, Scope, Unit, Value, ValueState
from lachan.plans.models import Comparison, Indicator, IndicatorVersion, Plan, PlannedActivity
from lachan.plans.services import plan_end, plan_start
from lachan.prevention.models import Activity, ActivityKind
from lachan.tips.deadlines import local_zone

MAX_TREND_POINTS = 24


class Status:
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"
    AT_RISK = "at_risk"
    MISSED = "missed"


STATUS_LABELS: dict[str, str | Promise] = {
    Status.NOT_STARTED: _("Not started"),
    Status.NO_DATA: _("No data"),
    Status.ON_TRACK: _("On track"),
    Status.ACHIEVED: _("Achieved"),
    Status.AT_RISK: _("At risk"),
    Status.MISSED: _("Missed"),
}
STATE_LABELS: dict[str, str | Promise] = {
    ValueState.OK: "",
    ValueState.UNAVAILABLE: _("Not available yet"),
    ValueState.FORBIDDEN: _("Not in your reach"),
    ValueState.EMPTY: _("Nothing to measure yet"),
}


def plan_list(*, actor: User) -> QuerySet[Plan]:
    return plan_policy.scope(actor).select_related("agency").order_by("-start_year", "title")


def plan_get(*, actor: User, plan_id: Any) -> Plan:
    return plan_policy.get(
        actor,
        plan_id,
        Plan.objects.select_related("agency", "agency__admin_unit").prefetch_related(
            "directives",
            Prefetch(
                "indicators",
                Indicator.objects.prefetch_related(
                    Prefetch("versions", IndicatorVersion.objects.order_by("version"))
                ),
            ),
        ),
    )


def version_at(indicator: Indicator, moment: dt.datetime) -> IndicatorVersion:
    """The definition in force at ``moment`` (the first one before it existed)."""
    versions = list(indicator.versions.all())
    current = versions[0]
    for version in versions:
        if version.created_at <= moment:
            current = version
    return current


@dataclass(frozen=True)
class TrendPoint:
    month: str  # mm/yyyy
    until: dt.date
    value: Decimal | None


@dataclass(frozen=True)
class IndicatorProgress:
    indicator_id: uuid.UUID
    code: str
    label: str
    version: int
    versions: int
    measure: str
    measure_label: str
    unit: str
    comparison: str
    comparison_symbol: str
    target: Decimal
    period_start: dt.date
    period_end: dt.date
    measured_until: dt.date
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    state: str
    state_label: str
    expected: Decimal | None  # the pro-rata target of a count, at this date
    status: str
    status_label: str
    filters: dict[str, Any]
    trend: list[TrendPoint] = field(default_factory=list)
    records: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["trend"] = [p.__dict__ for p in self.trend]
        data["records"] = [{"label": label, "url": url} for label, url in self.records]
        return data


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    as_of: dt.date
    indicators: list[IndicatorProgress]

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan.pk,
            "as_of": self.as_of,
            "indicators": [i.as_dict() for i in self.indicators],
        }


def _met(value: Decimal, comparison: str, target: Decimal) -> bool:
    if comparison == Comparison.GTE:
        return value >= target
    if comparison == Comparison.LTE:
        return value <= target
    return value == target


def status_of(
    *,
    unit: str,
    comparison: str,
    target: Decimal,
    value: Value,
    period_start: dt.date,
    period_end: dt.date,
    as_of: dt.date,
) -> tuple[str, Decimal | None]:
    """(status, expected pro-rata count) — the rules in the module docstring."""
    if as_of < period_start:
        return Status.NOT_STARTED, None
    if value.state != ValueState.OK or value.value is None:
        return Status.NO_DATA, None
    ended = as_of >= period_end
    current = value.value
    if unit == Unit.PERCENT:
        if _met(current, comparison, target):
            return (Status.ACHIEVED if ended else Status.ON_TRACK), None
        return (Status.MISSED if ended else Status.AT_RISK), None
    total_days = (period_end - period_start).days + 1
    elapsed = min((as_of - period_start).days + 1, total_days)
    expected = (target * elapsed / total_days).quantize(Decimal("0.1"))
    if comparison in (Comparison.LTE, Comparison.EQ) and current > target:
        return Status.MISSED, expected
    if ended:
        return (Status.ACHIEVED if _met(current, comparison, target) else Status.MISSED), expected
    if comparison == Comparison.LTE:
        return (Status.AT_RISK if current > expected else Status.ON_TRACK), expected
    return (Status.ON_TRACK if current >= expected else Status.AT_RISK), expected


def _scope_filters(
    filters: dict[str, Any],
    start: dt.date,
    end: dt.date,
    units: dict[str, AdminUnit],
    agencies: dict[str, Agency],
) -> Scope:
    return Scope(
        start=start,
        end=end,
        agency=agencies.get(filters.get("agency_id", "")),
        place=units.get(filters.get("place_code", "")),
        kinds=tuple(filters.get("kinds") or ()),
    )


def _month_ends(start: dt.date, until: dt.date) -> list[dt.date]:
    ends: list[dt.date] = []
    year, month = start.year, start.month
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        ends.append(min(last, until))
        if last >= until:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends[-MAX_TREND_POINTS:]


def plan_progress(
    *,
    actor: User,
    plan: Plan,
    as_of: dt.date | None = None,
    trend: bool = True,
    records: bool = True,
) -> PlanProgress:
    """Every indicator of ``plan`` at the end of ``as_of`` (today by default): value,
    target, status, monthly trend (cumulative from the period's start) and the links to
    the records behind the number for a viewer allowed to open them."""
    plan_policy.require(actor, PlansPermission.VIEW, plan)
    as_of = as_of or timezone.localdate()
    moment = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, tzinfo=local_zone())
    indicators = list(plan.indicators.all())
    chosen = [(i, version_at(i, moment)) for i in indicators]
    codes = {v.filters.get("place_code") for _i, v in chosen} - {None, ""}
    units = {u.code: u for u in AdminUnit.objects.filter(era=Era.CURRENT, code__in=codes)}
    agency_ids = {v.filters.get("agency_id") for _i, v in chosen} - {None, ""}
    agencies = {
        str(a.pk): a for a in Agency.objects.select_related("admin_unit").filter(pk__in=agency_ids)
    }
    context = Context(actor=actor)
    rows: list[IndicatorProgress] = []
    for indicator, version in chosen:
        measure = MEASURES.get(version.measure)
        filters = version.filters or {}
        start = (
            dt.date.fromisoformat(filters["period_start"])
            if filters.get("period_start")
            else plan_start(plan)
        )
        end = (
            dt.date.fromisoformat(filters["period_end"])
            if filters.get("period_end")
            else plan_end(plan)
        )
        until = min(as_of, end)
        if measure is None or as_of < start:
            value = Value(None, state=ValueState.UNAVAILABLE)
        else:
            value = measure.compute(context, _scope_filters(filters, start, until, units, agencies))
        unit = measure.unit if measure else Unit.COUNT
        status, expected = status_of(
            unit=unit,
            comparison=version.comparison,
            target=version.target,
            value=value,
            period_start=start,
            period_end=end,
            as_of=as_of,
        )
        points: list[TrendPoint] = []
        if trend and measure is not None and as_of >= start:
            ends = _month_ends(start, until)
            if measure.series is not None:
                scope = _scope_filters(filters, start, until, units, agencies)
                values = measure.series(context, scope, ends)
            else:
                values = [
                    value
                    if month_end == until
                    else measure.compute(
                        context, _scope_filters(filters, start, month_end, units, agencies)
                    )
                    for month_end in ends
                ]
            points = [
                TrendPoint(month_end.strftime("%m/%Y"), month_end, point.value)
                for month_end, point in zip(ends, values, strict=True)
            ]
        links: list[tuple[str, str]] = []
        if records and measure is not None and as_of >= start:
            links = measure.records_links(
                actor, _scope_filters(filters, start, until, units, agencies)
            )
        rows.append(
            IndicatorProgress(
                indicator_id=indicator.pk,
                code=indicator.code,
                label=version.label,
                version=version.version,
                versions=len(indicator.versions.all()),
                measure=version.measure,
                measure_label=str(measure.label) if measure else version.measure,
                unit=unit,
                comparison=version.comparison,
                comparison_symbol=dict(Comparison.choices)[version.comparison],
                target=version.target,
                period_start=start,
                period_end=end,
                measured_until=until,
                value=value.value,
                numerator=value.numerator,
                denominator=value.denominator,
                state=value.state,
                state_label=str(STATE_LABELS.get(value.state, "")),
                expected=expected,
                status=status,
                status_label=str(STATUS_LABELS[status]),
                filters=filters,
                trend=points,
                records=links,
            )
        )
    return PlanProgress(plan=plan, as_of=as_of, indicators=rows)


def planned_activities(*, actor: User, plan: Plan) -> list[dict[str, Any]]:
    """The plan's planned activities, with the recorded activities (in the viewer's
    reach) that could carry out each open one: same kind, in the plan's years, organised
    by the plan's agency or one below it."""
    from lachan.access.reach import agency_subtree_ids

    planned = list(PlannedActivity.objects.filter(plan=plan).select_related("activity"))
    kinds = dict(ActivityKind.choices)
    open_kinds = {p.kind for p in planned if p.activity_id is None}
    candidates: dict[str, list[Activity]] = {k: [] for k in open_kinds}
    if open_kinds:
        qs = activity_policy.scope(actor).filter(
            kind__in=open_kinds,
            start_date__gte=plan_start(plan),
            start_date__lte=plan_end(plan),
            organiser_id__in=agency_subtree_ids(plan.agency),
        )
        for activity in qs.order_by("-start_date")[:100]:
            if len(candidates[activity.kind]) < 10:
                candidates[activity.kind].append(activity)
    return [
        {
            "id": p.pk,
            "kind": p.kind,
            "kind_label": str(kinds.get(p.kind, p.kind)),
            "title": p.title,
            "due_date": p.due_date,
            "activity_id": p.activity_id,
            "activity_title": p.activity.title if p.activity else "",
            "candidates": [] if p.activity_id else candidates.get(p.kind, []),
        }
        for p in planned
    ]
