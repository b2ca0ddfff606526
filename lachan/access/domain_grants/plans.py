"""What each role may do in the plans domain; merged into ``ROLE_PERMISSIONS``.

Everyone who works the field reads the plans that concern them; supervisors make them."""

from __future__ import annotations

from lachan.access.permissions import Permission, PlansPermission
from lachan.access.roles import Role

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({PlansPermission.VIEW}),
    Role.SOCIAL_WORKER: frozenset({PlansPermission.VIEW}),
    Role.SUPERVISOR: frozenset({PlansPermission.VIEW, PlansPermission.MANAGE}),
    Role.ANALYST: frozenset({PlansPermission.VIEW}),
}
