"""How an audit event's hash is computed. One function, used by the writer and by
``audit_verify``, so the two can never disagree."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any


def event_digest(
    *,
    prev_hash: str,
    seq: int,
    occurred_at: datetime,
    actor_id: Any,
    actor_username: str,
    agency_id: Any,
    action: str,
    object_type: str,
    object_id: str,
    interface: str,
    changes: Any,
    reason: str,
    subject_agency_id: Any = None,
) -> str:
    content: dict[str, Any] = {
        "seq": seq,
        "at": occurred_at.isoformat(timespec="microseconds"),
        "actor": str(actor_id) if actor_id else "",
        "username": actor_username,
        "agency": str(agency_id) if agency_id else "",
        "action": action,
        "type": object_type,
        "id": object_id,
        "via": interface,
        "changes": changes,
        "reason": reason,
    }
    if subject_agency_id:  # hashed only when set: events written before it keep their hash
        content["subject"] = str(subject_agency_id)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()
