"""Smoke test of the tips generator: rows as the services would leave them (numbers
unique and following the agency-year counter, deadlines from the rules, content
encrypted and readable), one audit event per batch, top-ups that create only the rest."""

from __future__ import annotations

from typing import Any

import pytest

from bench.tips.generate_tips import generate
from lachan.audit.models import AuditEvent
from lachan.tips.deadlines import compute_deadline, load_rules
from lachan.tips.models import Tip, TipPlace, TipRegisterCounter
from lachan.tips.services import facts_of

pytestmark = pytest.mark.django_db


def test_generates_tips_as_the_services_would(make_user: Any) -> None:
    created, total, _seconds = generate(tips=30, batch=20, seed=7)

    assert (created, total) == (30, 30)
    assert Tip.objects.count() == TipPlace.objects.count() == 30
    tips = list(Tip.objects.select_related("receiving_agency"))
    rules = load_rules()

    for tip in tips:
        assert tip.deadline_at == compute_deadline(facts_of(tip), rules)
        assert tip.content.startswith(("Có", "Tôi", "Em", "Trên", "Một", "Co ")), tip.pk
        assert tip.place_province_id == tip.places.get().province_id
    for counter in TipRegisterCounter.objects.all():
        seqs = sorted(
            Tip.objects.filter(
                receiving_agency_id=counter.agency_id, register_year=counter.year
            ).values_list("register_seq", flat=True)
        )
        assert seqs == list(range(1, counter.last_seq + 1))
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "changes")) == [
        ("bench.generate", {"tips": 20, "first": 0, "seed": 7}),
        ("bench.generate", {"tips": 10, "first": 20, "seed": 7}),
    ]

    assert generate(tips=30, batch=20, seed=7)[:2] == (0, 30)
    assert generate(tips=35, batch=20, seed=7)[:2] == (5, 35)
    assert Tip.objects.count() == 35
