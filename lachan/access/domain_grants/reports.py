"""What each role may do in the reports domain; merged into ``ROLE_PERMISSIONS``."""

from __future__ import annotations

from lachan.access.permissions import Permission
from lachan.access.roles import Role

GRANTS: dict[Role, frozenset[Permission]] = {}
