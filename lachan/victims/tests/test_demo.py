"""The victims demo step: through the services, idempotent, the story as told."""

from __future__ import annotations

from collections import Counter

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.demo import run_demo
from lachan.victims.models import Referral, SupportEntry, VictimRecord

pytestmark = pytest.mark.django_db

STEPS = ["lachan.accounts.demo", "lachan.victims.demo"]


def test_demo_tells_the_story_and_is_idempotent() -> None:
    context = run_demo(STEPS)
    records = VictimRecord.objects.select_related("receiving_agency", "owner_agency")
    assert Counter((r.channel, r.status) for r in records) == {
        ("self_returned", "victim"): 1,
        ("handed_over", "signal"): 2,
    }
    xuan = records.get(channel="self_returned")
    assert (xuan.receiving_agency.name, xuan.owner_agency.name) == (
        "UBND xã Nậm Cắn",
        "Trung tâm Công tác xã hội tỉnh Nghệ An",
    )
    assert xuan.verified_at is not None and xuan.verified_at <= xuan.verification_due_at
    assert sorted(SupportEntry.objects.values_list("measure", flat=True)) == ["a", "b", "e", "k"]
    assert Referral.objects.get().status == "accepted"
    assert VictimRecord.objects.filter(channel="handed_over", is_child=True).count() == 1
    assert any("Lương Thị Xuân" in line for line in context.output)
    events = AuditEvent.objects.count()
    run_demo(STEPS)
    assert VictimRecord.objects.count() == 3 and AuditEvent.objects.count() == events
