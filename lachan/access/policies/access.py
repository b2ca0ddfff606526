"""Break-glass: who may open a record outside their reach (supervisors), and who reads
the log of grants (auditors, for the grantees of their agency and the agencies below it;
an auditor attached to no agency reads every grant). Assignments: who may assign a
record to a colleague (supervisors, for records in their own reach)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lachan.access.models import Assignment, BreakGlassGrant
from lachan.access.permissions import AccessPermission, AuditPermission
from lachan.access.policies.base import Policy, policy_for, register
from lachan.access.reach import agency_subtree_ids, is_staff_actor, standing_reach_only


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


class AssignmentPolicy(Policy[Assignment]):
    """An assignment brings one record into a user's reach (and, for persons, unmasks
    its identity for them). Only a supervisor hands records out, and only records they
    reach themselves; the assignee may work for another agency (a police case referred
    to a social worker)."""

    model = Assignment

    def scope(
        self, actor: Any, queryset: QuerySet[Assignment] | None = None
    ) -> QuerySet[Assignment]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not is_staff_actor(actor):
            return queryset.none()
        return queryset.filter(user_id=actor.pk)

    def may_assign(self, actor: Any, obj: Any) -> bool:
        """May the actor assign ``obj`` to someone? Out of reach reads as not found.

        Only records in the actor's standing reach: a record opened by break-glass
        cannot be handed out, or a 4-hour emergency grant would become lasting access."""
        if not self.has_permission(actor, AccessPermission.ASSIGN):
            return False
        with standing_reach_only():
            return policy_for(type(obj)).in_scope(actor, obj)

    def may_assign_to(self, actor: Any, user: Any) -> bool:
        """Nobody assigns a record to themselves: an assignment unmasks identity, so it
        always takes a second person (four eyes)."""
        return self.may_be_assigned(user) and user.pk != actor.pk

    def may_be_assigned(self, user: Any) -> bool:
        return is_staff_actor(user)


assignment_policy = register(AssignmentPolicy())
