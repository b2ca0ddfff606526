"""The facts of a file that its entitlement depends on (kept apart from the pure
function in ``entitlements.py``, which knows no models)."""

from __future__ import annotations

from lachan.victims.entitlements import EntitlementFacts, citizenship_of
from lachan.victims.models import VictimRecord


def entitlement_facts(record: VictimRecord) -> EntitlementFacts:
    """Needs ``record.person`` (select it with the record)."""
    return EntitlementFacts(
        status=record.status,
        citizenship=citizenship_of(record.person.nationality),
        location=record.location,
        trafficked_in_vietnam=record.exploitation_country == "VN",
        accompanying_minors=record.accompanying_minors,
    )
