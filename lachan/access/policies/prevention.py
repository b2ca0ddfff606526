"""Access policies of the prevention domain (one policy object per model).

Reach (``scope``), for anyone with ``prevention.view``: the activities (and community
models) their agency or one below it organised, those in the admin unit their agency
serves (a province-level agency reaches the whole province), and those they recorded
themselves. Activities name no person, so sight is wide; changes are narrow:
``prevention.record`` changes what one's own agency organised (or one recorded),
``prevention.record_subtree`` (supervisors) also what the agencies below organised.
Attachments follow their activity."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import Permission, PreventionPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import agency_subtree_ids
from lachan.geo.models import Level
from lachan.prevention.models import Activity, CommunityModel


def _reach(actor: Any, *, agency_field: str, extra: Q | None = None) -> Q:
    if actor.agency_id is None:
        return extra or Q(pk__in=[])
    reach = Q(**{f"{agency_field}_id__in": agency_subtree_ids(actor.agency)})
    # The denormalised province column, not a join through the unit: an index scan.
    unit = actor.agency.admin_unit
    if unit.level == Level.PROVINCE:
        reach |= Q(province_id=unit.pk)
    else:
        reach |= Q(admin_unit_id=unit.pk)
    return reach | extra if extra is not None else reach


def _may_change(policy: Policy[Any], actor: Any, agency_id: Any, recorded_by_id: Any) -> bool:
    if not policy.has_permission(actor, PreventionPermission.RECORD):
        return False
    if agency_id == actor.agency_id or (recorded_by_id and recorded_by_id == actor.pk):
        return True
    return (
        policy.has_permission(actor, PreventionPermission.RECORD_SUBTREE)
        and actor.agency_id is not None
        and agency_id in agency_subtree_ids(actor.agency)
    )


class ActivityPolicy(Policy[Activity]):
    model = Activity

    def scope(self, actor: Any, queryset: QuerySet[Activity] | None = None) -> QuerySet[Activity]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, PreventionPermission.VIEW):
            return queryset.none()
        return queryset.filter(
            _reach(actor, agency_field="organiser", extra=Q(recorded_by_id=actor.pk))
        )

    def can_on(self, actor: Any, action: Permission, obj: Activity) -> bool:
        if not self.in_scope(actor, obj):
            return False
        if action == PreventionPermission.RECORD:
            return self.may_change(actor, obj)
        return True

    def may_change(self, actor: Any, obj: Activity) -> bool:
        return _may_change(self, actor, obj.organiser_id, obj.recorded_by_id)

    def may_record(self, actor: Any) -> bool:
        return (
            self.has_permission(actor, PreventionPermission.RECORD) and actor.agency_id is not None
        )

    def may_view_numbers(self, actor: Any) -> bool:
        return self.has_permission(actor, PreventionPermission.VIEW_NUMBERS)


class CommunityModelPolicy(Policy[CommunityModel]):
    model = CommunityModel

    def scope(
        self, actor: Any, queryset: QuerySet[CommunityModel] | None = None
    ) -> QuerySet[CommunityModel]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, PreventionPermission.VIEW):
            return queryset.none()
        return queryset.filter(
            _reach(actor, agency_field="owner_agency", extra=Q(created_by_id=actor.pk))
        )

    def can_on(self, actor: Any, action: Permission, obj: CommunityModel) -> bool:
        if not self.in_scope(actor, obj):
            return False
        if action == PreventionPermission.RECORD:
            return _may_change(self, actor, obj.owner_agency_id, obj.created_by_id)
        return True


activity_policy = register(ActivityPolicy())
community_model_policy = register(CommunityModelPolicy())
