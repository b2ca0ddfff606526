"""Walking the chain: the first event whose link or content does not add up."""

from __future__ import annotations

from dataclasses import dataclass

from lachan.audit.chain import event_digest
from lachan.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    seq: int
    problem: str


def find_first_break(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Return (events checked, first break or None)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    queryset = AuditEvent.objects.order_by("seq")
    for event in queryset.iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return checked, ChainBreak(
                event.pk, event.seq, f"missing event(s) before seq {event.seq}"
            )
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(event.pk, event.seq, "link to previous event broken")
        digest = event_digest(
            prev_hash=event.prev_hash,
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_username=event.actor_username,
            agency_id=event.agency_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            interface=event.interface,
            changes=event.changes,
            reason=event.reason,
            subject_agency_id=event.subject_agency_id,
        )
        if digest != event.hash:
            return checked, ChainBreak(event.pk, event.seq, "content does not match its hash")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return checked, None
