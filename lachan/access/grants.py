"""Which permissions each role holds. The one table to read to know what a role can do;
the matrix test in ``tests/test_matrix.py`` walks every cell of it."""

from __future__ import annotations

from lachan.access.permissions import (
    AccessPermission,
    AccountsPermission,
    AuditPermission,
    GeoPermission,
    PeoplePermission,
    Permission,
    ReportsPermission,
)
from lachan.access.roles import Role

_CASEWORK: frozenset[Permission] = frozenset(
    {
        PeoplePermission.VIEW,
        PeoplePermission.VIEW_IDENTITY,
        PeoplePermission.CREATE,
        PeoplePermission.CHANGE,
        GeoPermission.VIEW,
        AccountsPermission.CREATE_API_TOKEN,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INTAKE_OPERATOR: frozenset(
        {
            PeoplePermission.VIEW,
            PeoplePermission.VIEW_IDENTITY,
            PeoplePermission.CREATE,
            GeoPermission.VIEW,
        }
    ),
    Role.OFFICER: _CASEWORK,
    Role.SOCIAL_WORKER: _CASEWORK,
    Role.SUPERVISOR: _CASEWORK | {AccessPermission.BREAK_GLASS, ReportsPermission.VIEW_AGGREGATES},
    # Analysts see numbers, never people.
    Role.ANALYST: frozenset(
        {ReportsPermission.VIEW_AGGREGATES, GeoPermission.VIEW, AccountsPermission.CREATE_API_TOKEN}
    ),
    Role.AGENCY_ADMIN: frozenset({AccountsPermission.MANAGE_AGENCY_USERS, GeoPermission.VIEW}),
    # Separation of duties: administrators run the system, they do not read case files.
    Role.SYSTEM_ADMIN: frozenset(
        {
            AccountsPermission.MANAGE_AGENCY_USERS,
            AccountsPermission.MANAGE_ALL_USERS,
            AccountsPermission.MANAGE_AGENCIES,
            GeoPermission.VIEW,
        }
    ),
    Role.AUDITOR: frozenset({AuditPermission.VIEW_TRAIL, AuditPermission.EXPORT_TRAIL}),
}


def permissions_for(role: str) -> frozenset[Permission]:
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()
