"""Access policies of the reports domain (one policy object per model).

Aggregates (``reports.view_aggregates``): supervisors and analysts see numbers — never
rows, names or register numbers. A supervisor or analyst attached to an agency counts
what lies in their agency subtree and jurisdiction; one attached to no agency (national
analysts) counts everything.

Period reports (``reports.produce_period_report``): a report is in reach for whoever
requested it and for holders of the permission in the agency subtree of the report's
agency (a provincial supervisor sees the reports of the agencies below); a report of a
place (a province, the nation) for holders in the province's agencies, and national
reports for holders attached to no agency. Out of reach is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import ReportsPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import agency_subtree_ids
from lachan.reports.models import PeriodReport


class PeriodReportPolicy(Policy[PeriodReport]):
    model = PeriodReport

    def may_view_aggregates(self, actor: Any) -> bool:
        return self.has_permission(actor, ReportsPermission.VIEW_AGGREGATES)

    def may_produce(self, actor: Any) -> bool:
        return self.has_permission(actor, ReportsPermission.PRODUCE_PERIOD_REPORT)

    def reach_agency_ids(self, actor: Any) -> set[Any] | None:
        """The agencies whose numbers the actor may count; None: every agency."""
        if actor.agency_id is None:
            return None
        return agency_subtree_ids(actor.agency)

    def scope(
        self, actor: Any, queryset: QuerySet[PeriodReport] | None = None
    ) -> QuerySet[PeriodReport]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.may_produce(actor):
            return queryset.none()
        reach = Q(requested_by_id=actor.pk)
        if actor.agency_id is None:
            return queryset
        subtree = agency_subtree_ids(actor.agency)
        reach |= Q(agency_id__in=subtree)
        unit = actor.agency.admin_unit
        if unit.level == "province":
            reach |= Q(agency__isnull=True, province_id=unit.pk)
        return queryset.filter(reach)


period_report_policy = register(PeriodReportPolicy())
