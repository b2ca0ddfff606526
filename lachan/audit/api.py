"""The audit trail over the API, for auditors only: for everyone else the collection
does not exist (404), as on the staff pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from lachan.access.policies.audit import audit_event_policy
from lachan.audit.schemas import AuditEventFilterIn, AuditEventPageOut
from lachan.audit.selectors import audit_event_page
from lachan.core.errors import NotFound, ValidationFailed

router = Router(tags=["audit"])


@router.get("/events", response=AuditEventPageOut, url_name="audit_event_list")
def list_events(request: HttpRequest, query: Query[AuditEventFilterIn]) -> dict[str, Any]:
    """Audit events, newest first, keyset-paginated by `seq`."""
    actor = request.auth  # type: ignore[attr-defined]
    if not audit_event_policy.may_view(actor):
        raise NotFound(_("Not found."))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationFailed(
            _("The end date is before the start date."),
            fields={"date_to": [_("The end date is before the start date.")]},
        )
    page = audit_event_page(
        actor=actor, filters=query.to_filter(), before=query.before, limit=query.limit
    )
    return {"items": page.events, "next_before": page.older_before}
