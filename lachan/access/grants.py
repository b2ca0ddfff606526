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
    TipsPermission,
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

# Tips: the operator keeps the agency's register; the officer works the tips assigned to
# them; the supervisor sees the agency subtree and jurisdiction and assigns.
_TIPS_INTAKE: frozenset[Permission] = frozenset(
    {
        TipsPermission.REGISTER,
        TipsPermission.VIEW,
        TipsPermission.VIEW_AGENCY,
        TipsPermission.CLASSIFY,
        TipsPermission.VIEW_REPORTER,
        TipsPermission.EXPORT_REGISTER,
    }
)
_TIPS_OFFICER: frozenset[Permission] = frozenset(
    {
        TipsPermission.REGISTER,
        TipsPermission.VIEW,
        TipsPermission.CLASSIFY,
        TipsPermission.WORK,
        TipsPermission.VIEW_REPORTER,
    }
)
_TIPS_SUPERVISOR: frozenset[Permission] = (
    _TIPS_INTAKE
    | _TIPS_OFFICER
    | {TipsPermission.VIEW_SUBTREE, TipsPermission.ASSIGN, TipsPermission.VIEW_NUMBERS}
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INTAKE_OPERATOR: _TIPS_INTAKE
    | {
        PeoplePermission.VIEW,
        PeoplePermission.VIEW_IDENTITY,
        PeoplePermission.CREATE,
        GeoPermission.VIEW,
    },
    Role.OFFICER: _CASEWORK | _TIPS_OFFICER,
    Role.SOCIAL_WORKER: _CASEWORK,
    Role.SUPERVISOR: _CASEWORK
    | _TIPS_SUPERVISOR
    | {
        AccessPermission.BREAK_GLASS,
        AccessPermission.ASSIGN,
        ReportsPermission.VIEW_AGGREGATES,
    },
    # Analysts see numbers, never people.
    Role.ANALYST: frozenset(
        {
            ReportsPermission.VIEW_AGGREGATES,
            TipsPermission.VIEW_NUMBERS,
            GeoPermission.VIEW,
            AccountsPermission.CREATE_API_TOKEN,
        }
    ),
    Role.AGENCY_ADMIN: frozenset({AccountsPermission.MANAGE_AGENCY_USERS, GeoPermission.VIEW}),
    # Separation of duties: administrators run the system, they do not read case files.
    Role.SYSTEM_ADMIN: frozenset(
        {
            AccountsPermission.MANAGE_AGENCY_USERS,
            AccountsPermission.MANAGE_ALL_USERS,
            AccountsPermission.MANAGE_AGENCIES,
            GeoPermission.VIEW,
            TipsPermission.MANAGE_DEADLINE_RULES,
        }
    ),
    Role.AUDITOR: frozenset({AuditPermission.VIEW_TRAIL, AuditPermission.EXPORT_TRAIL}),
}


def _with_domain_grants(
    table: dict[Role, frozenset[Permission]],
) -> dict[Role, frozenset[Permission]]:
    """The foundation's table joined with each later domain's share
    (``domain_grants/<domain>.py``)."""
    import importlib

    from lachan.access.domain_grants import DOMAINS

    merged = dict(table)
    for domain in DOMAINS:
        module = importlib.import_module(f"lachan.access.domain_grants.{domain}")
        for role, granted in module.GRANTS.items():
            merged[role] = merged.get(role, frozenset()) | granted
    return merged


ROLE_PERMISSIONS = _with_domain_grants(ROLE_PERMISSIONS)


def permissions_for(role: str) -> frozenset[Permission]:
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()
