"""``victim_numbers``: hand-counted fixtures, distinct persons, never identities."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lachan.core.errors import NotFound
from lachan.core.testing.factories import commune_of, unit
from lachan.victims import services
from lachan.victims.selectors import (
    SupportFigure,
    VictimNumbers,
    age_band,
    victim_numbers,
    victim_numbers_for,
)
from lachan.victims.tests.helpers import identified, receive


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-8"),
        (8, "0-8"),
        (9, "9-17"),
        (17, "9-17"),
        (18, "18-20"),
        (23, "21-23"),
        (26, "24-26"),
        (29, "27-29"),
        (30, "30-38"),
        (47, "39-47"),
        (48, "48+"),
        (90, "48+"),
        (None, "unknown"),
    ],
)
def test_ctdc_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


@pytest.fixture
def world(
    canboxa: Any, ctxh: Any, na_social: Any, na_commune: Any, hp_worker: Any, social_supervisor: Any
) -> dict[str, Any]:
    now = timezone.now()
    today = timezone.localdate()
    hoa = receive(
        canboxa,
        na_social,
        received_at=now - dt.timedelta(days=5),
        exploitation=services.Exploitation(
            exploitation_type="forced_marriage", exploitation_country="LA"
        ),
    )
    identified(hoa, ctxh)
    services.support_record(
        actor=ctxh, record=hoa, measure="e", delivered_on=today, amount_vnd=350_000
    )
    services.support_record(
        actor=ctxh, record=hoa, measure="a", delivered_on=today, amount_vnd=500_000
    )
    services.support_record(
        actor=ctxh, record=hoa, measure="k", delivered_on=today, amount_vnd=3_000_000
    )
    services.support_record(  # outside nothing: a–k for a victim; "b" without money
        actor=ctxh, record=hoa, measure="b", delivered_on=today
    )
    services.visit_record(
        actor=ctxh, record=hoa, visited_on=today, outcomes=["employed", "married"]
    )
    # The same woman, re-trafficked to Thailand: a second episode, the same person.
    receive(
        canboxa,
        na_social,
        person=hoa.person,
        channel="rescued",
        received_at=now - dt.timedelta(days=2),
        exploitation=services.Exploitation(exploitation_type="sexual", exploitation_country="TH"),
    )
    services.handover_record(
        actor=canboxa,
        border_gate_code="nam_can",
        handed_over_at=now - dt.timedelta(days=3),
        foreign_authority="Công an tỉnh Xiêng Khoảng",
        foreign_country="CN",
        document_number="BB-1",
        reception_unit=commune_of("40"),
        owner_agency=na_social,
        persons=[
            services.HandoverPerson(
                new_person=services.NewPerson(
                    full_name="Vi Thị Nga", sex="female", birth_year=today.year - 14
                )
            )
        ],
    )
    pending = receive(
        canboxa,
        na_social,
        channel="reported_by_family",
        received_at=now - dt.timedelta(days=1),
        new_person=services.NewPerson(
            full_name="Lương Văn Pó", sex="male", birth_date=dt.date(today.year - 46, 1, 1)
        ),
        exploitation=services.Exploitation(
            exploitation_type="forced_labour", exploitation_country="KH"
        ),
    )
    services.victim_verify(actor=ctxh, record=pending)
    outside = services.support_record(  # "i" is outside a–g while being identified
        actor=ctxh, record=pending, measure="i", delivered_on=today
    )
    # Long ago: outside the period.
    receive(canboxa, na_social, received_at=now - dt.timedelta(days=400))
    # Another province, another agency.
    receive(
        hp_worker,
        reception_unit=commune_of("31"),
        new_person=services.NewPerson(full_name="Trần Thị Mai", sex="female"),
    )
    return {"agencies": [na_commune.pk, na_social.pk], "today": today, "outside": outside}


def expected() -> VictimNumbers:
    return VictimNumbers(
        received=3,
        received_by_channel={
            "rescued": 1,
            "handed_over": 1,
            "self_returned": 1,
            "reported_by_family": 1,
        },
        identified_as_victims=1,
        children=1,
        by_sex={"female": 2, "male": 1},
        by_age_band={
            "0-8": 0,
            "9-17": 1,
            "18-20": 0,
            "21-23": 0,
            "24-26": 0,
            "27-29": 1,
            "30-38": 0,
            "39-47": 1,
            "48+": 0,
        },
        by_country_of_exploitation={"CN": 1, "KH": 1, "LA": 1, "TH": 1},
        by_exploitation_type={
            "forced_labour": 1,
            "forced_marriage": 1,
            "sexual": 1,
            "unknown": 1,
        },
        support_by_measure={
            "a": SupportFigure(1, 500_000),
            "b": SupportFigure(1, 0),
            "e": SupportFigure(1, 350_000),
            "k": SupportFigure(1, 3_000_000),
        },
        supported=1,
        reintegration_outcomes={"employed": 1, "married": 1},
    )


def test_hand_counted_numbers(world: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    today = world["today"]
    with django_assert_max_num_queries(12):
        numbers = victim_numbers(
            agency_ids=world["agencies"],
            admin_unit_code="40",
            start=today - dt.timedelta(days=30),
            end=today,
        )
    assert numbers == expected()
    # Counts only: nothing in the result names or identifies anyone.
    assert "Hoa" not in repr(dataclasses.asdict(numbers))


def test_place_and_agency_filters(world: dict[str, Any], social_supervisor: Any, ctxh: Any) -> None:
    today = world["today"]
    start = today - dt.timedelta(days=30)
    everywhere = victim_numbers(agency_ids=None, admin_unit_code=None, start=start, end=today)
    assert everywhere.received == 4 and everywhere.by_sex == {"female": 3, "male": 1}
    commune = victim_numbers(
        agency_ids=None, admin_unit_code=commune_of("40").code, start=start, end=today
    )
    assert commune.received == 3
    assert victim_numbers(agency_ids=[], admin_unit_code=None, start=start, end=today).received == 0
    # An approved measure outside the entitlement then counts.
    outside = world["outside"]
    services.support_decide(
        actor=social_supervisor,
        record=outside.record,
        entry_id=outside.pk,
        approve=True,
        reason="Học nghề sớm",
    )
    numbers = victim_numbers(agency_ids=None, admin_unit_code="40", start=start, end=today)
    assert numbers.support_by_measure["i"] == SupportFigure(1, 0) and numbers.supported == 2
    # Through the policy: the supervisor counts their subtree; a social worker may not.
    assert (
        victim_numbers_for(actor=social_supervisor, admin_unit_code=None, start=start, end=today)
        == numbers
    )
    with pytest.raises(NotFound):
        victim_numbers_for(actor=ctxh, admin_unit_code=None, start=start, end=today)
    assert unit("40").code == "40"
