"""What each role may do in the victims domain; merged into ``ROLE_PERMISSIONS``.

Social workers run victim files (reception to reintegration); officers (police, border
guard, commune officers) record receptions, identify and refer, but deliver no support;
supervisors also approve measures outside the entitlement and count; analysts only
count. Record-level limits (managing agency, consent) are in ``policies/victims.py``."""

from __future__ import annotations

from lachan.access.permissions import Permission, VictimsPermission
from lachan.access.roles import Role

_CASEWORK: frozenset[Permission] = frozenset(
    {
        VictimsPermission.VIEW,
        VictimsPermission.VIEW_IDENTITY,
        VictimsPermission.CREATE,
        VictimsPermission.CHANGE,
        VictimsPermission.IDENTIFY,
        VictimsPermission.MANAGE_CONSENT,
        VictimsPermission.REFER,
    }
)

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: _CASEWORK,
    Role.SOCIAL_WORKER: _CASEWORK | {VictimsPermission.RECORD_SUPPORT},
    Role.SUPERVISOR: _CASEWORK
    | {
        VictimsPermission.RECORD_SUPPORT,
        VictimsPermission.APPROVE_SUPPORT,
        VictimsPermission.VIEW_NUMBERS,
    },
    Role.ANALYST: frozenset({VictimsPermission.VIEW_NUMBERS}),
}
