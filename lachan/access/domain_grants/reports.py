"""What each role may do in the reports domain; merged into ``ROLE_PERMISSIONS``.

Supervisors and analysts already see aggregates (foundation); both produce the period
reports of their agency (or, unattached, of a province or the nation)."""

from __future__ import annotations

from lachan.access.permissions import Permission, ReportsPermission
from lachan.access.roles import Role

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.SUPERVISOR: frozenset({ReportsPermission.PRODUCE_PERIOD_REPORT}),
    # Analysts also export de-identified, k-anonymised partner data (CTDC shape).
    Role.ANALYST: frozenset(
        {ReportsPermission.PRODUCE_PERIOD_REPORT, ReportsPermission.EXPORT_PARTNER_DATA}
    ),
}
