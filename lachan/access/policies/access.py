"""Break-glass: who may open a record outside their reach (supervisors), and who reads
the log of grants (auditors, for the grantees of their agency and the agencies below it;
an auditor attached to no agency reads every grant)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lachan.access.models import BreakGlassGrant
from lachan.access.permissions import AccessPermission, AuditPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import agency_subtree_ids


class BreakGlassGrantPolicy(Policy[BreakGlassGrant]):
    model = BreakGlassGrant

    def scope(
        self, actor: Any, queryset: QuerySet[BreakGlassGrant] | None = None
    ) -> QuerySet[BreakGlassGrant]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, AuditPermission.VIEW_TRAIL):
            return queryset.none()
        if actor.agency_id is None:
            return queryset
        return queryset.filter(user__agency_id__in=agency_subtree_ids(actor.agency))

    def may_open(self, actor: Any) -> bool:
        """May the actor ask for break-glass access at all (reason still required)?"""
        return self.has_permission(actor, AccessPermission.BREAK_GLASS)


break_glass_grant_policy = register(BreakGlassGrantPolicy())
