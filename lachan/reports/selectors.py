"""Reads of the reports domain: the analysis page's numbers, the home dashboard, and
period reports in reach. Aggregates only: nothing here returns a row of another domain."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from lachan.access.policies.reports import period_report_policy
from lachan.access.policies.tips import tip_policy
from lachan.accounts.models import Agency, User
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level, Succession
from lachan.geo.selectors import on_geo_reload, province_list, unit_by_code
from lachan.reports.models import PeriodReport
from lachan.reports.sources import Scope, SectionData, source_for
from lachan.reports.sources.tips import breakdown_label, tips_queryset
from lachan.tips.deadlines import local_zone
from lachan.tips.models import RESOLVED_STATUSES

DOMAINS = ("tips", "investigations", "victims", "prevention")
TIP_MEASURES = ("received", "trafficking_related", "resolved")
TIP_DIMENSIONS = ("kind", "channel", "exploitation_type", "country")
GROUPINGS = ("current", "legacy")
_FIELD = {"country": "destination_country"}
MAX_DAYS = 366 * 10 + 3


def measure_label(measure: str) -> str:
    return {
        "received": _("Tips received"),
        "trafficking_related": _("Tips related to trafficking"),
        "resolved": _("Tips resolved"),
    }.get(measure, measure)


def dimension_label(dimension: str) -> str:
    return {
        "kind": _("Kind"),
        "channel": _("Channel"),
        "exploitation_type": _("Exploitation type"),
        "country": _("Destination country"),
    }.get(dimension, dimension)


@dataclass(frozen=True)
class AnalysisFilter:
    start: dt.date
    end: dt.date
    domain: str = "tips"
    measure: str = "received"
    breakdown: str = "kind"
    grouping: str = "current"  # provinces of the map: the 34 current or the 63 legacy
    place_code: str = ""  # any current admin unit
    agency_id: uuid.UUID | None = None

    def validate(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.end < self.start:
            errors["end"] = [_("The end date is before the start date.")]
        elif (self.end - self.start).days > MAX_DAYS:
            errors["end"] = [_("The period may span at most ten years.")]
        if self.domain not in DOMAINS:
            errors["domain"] = [_("Unknown domain.")]
        if self.domain == "tips" and self.measure not in TIP_MEASURES:
            errors["measure"] = [_("Unknown measure.")]
        if self.domain == "tips" and self.breakdown not in TIP_DIMENSIONS:
            errors["breakdown"] = [_("Unknown breakdown.")]
        if self.grouping not in GROUPINGS:
            errors["grouping"] = [_("Unknown grouping.")]
        if errors:
            raise ValidationFailed(_("Some filters are not valid."), fields=errors)


@dataclass(frozen=True)
class ProvinceValue:
    code: str
    name: str
    value: int | None


@dataclass
class Analysis:
    filters: AnalysisFilter
    available: bool
    title: str
    total: int | None = None
    months: list[tuple[dt.date, int | None]] = field(default_factory=list)
    provinces: list[ProvinceValue] = field(default_factory=list)
    unattributed: int = 0  # legacy grouping: tips whose legacy province is unknown
    breakdown: list[tuple[str, int]] = field(default_factory=list)
    section: SectionData | None = None
    place: AdminUnit | None = None
    agency: Agency | None = None
    # Set when the numbers come from the monthly summary: complete up to this moment.
    summarised_at: dt.datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "domain": self.filters.domain,
            "measure": self.filters.measure,
            "breakdown_by": self.filters.breakdown,
            "grouping": self.filters.grouping,
            "start": self.filters.start,
            "end": self.filters.end,
            "available": self.available,
            # When the numbers come from the monthly summary: complete up to this moment.
            "summarised_at": self.summarised_at,
            "title": self.title,
            "total": self.total,
            "months": [{"month": m.strftime("%Y-%m"), "value": v} for m, v in self.months],
            "provinces": [vars(p) for p in self.provinces],
            "unattributed": self.unattributed,
            "breakdown": [{"label": label, "value": v} for label, v in self.breakdown],
            "figures": (
                [
                    {"key": f.key, "label": f.label, "value": f.value, "percent": f.percent}
                    for f in self.section.figures
                ]
                if self.section
                else []
            ),
        }


# -- reach ------------------------------------------------------------
def require_aggregates(actor: User) -> None:
    if not period_report_policy.may_view_aggregates(actor):
        raise NotFound(_("Not found."))


def agencies_in_reach(actor: User) -> QuerySet[Agency]:
    ids = period_report_policy.reach_agency_ids(actor)
    qs = Agency.objects.filter(is_active=True).select_related("admin_unit")
    return qs if ids is None else qs.filter(pk__in=ids)


# Active agencies by name, with the table's version when read (see agency_names).
_agency_names: dict[str, tuple[Any, tuple[tuple[uuid.UUID, str, str], ...]]] = {}


def active_agency_names() -> tuple[tuple[uuid.UUID, str, str], ...]:
    """(pk, pk as text, name) of every active agency, in the database's order of names.
    Kept per process while the agency table is unchanged: its version — the row count
    and the latest ``updated_at`` (every save moves it, adding or removing a row changes
    the count) — is one small aggregate, cheaper than fetching and converting the few
    hundred rows on each page view."""
    table = connection.ops.quote_name(Agency._meta.db_table)
    with connection.cursor() as cursor:  # by hand: building aggregate() costs ~0.5 ms
        cursor.execute(f"SELECT count(*), max(updated_at) FROM {table}")  # noqa: S608
        key = cursor.fetchone()
    cached = _agency_names.get("active")
    if cached is not None and cached[0] == key:
        return cached[1]
    active = Agency.objects.filter(is_active=True).order_by("name").values_list("pk", "name")
    rows = tuple((pk, str(pk), name) for pk, name in active)
    _agency_names["active"] = (key, rows)
    return rows


def agency_choices(actor: User, *, limit: int = 500) -> list[tuple[str, str]]:
    """The agencies the actor may pick in a filter, by name: (id, name), at most
    ``limit`` — the same as ``agencies_in_reach(actor).order_by("name")[:limit]``."""
    ids = period_report_policy.reach_agency_ids(actor)
    rows = active_agency_names()
    picked = rows if ids is None else [r for r in rows if r[0] in ids]
    return [(text, name) for _pk, text, name in picked[:limit]]


def _agency(actor: User, agency_id: uuid.UUID | None) -> Agency | None:
    if agency_id is None:
        return None
    found = agencies_in_reach(actor).filter(pk=agency_id).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def scope_agency_ids(
    actor: User, agency: Agency | None, *, domain: str = ""
) -> tuple[uuid.UUID, ...] | None:
    """The agencies counted: the chosen one's subtree, else the actor's reach. For
    tips, no choice means no agency filter: the tips policy's numbers scope already
    limits the count to the actor's agency subtree *and* jurisdiction."""
    from lachan.access.reach import agency_subtree_ids

    if agency is not None:
        return tuple(sorted(agency_subtree_ids(agency)))
    if domain == "tips":
        return None
    ids = period_report_policy.reach_agency_ids(actor)
    return None if ids is None else tuple(sorted(ids))


# -- legacy provinces ------------------------------------------------------------
@cache
def legacy_province_of_place() -> dict[int, int]:
    """Current unit id → legacy province id, where the legacy province is certain: a
    current commune all of whose predecessors lay in one legacy province, or a current
    province formed from exactly one legacy province. Others are left out (counted as
    "legacy province unknown", never guessed)."""
    found: dict[int, set[int]] = defaultdict(set)
    rows = Succession.objects.filter(
        current__era=Era.CURRENT, legacy__level=Level.COMMUNE
    ).values_list("current_id", "legacy__province_id")
    for current_id, legacy_province in rows:
        if legacy_province is not None:
            found[current_id].add(legacy_province)
    province_rows = Succession.objects.filter(
        current__level=Level.PROVINCE, legacy__level=Level.PROVINCE
    ).values_list("current_id", "legacy_id")
    for current_id, legacy_id in province_rows:
        found[current_id].add(legacy_id)
    return {unit: next(iter(p)) for unit, p in found.items() if len(p) == 1}


on_geo_reload(legacy_province_of_place.cache_clear)


# -- the analysis page ------------------------------------------------------------
def _month_start(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(local_zone()) if value.tzinfo else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    found = []
    day = start.replace(day=1)
    while day <= end:
        found.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return found


def _measure_q(measure: str, end: dt.date) -> Q:
    if measure == "trafficking_related":
        return Q(trafficking_related=True)
    if measure == "resolved":
        from lachan.reports.sources.tips import as_of

        moment = as_of(Scope(start=end, end=end))
        return Q(status__in=RESOLVED_STATUSES, resolved_at__lte=moment)
    return Q()


def _live_counts(
    actor: User, filters: AnalysisFilter, scope: Scope
) -> tuple[dict[dt.date, int], dict[str, int], dict[int, int]]:
    """By month, by breakdown value, by place: the current province's id, or (legacy
    grouping) the tip's place id."""
    qs = tips_queryset(actor, scope).filter(_measure_q(filters.measure, filters.end))
    dim = _FIELD.get(filters.breakdown, filters.breakdown)
    month = TruncMonth("received_at", tzinfo=local_zone())
    by_month: dict[dt.date, int] = defaultdict(int)
    by_value: dict[str, int] = defaultdict(int)
    by_place: dict[int, int] = defaultdict(int)
    if filters.grouping == "current":
        # One query: (month, province, breakdown value) → count.
        rows = (
            qs.order_by()
            .annotate(month=month)
            .values_list("month", "place_province_id", dim)
            .annotate(n=Count("*"))
        )
        for when, province_id, value, n in rows:
            by_month[_month_start(when)] += n
            by_place[province_id] += n
            by_value[value or ""] += n
    else:
        rows2 = qs.order_by().annotate(month=month).values_list("month", dim).annotate(n=Count("*"))
        for when, value, n in rows2:
            by_month[_month_start(when)] += n
            by_value[value or ""] += n
        for place_id, n in qs.order_by().values_list("place_id").annotate(n=Count("*")):
            by_place[place_id] += n
    return by_month, by_value, by_place


def _tips_analysis(actor: User, filters: AnalysisFilter, scope: Scope) -> Analysis:
    from lachan.reports.summary.selectors import tip_counts

    summary = tip_counts(
        actor=actor,
        scope=scope,
        measure=filters.measure,
        dimension=filters.breakdown,
        grouping=filters.grouping,
    )
    if summary is not None:
        by_month, by_value = summary.by_month, summary.by_value
        provinces, unattributed = _province_values(
            summary.by_province, filters.grouping, legacy_ids=True
        )
    else:
        by_month, by_value, by_place = _live_counts(actor, filters, scope)
        provinces, unattributed = _province_values(by_place, filters.grouping)
    breakdown = sorted(
        ((breakdown_label(filters.breakdown, v), n) for v, n in by_value.items()),
        key=lambda r: (-r[1], r[0]),
    )
    return Analysis(
        filters=filters,
        available=True,
        title=measure_label(filters.measure),
        total=sum(by_month.values()),
        months=[(m, by_month.get(m, 0)) for m in _months(filters.start, filters.end)],
        provinces=provinces,
        unattributed=unattributed,
        breakdown=breakdown,
        summarised_at=summary.refreshed_at if summary is not None else None,
    )


def _province_values(
    by_place: dict[Any, int], grouping: str, *, legacy_ids: bool = False
) -> tuple[list[ProvinceValue], int]:
    """``by_place``: current province id → count, or (legacy grouping) place id →
    count, or with ``legacy_ids`` legacy province id (None: unknown) → count."""
    if grouping == "current":
        units = province_list(era=Era.CURRENT)
        return [ProvinceValue(u.code, u.short_name, by_place.get(u.pk, 0)) for u in units], 0
    mapping = legacy_province_of_place()
    totals: dict[int, int] = defaultdict(int)
    unattributed = 0
    for place_id, n in by_place.items():
        legacy = place_id if legacy_ids else mapping.get(place_id)
        if legacy is None:
            unattributed += n
        else:
            totals[legacy] += n
    units = province_list(era=Era.LEGACY)
    return [ProvinceValue(u.code, u.short_name, totals.get(u.pk, 0)) for u in units], unattributed


def _domain_analysis(actor: User, filters: AnalysisFilter, scope: Scope) -> Analysis:
    source = source_for(filters.domain)
    section = source.section(actor, scope)
    if not section.available:
        return Analysis(filters=filters, available=False, title=source.title(), section=section)
    provinces: list[ProvinceValue] = []
    if filters.grouping == "current" and not scope.admin_unit_code:
        # The domain's headline figure per province (one selector call each).
        headline = section.figures[0].key if section.figures else None
        for unit in province_list(era=Era.CURRENT):
            value: int | None = None
            if headline is not None:
                per = source.section(
                    actor,
                    Scope(
                        start=scope.start,
                        end=scope.end,
                        agency_ids=scope.agency_ids,
                        admin_unit_code=unit.code,
                    ),
                )
                raw = per.figure(headline)
                value = int(raw) if isinstance(raw, (int, float)) else None
            provinces.append(ProvinceValue(unit.code, unit.short_name, value))
    first = section.figures[0].value if section.figures else None
    return Analysis(
        filters=filters,
        available=True,
        title=source.title(),
        total=int(first) if isinstance(first, (int, float)) else None,
        provinces=provinces,
        breakdown=list(section.breakdowns[0].rows) if section.breakdowns else [],
        section=section,
    )


def analysis(*, actor: User, filters: AnalysisFilter) -> Analysis:
    """The numbers of the analysis page for one domain and measure: the total, a trend
    by month, a value per province (for the map) and a breakdown."""
    require_aggregates(actor)
    filters.validate()
    agency = _agency(actor, filters.agency_id)
    place = unit_by_code(code=filters.place_code) if filters.place_code else None
    scope = Scope(
        start=filters.start,
        end=filters.end,
        agency_ids=scope_agency_ids(actor, agency, domain=filters.domain),
        admin_unit_code=place.code if place else None,
    )
    if filters.domain == "tips":
        if not tip_policy.may_view_numbers(actor):
            result = Analysis(filters=filters, available=False, title=measure_label("received"))
        else:
            result = _tips_analysis(actor, filters, scope)
    else:
        result = _domain_analysis(actor, filters, scope)
    result.place = place
    result.agency = agency
    return result


# -- home dashboard ------------------------------------------------------------
@dataclass
class HomeDashboard:
    trend: list[tuple[dt.date, int]]
    trend_total: int
    plan_rows: list[dict[str, Any]] | None  # None: plans not landed ("chưa có dữ liệu")
    reports_running: int
    reports_ready: list[PeriodReport]


def home_dashboard(*, actor: User, today: dt.date | None = None) -> HomeDashboard | None:
    """For users who see aggregates: tips received by month over the last twelve
    months (their reach), their agency's plan indicators against targets, and their
    period reports running or ready. None for everyone else."""
    if not period_report_policy.may_view_aggregates(actor):
        return None
    today = today or dt.datetime.now(local_zone()).date()
    first = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    trend: list[tuple[dt.date, int]] = []
    if tip_policy.may_view_numbers(actor):
        from lachan.reports.summary.selectors import tip_counts

        scope = Scope(start=first, end=today, agency_ids=None)  # the numbers scope limits
        summary = tip_counts(
            actor=actor, scope=scope, measure="received", dimension="kind", grouping="current"
        )
        if summary is not None:
            counts = dict(summary.by_month)
        else:
            rows = (
                tips_queryset(actor, scope)
                .order_by()
                .annotate(month=TruncMonth("received_at", tzinfo=local_zone()))
                .values_list("month")
                .annotate(n=Count("*"))
            )
            counts = {_month_start(m): n for m, n in rows}
        trend = [(m, counts.get(m, 0)) for m in _months(first, today)]
    plans = source_for("plans")
    plan_rows: list[dict[str, Any]] | None = None
    if plans.available():
        section = plans.section(
            actor,
            Scope(
                start=today.replace(month=1, day=1),
                end=today,
                agency_ids=scope_agency_ids(actor, None),
            ),
        )
        plan_rows = list(section.extra.get("rows", [])) if section.available else None
    mine = period_report_policy.scope(actor).filter(requested_by=actor)
    return HomeDashboard(
        trend=trend,
        trend_total=sum(n for _m, n in trend),
        plan_rows=plan_rows,
        reports_running=mine.filter(status__in=["queued", "running"]).count(),
        reports_ready=list(
            mine.filter(status="done").only("id", "title", "finished_at", "status", "created_at")[
                :3
            ]
        ),
    )


# -- period reports ------------------------------------------------------------
def period_report_list(*, actor: User, limit: int = 50) -> list[PeriodReport]:
    if not period_report_policy.may_produce(actor):
        raise NotFound(_("Not found."))
    return list(
        period_report_policy.scope(actor)
        .select_related("agency", "province", "requested_by")
        .defer("excel", "pdf", "lessons_learned")[:limit]
    )


def period_report_get(*, actor: User, report_id: Any) -> PeriodReport:
    return period_report_policy.get(
        actor,
        report_id,
        period_report_policy.scope(actor)
        .select_related("agency", "province", "requested_by")
        .defer("excel", "pdf"),
    )


def province_choices() -> list[tuple[str, str]]:
    return [(u.code, u.short_name) for u in province_list(era=Era.CURRENT)]
