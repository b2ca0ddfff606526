"""The tips demo step: about sixty tips through the services, every status, idempotent."""

from __future__ import annotations

from collections import Counter

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.demo import DemoContext, run_demo
from lachan.tips.demo import PROVINCES
from lachan.tips.models import Tip, TipMessage, TipReceipt, TipStatus

pytestmark = pytest.mark.django_db

STEPS = ["lachan.accounts.demo", "lachan.tips.demo"]


def test_demo_tips_cover_every_status_and_are_idempotent() -> None:
    context = run_demo(STEPS)
    expected = sum(len(p.staff) + len(p.public) for p in PROVINCES)
    transfers = sum(1 for p in PROVINCES for s in p.staff if s.state == "transferred")
    assert expected == 60
    assert Tip.objects.count() == expected + transfers  # a transfer opens a new entry
    assert context.created["nguồn tin"] == expected
    statuses = Counter(Tip.objects.values_list("status", flat=True))
    assert set(statuses) == set(TipStatus.values)
    assert statuses[TipStatus.DECIDED] == 11
    assert statuses[TipStatus.TRANSFERRED] == 3
    assert statuses[TipStatus.SUSPENDED] == 3
    public = Tip.objects.filter(channel="web_form")
    assert public.count() == 11
    assert all(t.reporter_anonymous for t in public)
    assert TipReceipt.objects.count() == 11
    assert TipMessage.objects.filter(tip__in=public).count() == 12
    assert Tip.objects.filter(resumed_at__isnull=False, status=TipStatus.VERIFYING).count() == 2
    grouped = Tip.objects.filter(group__isnull=False)
    assert grouped.count() == 2
    assert grouped.values("group").distinct().count() == 1
    # Counters move: some running tips are overdue, some due within three days.
    from django.utils import timezone

    now = timezone.now()
    running = Tip.objects.filter(status__in=["received", "classified", "verifying"])
    assert running.filter(deadline_at__lt=now).count() >= 4
    assert (
        running.filter(
            deadline_at__gte=now, deadline_at__lt=now + timezone.timedelta(days=3)
        ).count()
        >= 3
    )

    tips, events = Tip.objects.count(), AuditEvent.objects.count()
    again = run_demo(STEPS, context=DemoContext())
    assert Tip.objects.count() == tips
    assert AuditEvent.objects.count() == events
    assert again.created["nguồn tin"] == 0
