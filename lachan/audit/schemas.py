from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from lachan.audit.selectors import MAX_PAGE_SIZE, PAGE_SIZE, AuditFilter


class AuditEventFilterIn(Schema):
    user: str = Field("", description="Exact username of the actor.")
    agency: uuid.UUID | None = Field(None, description="Agency the event was recorded under.")
    action: str = Field("", description='Beginning of the action, e.g. "person.".')
    object_type: str = Field("", description='Model label, e.g. "people.person".')
    object_id: str = ""
    date_from: date | None = Field(None, description="First day (Vietnam time), included.")
    date_to: date | None = Field(None, description="Last day (Vietnam time), included.")
    interface: Literal["web", "api", "task", "command"] | None = None
    before: int | None = Field(None, ge=1, description="Events with a lower seq (next page).")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    def to_filter(self) -> AuditFilter:
        return AuditFilter(
            username=self.user.strip(),
            agency_id=self.agency,
            action_prefix=self.action.strip(),
            object_type=self.object_type.strip(),
            object_id=self.object_id.strip(),
            date_from=self.date_from,
            date_to=self.date_to,
            interface=self.interface or "",
        )


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    actor_username: str
    agency_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: str
    interface: str
    changes: Any
    reason: str
    prev_hash: str
    hash: str


class AuditEventPageOut(Schema):
    items: list[AuditEventOut]
    next_before: int | None = Field(
        description="Pass as `before` to get the next (older) page; null on the last page."
    )
