"""Who may read the audit trail: auditors, for their agency and the agencies below it
(an auditor attached to no agency reads the whole trail). Exporting needs its own
permission."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import AuditPermission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import agency_subtree_ids
from lachan.audit.models import AuditEvent


class AuditEventPolicy(Policy[AuditEvent]):
    model = AuditEvent

    def scope(
        self, actor: Any, queryset: QuerySet[AuditEvent] | None = None
    ) -> QuerySet[AuditEvent]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, AuditPermission.VIEW_TRAIL):
            return queryset.none()
        if actor.agency_id is None:
            return queryset
        # What the agency's people did, and what anyone did to the agency's records.
        subtree = agency_subtree_ids(actor.agency)
        return queryset.filter(Q(agency_id__in=subtree) | Q(subject_agency_id__in=subtree))

    def may_view(self, actor: Any) -> bool:
        return self.has_permission(actor, AuditPermission.VIEW_TRAIL)

    def may_export(self, actor: Any) -> bool:
        return self.may_view(actor) and self.has_permission(actor, AuditPermission.EXPORT_TRAIL)

    def agency_ids(self, actor: Any) -> set[uuid.UUID] | None:
        """The agencies whose events the actor reads (None: every agency), e.g. to
        offer them as a filter."""
        if not self.may_view(actor):
            return set()
        if actor.agency_id is None:
            return None
        return agency_subtree_ids(actor.agency)


audit_event_policy = register(AuditEventPolicy())
