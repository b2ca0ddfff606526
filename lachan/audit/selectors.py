"""Reading the audit trail, always through ``AuditEventPolicy``: filters shared by the
auditor pages, the CSV export and the API, and keyset pagination by ``seq`` (newest
first) so that page 1,000 costs what page 1 costs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lachan.access.policies.audit import audit_event_policy
from lachan.audit.models import AuditEvent

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilter:
    username: str = ""
    agency_id: uuid.UUID | None = None
    action_prefix: str = ""  # "person." matches "person.create", "person.view", …
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None  # calendar days in Vietnam, both ends included
    date_to: date | None = None
    interface: str = ""

    def as_record(self) -> dict[str, str]:
        """The filter as it is kept in the ``audit.export`` event: only what was set,
        as plain strings (ids, codes and dates — no personal content)."""
        values: dict[str, Any] = {
            "username": self.username,
            "agency": self.agency_id,
            "action": self.action_prefix,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "interface": self.interface,
        }
        return {key: str(value) for key, value in values.items() if value}


def local_day_start(day: date) -> datetime:
    """Midnight of ``day`` in Vietnam (the project's time zone), as an aware datetime;
    the database compares it in UTC."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def normalise_object_id(value: str) -> str:
    value = value.strip()
    try:
        return str(uuid.UUID(value))  # stored lower-case with dashes
    except ValueError:
        return value


def audit_event_queryset(*, actor: Any, filters: AuditFilter) -> QuerySet[AuditEvent]:
    queryset = audit_event_policy.scope(actor).select_related("agency")
    if filters.username:
        queryset = queryset.filter(actor_username=filters.username)
    if filters.agency_id:
        queryset = queryset.filter(agency_id=filters.agency_id)
    if filters.action_prefix:
        queryset = queryset.filter(action__startswith=filters.action_prefix)
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type)
    if filters.object_id:
        queryset = queryset.filter(object_id=normalise_object_id(filters.object_id))
    if filters.date_from:
        queryset = queryset.filter(occurred_at__gte=local_day_start(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + timedelta(days=1)
        queryset = queryset.filter(occurred_at__lt=local_day_start(next_day))
    if filters.interface:
        queryset = queryset.filter(interface=filters.interface)
    return queryset.order_by("-seq")


@dataclass
class AuditPage:
    events: list[AuditEvent] = field(default_factory=list)
    newer_after: int | None = None  # pass as ``after`` to see the newer page
    older_before: int | None = None  # pass as ``before`` to see the older page


def audit_event_page(
    *,
    actor: Any,
    filters: AuditFilter,
    before: int | None = None,
    after: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """One page, newest first: events below ``before``, or the page just above
    ``after`` (going back towards the newest), or the newest events."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    queryset = audit_event_queryset(actor=actor, filters=filters)
    if after is not None:
        events = list(reversed(queryset.filter(seq__gt=after).order_by("seq")[:limit]))
    elif before is not None:
        events = list(queryset.filter(seq__lt=before)[:limit])
    else:
        events = list(queryset[:limit])
    if not events:
        return AuditPage()
    newest, oldest = events[0].seq, events[-1].seq
    return AuditPage(
        events=events,
        newer_after=newest if queryset.filter(seq__gt=newest).exists() else None,
        older_before=oldest if queryset.filter(seq__lt=oldest).exists() else None,
    )


def audit_event_stream(
    *, actor: Any, filters: AuditFilter, up_to_seq: int | None = None, chunk_size: int = 2000
) -> Iterator[AuditEvent]:
    """Every matching event, newest first, read in chunks (for exports)."""
    queryset = audit_event_queryset(actor=actor, filters=filters)
    if up_to_seq is not None:
        queryset = queryset.filter(seq__lte=up_to_seq)
    return queryset.iterator(chunk_size=chunk_size)
