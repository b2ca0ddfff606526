"""What each role may do in the prevention domain; merged into ``ROLE_PERMISSIONS``.

Activities hold no personal data: whoever works counter-trafficking cases records and
sees them; supervisors also correct those of the agencies below theirs; analysts count."""

from __future__ import annotations

from lachan.access.permissions import Permission, PreventionPermission
from lachan.access.roles import Role

_RECORD: frozenset[Permission] = frozenset({PreventionPermission.VIEW, PreventionPermission.RECORD})

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: _RECORD,
    Role.SOCIAL_WORKER: _RECORD,
    Role.SUPERVISOR: _RECORD
    | {PreventionPermission.RECORD_SUBTREE, PreventionPermission.VIEW_NUMBERS},
    Role.ANALYST: frozenset({PreventionPermission.VIEW_NUMBERS}),
}
