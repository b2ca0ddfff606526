"""What each role may do in the linkage domain; merged into ``ROLE_PERMISSIONS``.

Reviewing pairs is casework (officers, social workers, supervisors: each within their
reach); merging and unmerging changes how the rest of the system counts people, so it
is for officers and supervisors; starting a full re-link is for supervisors."""

from __future__ import annotations

from lachan.access.permissions import LinkagePermission, Permission
from lachan.access.roles import Role

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({LinkagePermission.REVIEW, LinkagePermission.MERGE}),
    Role.SOCIAL_WORKER: frozenset({LinkagePermission.REVIEW}),
    Role.SUPERVISOR: frozenset(
        {LinkagePermission.REVIEW, LinkagePermission.MERGE, LinkagePermission.RUN}
    ),
}
