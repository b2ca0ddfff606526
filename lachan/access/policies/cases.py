"""Access policies of the cases domain (one policy object per model).

Reach of a case (``CasePolicy.scope``), for a role holding ``cases.view``:
- the cases one leads or is on the team of, is assigned to (``access.Assignment``), or
  holds a live break-glass grant for;
- at a police agency (provincial police, commune police, border guard): the own
  agency's cases;
- ``cases.direct`` (supervisors, at a police agency): the cases of the agency subtree
  and those counted in the unit the agency serves (a province-level agency: the whole
  province).

On a case in reach (``actions_on``):
- change it (edit, suspects, arrests, events, transitions): ``cases.change`` and the
  lead investigator, a team member or a supervisor directing it;
- see the evidence log: ``cases.view_evidence`` at a police agency (a social worker
  never does, whatever the assignment); manage it: also able to change the case.

Sub-records (places, suspects, arrests, events, evidence items and their custody and
attachments, transitions) are reached through their case. Cross-border cooperation is
recorded by police agencies: one's agency's activities, the subtree's for supervisors.
Numbers (``numbers_scope``): ``cases.view_numbers`` counts the cases of the agency
subtree and jurisdiction (everything when attached to no agency) — counts only."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q, QuerySet

from lachan.access.permissions import CasesPermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import (
    agency_subtree_ids,
    assigned_ids,
    break_glass_id_list,
    is_staff_actor,
)
from lachan.cases.models import (
    ArrestEvent,
    Case,
    CaseEvent,
    CasePlace,
    CaseTransition,
    CooperationActivity,
    CooperationFollowUp,
    EvidenceAttachment,
    EvidenceCustody,
    EvidenceItem,
    Suspect,
)

LABEL = "cases.case"
POLICE_AGENCY_TYPES = frozenset({"provincial_police", "commune_police", "border_guard"})


def is_police(actor: Any) -> bool:
    agency = getattr(actor, "agency", None) if getattr(actor, "agency_id", None) else None
    return agency is not None and agency.agency_type in POLICE_AGENCY_TYPES


def _subtree(actor: Any) -> set[uuid.UUID]:
    """The actor's agency subtree, computed once per actor object (one request)."""
    cached = getattr(actor, "_cases_subtree", None)
    if cached is not None and cached[0] == actor.agency_id:
        return set(cached[1])
    found = agency_subtree_ids(actor.agency)
    actor._cases_subtree = (actor.agency_id, frozenset(found))
    return found


def _jurisdiction(agency: Any, *, prefix: str = "") -> Q:
    """Cases counted in the unit the agency serves."""
    from lachan.geo.models import Level

    unit = agency.admin_unit
    if unit.level == Level.PROVINCE:
        return Q(**{f"{prefix}province_id": unit.pk})
    return Q(**{f"{prefix}area_id": unit.pk})


class CasePolicy(Policy[Case]):
    model = Case

    def _own_ids(self, actor: Any) -> list[uuid.UUID]:
        """Cases the actor is on the team of, assigned to or granted: a short list."""
        team = Case.team.through.objects.filter(user_id=actor.pk).values_list("case_id", flat=True)
        assigned = assigned_ids(actor, LABEL).values_list("object_id", flat=True)
        return [*team, *assigned, *break_glass_id_list(actor, LABEL)]

    def reach_q(self, actor: Any) -> Q:
        reach = Q(lead_investigator_id=actor.pk) | Q(pk__in=self._own_ids(actor))
        if is_police(actor):
            reach |= Q(agency_id=actor.agency_id)
            if self.has_permission(actor, CasesPermission.DIRECT):
                reach |= Q(agency_id__in=_subtree(actor))
                reach |= _jurisdiction(actor.agency)
        return reach

    def scope(self, actor: Any, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, CasesPermission.VIEW):
            return queryset.none()
        return queryset.filter(self.reach_q(actor))

    # -- record level ------------------------------------------------------------------------
    def directs(self, actor: Any, case: Case) -> bool:
        return (
            self.has_permission(actor, CasesPermission.DIRECT)
            and is_police(actor)
            and case.agency_id in _subtree(actor)
        )

    def works_on(self, actor: Any, case: Case) -> bool:
        if case.lead_investigator_id == actor.pk:
            return True
        return Case.team.through.objects.filter(case_id=case.pk, user_id=actor.pk).exists()

    def actions_on(self, actor: Any, case: Case) -> frozenset[Permission]:
        """The actor's permissions on the case, remembered on this case object (a case
        is fetched afresh for each request and each write locks a fresh copy)."""
        memo: dict[Any, frozenset[Permission]] = case.__dict__.setdefault("_cases_held", {})
        key = getattr(actor, "pk", None)
        if key not in memo:
            memo[key] = self._actions_on(actor, case)
        return memo[key]

    def get(self, actor: Any, pk: Any, queryset: QuerySet[Case] | None = None) -> Case:
        """The case through the scope, remembered as in the actor's reach (so that
        ``actions_on`` does not ask the scope again for it)."""
        case = super().get(actor, pk, queryset)
        case.__dict__["_cases_in_scope_of"] = getattr(actor, "pk", None)
        return case

    def _actions_on(self, actor: Any, case: Case) -> frozenset[Permission]:
        if not is_staff_actor(actor):
            return frozenset()
        fetched_for = case.__dict__.get("_cases_in_scope_of")
        if fetched_for != actor.pk and not self.in_scope(actor, case):
            return frozenset()
        held: set[Permission] = {CasesPermission.VIEW}
        police = is_police(actor)
        may_change = (
            self.has_permission(actor, CasesPermission.CHANGE)
            and police
            and (self.works_on(actor, case) or self.directs(actor, case))
        )
        if may_change:
            held.add(CasesPermission.CHANGE)
        if self.has_permission(actor, CasesPermission.VIEW_EVIDENCE) and police:
            held.add(CasesPermission.VIEW_EVIDENCE)
            if may_change and self.has_permission(actor, CasesPermission.MANAGE_EVIDENCE):
                held.add(CasesPermission.MANAGE_EVIDENCE)
        return frozenset(held)

    def can_on(self, actor: Any, action: Permission, obj: Case) -> bool:
        return action in self.actions_on(actor, obj)

    # -- without a record ----------------------------------------------------------------------
    def may_open(self, actor: Any) -> bool:
        return self.has_permission(actor, CasesPermission.CREATE) and is_police(actor)

    def may_view_numbers(self, actor: Any) -> bool:
        return self.has_permission(actor, CasesPermission.VIEW_NUMBERS)

    def numbers_q(self, actor: Any, *, cooperation: bool = False) -> Q | None:
        """What the actor may count (None: everything): cases, or with ``cooperation``
        cooperation activities, of the agency subtree and jurisdiction."""
        if actor.agency_id is None:
            return None
        subtree = Q(agency_id__in=_subtree(actor))
        if cooperation:
            from lachan.geo.models import Level

            unit = actor.agency.admin_unit
            if unit.level == Level.PROVINCE:
                return subtree | Q(province_id=unit.pk)
            return subtree | Q(agency__admin_unit_id=unit.pk)
        return subtree | _jurisdiction(actor.agency)

    def numbers_scope(self, actor: Any, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.may_view_numbers(actor):
            return queryset.none()
        q = self.numbers_q(actor)
        return queryset if q is None else queryset.filter(q)


case_policy = register(CasePolicy())


class _ThroughCase(Policy[Any]):
    """A record reached through its case: in scope when the case is; the action is
    asked of the case (``case_path`` is the lookup from the record to its case)."""

    case_path: ClassVar[str] = "case"
    # The permission needed on the case to see this record at all.
    view_permission: ClassVar[Permission] = CasesPermission.VIEW

    def scope(self, actor: Any, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, self.view_permission):
            return queryset.none()
        if self.view_permission == CasesPermission.VIEW_EVIDENCE and not is_police(actor):
            return queryset.none()
        cases = case_policy.scope(actor).values("pk")
        return queryset.filter(**{f"{self.case_path}__in": cases})

    def case_of(self, obj: Any) -> Case:
        target = obj
        for part in self.case_path.split("__"):
            target = getattr(target, part)
        return target

    def can_on(self, actor: Any, action: Permission, obj: Any) -> bool:
        return action in case_policy.actions_on(actor, self.case_of(obj))


def _through(
    model_: type[models.Model], path: str = "case", view: Permission = CasesPermission.VIEW
) -> _ThroughCase:
    policy_class = type(
        f"{model_.__name__}Policy",
        (_ThroughCase,),
        {"model": model_, "case_path": path, "view_permission": view},
    )
    return register(policy_class())


place_policy = _through(CasePlace)
transition_policy = _through(CaseTransition)
suspect_policy = _through(Suspect)
arrest_policy = _through(ArrestEvent, "suspect__case")
event_policy = _through(CaseEvent)
evidence_policy = _through(EvidenceItem, view=CasesPermission.VIEW_EVIDENCE)
custody_policy = _through(EvidenceCustody, "item__case", CasesPermission.VIEW_EVIDENCE)
evidence_attachment_policy = _through(
    EvidenceAttachment, "item__case", CasesPermission.VIEW_EVIDENCE
)


class CooperationPolicy(Policy[CooperationActivity]):
    """Police agencies record their cross-border cooperation: one's agency's activities;
    supervisors also the agency subtree's. Changing needs ``cases.manage_cooperation``."""

    model = CooperationActivity

    def scope(
        self, actor: Any, queryset: QuerySet[CooperationActivity] | None = None
    ) -> QuerySet[CooperationActivity]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, CasesPermission.VIEW) or not is_police(actor):
            return queryset.none()
        if self.has_permission(actor, CasesPermission.DIRECT):
            return queryset.filter(agency_id__in=_subtree(actor))
        return queryset.filter(agency_id=actor.agency_id)

    def can_on(self, actor: Any, action: Permission, obj: CooperationActivity) -> bool:
        if action not in (CasesPermission.VIEW, CasesPermission.MANAGE_COOPERATION):
            return False
        return self.in_scope(actor, obj)

    def may_record(self, actor: Any) -> bool:
        return self.has_permission(actor, CasesPermission.MANAGE_COOPERATION) and is_police(actor)


cooperation_policy = register(CooperationPolicy())


class FollowUpPolicy(Policy[CooperationFollowUp]):
    model = CooperationFollowUp

    def scope(
        self, actor: Any, queryset: QuerySet[CooperationFollowUp] | None = None
    ) -> QuerySet[CooperationFollowUp]:
        queryset = self.base_queryset() if queryset is None else queryset
        return queryset.filter(activity__in=cooperation_policy.scope(actor).values("pk"))

    def can_on(self, actor: Any, action: Permission, obj: CooperationFollowUp) -> bool:
        return cooperation_policy.can(actor, action, obj.activity)


follow_up_policy = register(FollowUpPolicy())
