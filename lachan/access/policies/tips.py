"""Who may see and work tips.

Reach (``scope``):
- everyone with ``tips.view``: tips assigned to them, tips they entered themselves, and
  live break-glass grants;
- ``tips.view_agency`` (intake operators, supervisors): the own agency's whole register;
- ``tips.view_subtree`` (supervisors): the agencies below their own, and tips whose
  place lies in their jurisdiction.

On a tip in reach:
- classify: anyone with ``tips.classify``;
- work (verify, transfer, mark complex, extend, decide, suspend, resume, group, write to
  the reporter): the assigned officer, or a supervisor *directing* the tip (received by
  their agency or one below it) — jurisdiction alone gives sight, not command;
- assign: a supervisor directing the tip;
- the reporter's identity: the assigned officer, whoever entered the tip, a supervisor
  directing it, or a break-glass grant.

Numbers (``numbers_scope``): analysts and supervisors count the tips of their agency
subtree and jurisdiction (everything when attached to no agency) — counts only, never
rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import Permission, TipsPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import (
    agency_subtree_ids,
    break_glass_id_list,
    break_glass_ids,
    has_break_glass,
    is_staff_actor,
)
from lachan.tips.models import Tip

LABEL = "tips.tip"
# Actions that need more than sight of the tip.
_RECORD_ACTIONS = frozenset(
    {
        TipsPermission.VIEW,
        TipsPermission.CLASSIFY,
        TipsPermission.WORK,
        TipsPermission.ASSIGN,
        TipsPermission.VIEW_REPORTER,
    }
)


def _jurisdiction(agency: Any) -> Q:
    """Tips whose (first) place lies in the unit the agency serves."""
    if agency is None:
        return Q(pk__in=[])
    from lachan.geo.models import Level

    unit = agency.admin_unit
    if unit.level == Level.PROVINCE:
        return Q(place_province_id=unit.pk)
    return Q(place_id=unit.pk)


@dataclass(frozen=True)
class NumbersReach:
    """The tips an actor may count: everything, or those received by ``agency_ids`` or
    placed in ``province_ids`` (current provinces) or ``place_ids`` (communes)."""

    everything: bool
    agency_ids: frozenset[uuid.UUID] = frozenset()
    province_ids: frozenset[int] = frozenset()
    place_ids: frozenset[int] = frozenset()


class TipPolicy(Policy[Tip]):
    model = Tip

    def scope(self, actor: Any, queryset: QuerySet[Tip] | None = None) -> QuerySet[Tip]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, TipsPermission.VIEW):
            return queryset.none()
        reach = (
            Q(assignee_id=actor.pk)
            | Q(received_by_id=actor.pk)
            | Q(pk__in=break_glass_id_list(actor, LABEL))
        )
        if self.has_permission(actor, TipsPermission.VIEW_AGENCY) and actor.agency_id:
            reach |= Q(receiving_agency_id=actor.agency_id)
        if self.has_permission(actor, TipsPermission.VIEW_SUBTREE) and actor.agency_id:
            reach |= Q(receiving_agency_id__in=agency_subtree_ids(actor.agency))
            reach |= _jurisdiction(actor.agency)
        return queryset.filter(reach)

    # -- record-level ----------------------------------------------------------------------
    def directs(self, actor: Any, tip: Tip, subtree: set[uuid.UUID] | None = None) -> bool:
        """A supervisor whose agency (or one below it) received the tip."""
        if not self.has_permission(actor, TipsPermission.ASSIGN) or actor.agency_id is None:
            return False
        subtree = agency_subtree_ids(actor.agency) if subtree is None else subtree
        return tip.receiving_agency_id in subtree

    def actions_on(self, actor: Any, tip: Tip) -> frozenset[Permission]:
        """Every record-level permission the actor holds on ``tip`` (a few queries,
        once): what screens and the transition guard ask."""
        if not is_staff_actor(actor) or not self.in_scope(actor, tip):
            return frozenset()
        directs = self.directs(actor, tip)
        assigned = tip.assignee_id == actor.pk
        held: set[Permission] = {TipsPermission.VIEW}
        if self.has_permission(actor, TipsPermission.CLASSIFY):
            held.add(TipsPermission.CLASSIFY)
        if self.has_permission(actor, TipsPermission.WORK) and (assigned or directs):
            held.add(TipsPermission.WORK)
        if directs:
            held.add(TipsPermission.ASSIGN)
        if self.has_permission(actor, TipsPermission.VIEW_REPORTER) and (
            assigned or directs or tip.received_by_id == actor.pk or has_break_glass(actor, tip)
        ):
            held.add(TipsPermission.VIEW_REPORTER)
        return frozenset(held)

    def can_on(self, actor: Any, action: Permission, obj: Tip) -> bool:
        if action in _RECORD_ACTIONS:
            return action in self.actions_on(actor, obj)
        return self.in_scope(actor, obj)

    def reporter_visible_ids(self, actor: Any, tips: Iterable[Tip]) -> set[uuid.UUID]:
        """For a list of tips in reach: whose reporter the actor may see (two queries)."""
        tips = list(tips)
        if not tips or not self.has_permission(actor, TipsPermission.VIEW_REPORTER):
            return set()
        subtree = (
            agency_subtree_ids(actor.agency)
            if self.has_permission(actor, TipsPermission.ASSIGN) and actor.agency_id
            else set()
        )
        visible = {
            t.pk
            for t in tips
            if actor.pk in (t.assignee_id, t.received_by_id) or t.receiving_agency_id in subtree
        }
        granted = break_glass_ids(actor, LABEL).filter(object_id__in=[t.pk for t in tips])
        visible |= set(granted.values_list("object_id", flat=True))
        return visible

    # -- without a record ------------------------------------------------------------------
    def may_register(self, actor: Any) -> bool:
        return self.has_permission(actor, TipsPermission.REGISTER) and actor.agency_id is not None

    def may_export(self, actor: Any) -> bool:
        return self.has_permission(actor, TipsPermission.EXPORT_REGISTER)

    def may_view_numbers(self, actor: Any) -> bool:
        return self.has_permission(actor, TipsPermission.VIEW_NUMBERS)

    def may_manage_deadline_rules(self, actor: Any) -> bool:
        return self.has_permission(actor, TipsPermission.MANAGE_DEADLINE_RULES)

    def numbers_scope(self, actor: Any, queryset: QuerySet[Tip] | None = None) -> QuerySet[Tip]:
        """The tips an analyst or supervisor may *count*."""
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.may_view_numbers(actor):
            return queryset.none()
        if actor.agency_id is None:
            return queryset
        return queryset.filter(
            Q(receiving_agency_id__in=agency_subtree_ids(actor.agency))
            | _jurisdiction(actor.agency)
        )

    def numbers_reach(self, actor: Any) -> NumbersReach:
        """``numbers_scope`` as sets, for counts kept outside the tips table (the
        reports' monthly summary): the receiving agencies and the places counted."""
        if not self.may_view_numbers(actor):
            return NumbersReach(everything=False)
        if actor.agency_id is None:
            return NumbersReach(everything=True)
        unit = actor.agency.admin_unit
        from lachan.geo.models import Level

        province = unit.level == Level.PROVINCE
        return NumbersReach(
            everything=False,
            agency_ids=frozenset(agency_subtree_ids(actor.agency)),
            province_ids=frozenset({unit.pk}) if province else frozenset(),
            place_ids=frozenset() if province else frozenset({unit.pk}),
        )

    def assignable_users_q(self, actor: Any) -> Q:
        """Users a supervisor may assign tips to: active staff of their agency subtree
        whose role works tips."""
        from lachan.access.grants import ROLE_PERMISSIONS

        if not self.has_permission(actor, TipsPermission.ASSIGN) or actor.agency_id is None:
            return Q(pk__in=[])
        roles = [
            role.value for role, perms in ROLE_PERMISSIONS.items() if TipsPermission.WORK in perms
        ]
        return Q(
            is_active=True,
            role__in=roles,
            agency_id__in=agency_subtree_ids(actor.agency),
        )


tip_policy = TipPolicy()
register(tip_policy)
