"""What each role may do in the networks domain; merged into ``ROLE_PERMISSIONS``.

Networks are police work: officers and supervisors draw them (and see only the records
their people, tips and cases reach allows) and track them. Social workers, intake
operators and analysts do not draw networks."""

from __future__ import annotations

from lachan.access.permissions import NetworksPermission, Permission
from lachan.access.roles import Role

_NETWORKS: frozenset[Permission] = frozenset({NetworksPermission.VIEW, NetworksPermission.MANAGE})

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: _NETWORKS,
    Role.SUPERVISOR: _NETWORKS,
}
