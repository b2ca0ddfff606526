from __future__ import annotations

import pytest

from lachan.cases.models import Case, CaseEvent, Suspect
from lachan.core.demo import DemoContext, run_demo
from lachan.people.models import PersonIdentifier
from lachan.tips.models import Decision, Tip

pytestmark = pytest.mark.django_db(transaction=False)

STEPS = ["lachan.accounts.demo", "lachan.people.demo", "lachan.tips.demo", "lachan.cases.demo"]


def test_demo_cases_are_linked_and_idempotent() -> None:
    run_demo(STEPS)
    cases = Case.objects.count()
    assert cases >= 4
    # the hp tips decided "prosecute" under 12/2026/HS are the sources of that case
    hp = Case.objects.get(number="12/2026/HS", agency__name="Công an thành phố Hải Phòng")
    decided = Tip.objects.filter(decision=Decision.PROSECUTE, case_number="12/2026/HS")
    assert set(hp.source_tips.all()) == set(decided)
    # a case opened from a tip being verified: the tip points back at it
    for tip in Tip.objects.filter(case_id__isnull=False):
        assert Case.objects.get(pk=tip.case_id).source_tips.filter(pk=tip.pk).exists()
    # new suspects share a phone number with the older case's recruiter
    for number in ("03/2025/HS", "05/2025/HS"):
        older = Case.objects.get(number=number)
        phones = set(
            PersonIdentifier.objects.filter(person__suspect_roles__case=older).values_list(
                "value_index", flat=True
            )
        )
        sharing = Suspect.objects.filter(person__identifiers__value_index__in=phones).exclude(
            case=older
        )
        assert sharing.values("person").distinct().count() == 2
    assert CaseEvent.objects.filter(kind="handover", border_gate="nam_can").count() == 1
    # a second run writes nothing
    again = run_demo(STEPS, context=DemoContext())
    assert Case.objects.count() == cases
    assert again.created["cases"] == 0
