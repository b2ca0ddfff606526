"""Who may see and manage users, agencies and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import AccountsPermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import is_staff_actor
from lachan.access.roles import Role
from lachan.accounts.models import Agency, ApiToken, User

# Roles an agency admin may hand out; system admin and auditor are granted centrally.
AGENCY_ASSIGNABLE_ROLES = frozenset(Role) - {Role.SYSTEM_ADMIN, Role.AUDITOR}
# Roles that work across agencies and may therefore belong to none.
AGENCYLESS_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.AUDITOR})


class UserPolicy(Policy[User]):
    model = User

    def scope(self, actor: Any, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
        queryset = self.base_queryset() if queryset is None else queryset
        if self.has_permission(actor, AccountsPermission.MANAGE_ALL_USERS):
            return queryset
        if (
            self.has_permission(actor, AccountsPermission.MANAGE_AGENCY_USERS)
            and actor.agency_id is not None  # an agency admin of no agency reaches no one
        ):
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
            return (
                actor.agency_id is not None
                and obj.agency_id == actor.agency_id
                and obj.role in AGENCY_ASSIGNABLE_ROLES
            )
        return self.in_scope(actor, obj)

    def can_manage(self, actor: Any, obj: User | None = None) -> bool:
        """May the actor create users (``obj`` None) or change, disable, enable and
        reset this user? Callers first check ``in_scope`` so that out of reach stays 404."""
        return self.can(actor, AccountsPermission.MANAGE_ALL_USERS, obj) or self.can(
            actor, AccountsPermission.MANAGE_AGENCY_USERS, obj
        )

    def assignable_roles(self, actor: Any) -> frozenset[Role]:
        if self.has_permission(actor, AccountsPermission.MANAGE_ALL_USERS):
            return frozenset(Role)
        if self.has_permission(actor, AccountsPermission.MANAGE_AGENCY_USERS):
            return AGENCY_ASSIGNABLE_ROLES
        return frozenset()

    def assignable_agencies(
        self, actor: Any, queryset: QuerySet[Agency] | None = None
    ) -> QuerySet[Agency]:
        """Agencies the actor may put users in: any active one for system admins, their
        own for agency admins."""
        queryset = Agency.objects.all() if queryset is None else queryset
        if self.has_permission(actor, AccountsPermission.MANAGE_ALL_USERS):
            return queryset.filter(is_active=True)
        if (
            self.has_permission(actor, AccountsPermission.MANAGE_AGENCY_USERS)
            and actor.agency_id is not None
        ):
            return queryset.filter(pk=actor.agency_id)
        return queryset.none()


class AgencyPolicy(Policy[Agency]):
    """Agency names are not secret: every staff user can list them (to know whom to
    ask); only system administrators change them."""

    model = Agency

    def scope(self, actor: Any, queryset: QuerySet[Agency] | None = None) -> QuerySet[Agency]:
        queryset = self.base_queryset() if queryset is None else queryset
        return queryset if is_staff_actor(actor) else queryset.none()

    def can_manage(self, actor: Any, obj: Agency | None = None) -> bool:
        return self.can(actor, AccountsPermission.MANAGE_AGENCIES, obj)


class ApiTokenPolicy(Policy[ApiToken]):
    """A personal token is seen and revoked by its owner only; administrators end a
    user's tokens by disabling the user."""

    model = ApiToken

    def scope(self, actor: Any, queryset: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not is_staff_actor(actor):
            return queryset.none()
        return queryset.filter(user_id=actor.pk)

    def can_create_own(self, actor: Any) -> bool:
        return self.has_permission(actor, AccountsPermission.CREATE_API_TOKEN)


# Kept with their own types (``register`` returns the base Policy type).
user_policy = UserPolicy()
agency_policy = AgencyPolicy()
api_token_policy = ApiTokenPolicy()
register(user_policy)
register(agency_policy)
register(api_token_policy)
