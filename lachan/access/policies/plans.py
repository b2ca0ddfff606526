"""Access policies of the plans domain (one policy object per model).

Reach (``scope``), for anyone with ``plans.view``: the plans of their agency and the
agencies below it, and the plans of agencies serving their province (a commune committee
reads the province's plan); a user attached to no agency (national level) reads every
plan. ``plans.manage`` (supervisors) creates plans for their own agency (or one below)
and changes those plans' indicators and directives. The numbers a plan's page shows
are each checked against the source domain's own numbers permission
(``plans.measures``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import Permission, PlansPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import agency_subtree_ids
from lachan.plans.models import Plan


def _province_id(agency: Any) -> int:
    unit = agency.admin_unit
    return int(unit.pk if unit.province_id is None else unit.province_id)


class PlanPolicy(Policy[Plan]):
    model = Plan

    def scope(self, actor: Any, queryset: QuerySet[Plan] | None = None) -> QuerySet[Plan]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, PlansPermission.VIEW):
            return queryset.none()
        if actor.agency_id is None:
            return queryset
        province = _province_id(actor.agency)
        return queryset.filter(
            Q(agency_id__in=agency_subtree_ids(actor.agency))
            | Q(agency__admin_unit_id=province)
            | Q(agency__admin_unit__province_id=province)
        )

    def can_on(self, actor: Any, action: Permission, obj: Plan) -> bool:
        if not self.in_scope(actor, obj):
            return False
        if action == PlansPermission.MANAGE:
            return self.may_manage_for(actor, obj.agency_id)
        return True

    def may_manage_for(self, actor: Any, agency_id: Any) -> bool:
        return (
            self.has_permission(actor, PlansPermission.MANAGE)
            and actor.agency_id is not None
            and agency_id in agency_subtree_ids(actor.agency)
        )

    def may_create(self, actor: Any) -> bool:
        return self.has_permission(actor, PlansPermission.MANAGE) and actor.agency_id is not None


plan_policy = register(PlanPolicy())
