"""Who may look up administrative units: every staff role holding ``geo.view``. Units
are public reference data, so there is no record-level reach: scope is all or nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lachan.access.permissions import GeoPermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.geo.models import AdminUnit


class AdminUnitPolicy(Policy[AdminUnit]):
    model = AdminUnit

    def scope(self, actor: Any, queryset: QuerySet[AdminUnit] | None = None) -> QuerySet[AdminUnit]:
        queryset = self.base_queryset() if queryset is None else queryset
        return queryset if self.has_permission(actor, GeoPermission.VIEW) else queryset.none()

    def can_on(self, actor: Any, action: Permission, obj: AdminUnit) -> bool:
        return True  # has_permission already held (see Policy.can); no per-unit reach

    def may_view(self, actor: Any) -> bool:
        return self.has_permission(actor, GeoPermission.VIEW)


admin_unit_policy = register(AdminUnitPolicy())
