"""Writing audit events. ``audit_record`` is called by every service inside the same
transaction as the change it records: if the change rolls back, so does its event."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.audit.chain import event_digest
from lachan.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from lachan.audit.subjects import owning_agency_id
from lachan.core.context import current_interface
from lachan.core.errors import NotFound

if TYPE_CHECKING:
    from lachan.accounts.models import Agency, User
    from lachan.audit.selectors import AuditFilter

Changes = Sequence[str] | Mapping[str, Any]


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # First event ever (or after a test flush): continue from the last stored event.
    last = AuditEvent.objects.order_by("-seq").first()
    head, _ = AuditChainHead.objects.get_or_create(
        pk=1,
        defaults={
            "seq": last.seq if last else 0,
            "hash": last.hash if last else GENESIS_HASH,
        },
    )
    return AuditChainHead.objects.select_for_update().get(pk=head.pk)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: Changes | None = None,
    reason: str = "",
    agency: Agency | None = None,
    subject_agency_id: Any = None,
) -> AuditEvent:
    """Append one event to the chain.

    ``changes`` names the fields that changed (or carries non-personal codes such as a
    status moving from one value to another) — never personal content or secrets.
    ``subject_agency_id`` (the agency the target belongs to) is read off the target
    when not given (``lachan.audit.subjects``).
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        if subject_agency_id is None:
            subject_agency_id = owning_agency_id(target)
    if agency is None and actor is not None and actor.is_authenticated:
        agency = getattr(actor, "agency", None)
    recorded_changes: Any = dict(changes) if isinstance(changes, Mapping) else sorted(changes or [])
    with transaction.atomic():
        head = _lock_head()
        seq = head.seq + 1
        occurred_at = timezone.now()
        actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        username = actor.get_username() if actor is not None and actor_id else ""
        interface = current_interface().value
        digest = event_digest(
            prev_hash=head.hash,
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_username=username,
            agency_id=agency.pk if agency else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            interface=interface,
            changes=recorded_changes,
            reason=reason,
            subject_agency_id=subject_agency_id,
        )
        event = AuditEvent.objects.create(
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_username=username,
            agency=agency,
            action=action,
            object_type=object_type,
            object_id=object_id,
            interface=interface,
            changes=recorded_changes,
            reason=reason,
            subject_agency_id=subject_agency_id,
            prev_hash=head.hash,
            hash=digest,
        )
        AuditChainHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)
    return event


@dataclass(frozen=True)
class AuditExport:
    event: AuditEvent  # the ``audit.export`` event recording this export
    lines: Iterator[str]  # CSV, streamed


def audit_trail_export(*, actor: User, filters: AuditFilter) -> AuditExport:
    """Export the events ``actor`` may read that match ``filters``, as CSV.

    The export is itself an audit event (``audit.export``, the filter in ``changes``)
    written before the first row; the file holds exactly the events that existed then.
    """
    from lachan.access.policies.audit import audit_event_policy
    from lachan.audit.export import csv_lines, header
    from lachan.audit.selectors import audit_event_stream

    if not audit_event_policy.may_export(actor):
        raise NotFound(_("Not found."))
    with transaction.atomic():
        event = audit_record(
            actor=actor,
            action="audit.export",
            object_type="audit.auditevent",
            changes={"format": "csv", "filter": filters.as_record()},
        )
    events = audit_event_stream(actor=actor, filters=filters, up_to_seq=event.seq - 1)
    return AuditExport(event=event, lines=csv_lines(events, columns=header()))
