"""The prevention and plans demo steps: a year of activities imported per agency, a
community model, this year's plans from the templates; a second run adds nothing."""

from __future__ import annotations

from typing import Any

from lachan.audit.models import AuditEvent
from lachan.core.demo import run_demo
from lachan.plans.models import Plan
from lachan.prevention.models import Activity, CommunityModel

STEPS = ["lachan.accounts.demo", "lachan.prevention.demo", "lachan.plans.demo"]


def test_demo_is_complete_and_idempotent(db: Any) -> None:
    run_demo(STEPS)
    assert Activity.objects.count() == 36 + 30 + 40 + 34
    assert set(Activity.objects.values_list("province__code", flat=True)) == {"31", "40", "92"}
    assert AuditEvent.objects.filter(action="prevention.activity_import").count() == 4
    assert Activity.objects.filter(kind="border_meeting").exists()
    model = CommunityModel.objects.get(replicated_from__isnull=True)
    assert (model.people_reached, model.reviews.count(), model.replicas.count()) == (510, 1, 1)
    assert sorted(Plan.objects.values_list("template_key", flat=True)) == [
        "annual",
        "annual",
        "annual",
        "campaign_30_7",
    ]
    before = (Activity.objects.count(), CommunityModel.objects.count(), Plan.objects.count())
    run_demo(STEPS)
    assert (
        Activity.objects.count(),
        CommunityModel.objects.count(),
        Plan.objects.count(),
    ) == before
