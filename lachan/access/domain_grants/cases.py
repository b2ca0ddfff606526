"""What each role may do in the cases domain; merged into ``ROLE_PERMISSIONS``.

Police work cases: officers the cases they lead or are on the team of (and see their
own police agency's), supervisors also direct the cases of their agency subtree and
jurisdiction. The record-level rule that only police agencies (provincial police,
commune police, border guard) reach cases lives in ``policies/cases.py``. Social
workers see a case only when assigned to it, and never its evidence log; analysts
count."""

from __future__ import annotations

from lachan.access.permissions import CasesPermission, Permission
from lachan.access.roles import Role

_OFFICER: frozenset[Permission] = frozenset(
    {
        CasesPermission.VIEW,
        CasesPermission.CREATE,
        CasesPermission.CHANGE,
        CasesPermission.VIEW_EVIDENCE,
        CasesPermission.MANAGE_EVIDENCE,
        CasesPermission.MANAGE_COOPERATION,
    }
)

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: _OFFICER,
    Role.SUPERVISOR: _OFFICER | {CasesPermission.DIRECT, CasesPermission.VIEW_NUMBERS},
    Role.SOCIAL_WORKER: frozenset({CasesPermission.VIEW}),
    Role.ANALYST: frozenset({CasesPermission.VIEW_NUMBERS}),
}
