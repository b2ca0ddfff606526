"""Access policies of the networks domain (one policy object per model).

Drawing a network needs ``networks.view``; what is drawn is decided record by record by
the people, tips and cases policies (``lachan.networks.selectors``) — this module only
says who may draw at all and who reaches a tracked network.

Tracked networks (``TrackedNetworkPolicy``): reach is the own agency's tracked networks;
a supervisor also reaches those of the agencies below theirs. Changing one (refresh,
rename, remove a member, close) needs ``networks.manage`` and the own agency: a
supervisor above reads, the tracking agency works it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import AccessPermission, NetworksPermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import agency_subtree_ids
from lachan.networks.models import TrackedNetwork


class TrackedNetworkPolicy(Policy[TrackedNetwork]):
    model = TrackedNetwork

    def scope(
        self, actor: Any, queryset: QuerySet[TrackedNetwork] | None = None
    ) -> QuerySet[TrackedNetwork]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, NetworksPermission.VIEW) or actor.agency_id is None:
            return queryset.none()
        reach = Q(owner_agency_id=actor.agency_id)
        if self.has_permission(actor, AccessPermission.BREAK_GLASS):  # supervisors
            reach |= Q(owner_agency_id__in=agency_subtree_ids(actor.agency))
        return queryset.filter(reach)

    def can_on(self, actor: Any, action: Permission, obj: TrackedNetwork) -> bool:
        if not self.in_scope(actor, obj):
            return False
        if action == NetworksPermission.MANAGE:
            return obj.owner_agency_id == actor.agency_id
        return True

    def may_draw(self, actor: Any) -> bool:
        return self.has_permission(actor, NetworksPermission.VIEW)

    def may_track(self, actor: Any) -> bool:
        return self.has_permission(actor, NetworksPermission.MANAGE) and actor.agency_id is not None


tracked_network_policy = register(TrackedNetworkPolicy())
