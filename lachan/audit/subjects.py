"""Which agency a record belongs to, for the audit trail.

An auditor reads the events of their agency's subtree. "Their agency's events" must
mean both what their people did and what was done to their records: a supervisor of
another province who opens a Hải Phòng victim's file by break-glass acts from Nghệ An,
yet Hải Phòng's auditor is the one who must see it. So each event also names the
agency that owns its target, read off the record here.
"""

from __future__ import annotations

from typing import Any

from django.db import models

# The attributes that name a record's owning agency, in order of precedence: a victim
# record has both a receiving and an owning agency, and the owner is the one that
# answers for it; a tip belongs to the agency that received it; a case, an evidence
# item or a user to ``agency``; a prevention activity to its organiser.
OWNER_ATTRIBUTES = ("owner_agency_id", "receiving_agency_id", "agency_id", "organiser_id")


def owning_agency_id(target: models.Model) -> Any:
    """The owning agency's id, or None for records that belong to no agency."""
    from lachan.accounts.models import Agency

    if isinstance(target, Agency):
        return target.pk
    for attribute in OWNER_ATTRIBUTES:
        value = getattr(target, attribute, None)
        if value is not None:
            return value
    return None
