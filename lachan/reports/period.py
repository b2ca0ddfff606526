"""The content of a period report, computed once and rendered to Excel and PDF.

Roll-up: the tips figures are counted per receiving agency (one query); an agency's
report adds up the agencies of its subtree, a province's the agencies serving it, and the
nation's the provinces — so every total is, by construction and by test, the sum of the
rows beneath it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.access.reach import agency_subtree_ids
from lachan.accounts.models import Agency, User
from lachan.geo.models import AdminUnit, Era
from lachan.geo.selectors import province_list
from lachan.reports.models import PeriodReport
from lachan.reports.periods import Period
from lachan.reports.sources import SECTIONS, Scope, SectionData
from lachan.reports.sources.tips import COUNTS, TipsSource, sum_counts, tips_by_agency

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RollUpRow:
    name: str
    counts: dict[str, int]


@dataclass(frozen=True)
class RollUp:
    level: str  # "agency" rows (an agency's or a province's report) or "province" rows
    rows: tuple[RollUpRow, ...]
    total: dict[str, int]


@dataclass
class ReportData:
    title: str
    header: str  # the agency (or the place) the report is from
    place: str
    period: Period
    generated_at: dt.datetime
    sections: list[SectionData]
    rollup: RollUp
    lessons_learned: str
    extra: dict[str, Any] = field(default_factory=dict)


def report_agency_ids(report: PeriodReport) -> tuple[uuid.UUID, ...] | None:
    """Whose tips the report counts: the agency's subtree, the agencies serving a
    province, or every agency (national)."""
    if report.agency_id is not None:
        assert report.agency is not None
        return tuple(sorted(agency_subtree_ids(report.agency)))
    if report.province_id is not None:
        return tuple(
            sorted(
                Agency.objects.filter(admin_unit__province_id=report.province_id).values_list(
                    "pk", flat=True
                )
            )
        )
    return None


def rollup(by_agency: dict[uuid.UUID, dict[str, int]], *, national: bool) -> RollUp:
    """Rows per agency, or per province for a national report (each province the sum
    of its agencies); the total is the sum of the rows."""
    agencies = {
        a.pk: a for a in Agency.objects.filter(pk__in=list(by_agency)).select_related("admin_unit")
    }

    def counts(rows: list[dict[str, int]]) -> dict[str, int]:
        total = sum_counts(rows)
        return {key: total.get(key, 0) for key in COUNTS}

    if not national:
        rows = tuple(
            sorted(
                (
                    RollUpRow(agencies[pk].name if pk in agencies else str(pk), counts([c]))
                    for pk, c in by_agency.items()
                ),
                key=lambda r: r.name,
            )
        )
    else:
        per_province: dict[int | None, list[dict[str, int]]] = defaultdict(list)
        for pk, c in by_agency.items():
            agency = agencies.get(pk)
            per_province[agency.admin_unit.province_id if agency else None].append(c)
        provinces: list[AdminUnit] = province_list(era=Era.CURRENT)
        rows = tuple(
            RollUpRow(unit.short_name, counts(per_province.get(unit.pk, []))) for unit in provinces
        )
        if per_province.get(None):
            rows += (RollUpRow(_("Province unknown"), counts(per_province[None])),)
    total = {key: sum(row.counts[key] for row in rows) for key in COUNTS}
    level = "province" if national else "agency"
    return RollUp(level=level, rows=rows, total=total)


def report_scope(report: PeriodReport) -> Scope:
    return Scope(
        start=report.period_start,
        end=report.period_end,
        agency_ids=report_agency_ids(report),
        admin_unit_code=None,
    )


def build_report_data(
    *, actor: User, report: PeriodReport, progress: Progress | None = None
) -> ReportData:
    """Every section's numbers (calling ``progress(percent, step)`` along the way)."""
    step = progress or (lambda _p, _s: None)
    scope = report_scope(report)
    national = report.agency_id is None and report.province_id is None
    sections: list[SectionData] = []
    by_agency: dict[uuid.UUID, dict[str, int]] = {}
    for index, source in enumerate(SECTIONS):
        step(5 + index * 60 // len(SECTIONS), source.key)
        if isinstance(source, TipsSource):
            by_agency = tips_by_agency(actor, scope)
            sections.append(source.section(actor, scope, by_agency=by_agency))
        else:
            sections.append(source.section(actor, scope))
    period = Period(report.period_kind, report.period_start, report.period_end)
    if report.agency is not None:
        header = report.agency.name
        place = report.agency.admin_unit.name
    elif report.province is not None:
        header = _("Steering committee of %(place)s") % {"place": report.province.name}
        place = report.province.name
    else:
        header = _("National steering committee 138/CP")
        place = _("Whole country")
    return ReportData(
        title=report.title,
        header=header,
        place=place,
        period=period,
        generated_at=timezone.now(),
        sections=sections,
        rollup=rollup(by_agency, national=national),
        lessons_learned=report.lessons_learned,
    )


def count_labels() -> dict[str, str]:
    return {
        "received": _("Tips received"),
        "classified": _("Classified"),
        "resolved": _("Resolved"),
        "resolved_within_deadline": _("Within deadline"),
        "overdue": _("Overdue"),
        "trafficking_related": _("Trafficking related"),
    }
