"""Who may see and manage users and agencies."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import AccountsPermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import is_staff_actor
from lachan.access.roles import Role
from lachan.accounts.models import Agency, User

# Roles an agency admin may hand out; system admin and auditor are granted centrally.
AGENCY_ASSIGNABLE_ROLES = frozenset(Role) - {Role.SYSTEM_ADMIN, Role.AUDITOR}


class UserPolicy(Policy[User]):
    model = User

    def scope(self, actor: Any, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
        queryset = self.base_queryset() if queryset is None else queryset
        if self.has_permission(actor, AccountsPermission.MANAGE_ALL_USERS):
            return queryset
        if self.has_permission(actor, AccountsPermission.MANAGE_AGENCY_USERS):
            return queryset.filter(Q(agency_id=actor.agency_id) | Q(pk=actor.pk))
        if is_staff_actor(actor):
            return queryset.filter(pk=actor.pk)
        return queryset.none()

    def can_on(self, actor: Any, action: Permission, obj: User) -> bool:
        if action in (AccountsPermission.MANAGE_AGENCY_USERS, AccountsPermission.MANAGE_ALL_USERS):
            if obj.pk == actor.pk:
                return False  # nobody disables or re-roles themselves
            if self.has_permission(actor, AccountsPermission.MANAGE_ALL_USERS):
                return True
            return obj.agency_id == actor.agency_id and obj.role in AGENCY_ASSIGNABLE_ROLES
        return self.in_scope(actor, obj)

    def assignable_roles(self, actor: Any) -> frozenset[Role]:
        if self.has_permission(actor, AccountsPermission.MANAGE_ALL_USERS):
            return frozenset(Role)
        if self.has_permission(actor, AccountsPermission.MANAGE_AGENCY_USERS):
            return AGENCY_ASSIGNABLE_ROLES
        return frozenset()


class AgencyPolicy(Policy[Agency]):
    """Agency names are not secret: every staff user can list them (to know whom to
    ask); only system administrators change them."""

    model = Agency

    def scope(self, actor: Any, queryset: QuerySet[Agency] | None = None) -> QuerySet[Agency]:
        queryset = self.base_queryset() if queryset is None else queryset
        return queryset if is_staff_actor(actor) else queryset.none()


user_policy = register(UserPolicy())
agency_policy = register(AgencyPolicy())
