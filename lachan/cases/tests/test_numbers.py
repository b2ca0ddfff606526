"""``case_numbers`` against a hand-counted fixture (see the table in ``world``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from lachan.cases import services
from lachan.cases.selectors import case_numbers, case_numbers_for
from lachan.cases.tests.helpers import make_person, open_case
from lachan.core.errors import NotFound, ValidationFailed
from lachan.core.testing.factories import commune_of

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
D = dt.date


@pytest.fixture
def world(
    make_user: Any,
    officer: Any,
    na_officer: Any,
    border_officer: Any,
    hp_commune_police: Any,
) -> dict[str, Any]:
    """case  agency          offence  prosecuted   solved       now
    A     HP city police  art150   10/01/2026   01/02/2026   transferred
    B     HP city police  art151   15/02/2026   05/07/2026   solved (after the period)
    C     HP commune      art150   01/03/2026   —            suspended
    D     HP city police  art348   20/12/2025   15/01/2026   solved (prosecuted before)
    E     NA police       art150   05/03/2026   20/03/2026   solved
    F     HP city police  art150   30/06/2026   30/06/2026   solved (both on the last day)
    In the period: prosecuted A B C E F = 5, solved A E F = 3 → 0.6000."""
    from lachan.access.roles import Role

    commune_officer = make_user(role=Role.OFFICER, agency=hp_commune_police)

    def case(actor: Any, offence: str, prosecuted: dt.date, *moves: tuple[str, dt.date]) -> Any:
        c = open_case(actor, offence=offence, prosecution_date=prosecuted)
        for action, on in moves:
            c = services.case_transition(actor=actor, case=c, action=action, on=on)
        return c

    a = case(
        officer, "art150", D(2026, 1, 10), ("solve", D(2026, 2, 1)), ("transfer", D(2026, 2, 10))
    )
    b = case(officer, "art151", D(2026, 2, 15), ("solve", D(2026, 7, 5)))
    c = case(commune_officer, "art150", D(2026, 3, 1), ("suspend", D(2026, 4, 1)))
    d = case(officer, "art348", D(2025, 12, 20), ("solve", D(2026, 1, 15)))
    e = case(na_officer, "art150", D(2026, 3, 5), ("solve", D(2026, 3, 20)))
    case(officer, "art150", D(2026, 6, 30), ("solve", D(2026, 6, 30)))
    # suspects: A two (one arrested in the period, one after), C one foreign, D one arrested
    a1 = services.suspect_add(
        actor=officer, case=a, person=make_person(officer, "A Một"), role="recruiter"
    )
    a2 = services.suspect_add(
        actor=officer, case=a, person=make_person(officer, "A Hai"), role="broker"
    )
    services.arrest_record(actor=officer, suspect=a1, kind="arrest", on=D(2026, 1, 20))
    services.arrest_record(actor=officer, suspect=a2, kind="arrest", on=D(2026, 8, 1))
    services.suspect_add(
        actor=commune_officer,
        case=c,
        person=make_person(commune_officer, "Li Qiang"),
        role="buyer",
        nationality="CN",
    )
    d1 = services.suspect_add(
        actor=officer, case=d, person=make_person(officer, "D Một"), role="recruiter"
    )
    services.arrest_record(actor=officer, suspect=d1, kind="detention", on=D(2026, 1, 2))
    # events: A rescue 3 + hand-over 2; D hand-over 4 (in the period); E rescue 5 (after)
    services.case_event_record(
        actor=officer,
        case=a,
        kind="rescue",
        on=D(2026, 1, 25),
        persons_count=3,
        by_text="Công an Hà Khẩu",
        country="CN",
    )
    services.case_event_record(
        actor=officer,
        case=a,
        kind="handover",
        on=D(2026, 3, 1),
        persons_count=2,
        border_gate_code="mong_cai",
        foreign_authority="Công an Đông Hưng",
    )
    services.case_event_record(
        actor=officer,
        case=d,
        kind="handover",
        on=D(2026, 2, 1),
        persons_count=4,
        border_gate_code="lao_cai",
        foreign_authority="Công an Hà Khẩu",
    )
    services.case_event_record(
        actor=na_officer,
        case=e,
        kind="rescue",
        on=D(2026, 7, 10),
        persons_count=5,
        by_text="Biên phòng",
        admin_unit=commune_of("40"),
    )
    # cooperation: HP two in the period and one after; NA border guard one in the period
    for on in (D(2026, 2, 1), D(2026, 5, 1), D(2026, 9, 1)):
        services.cooperation_record(
            actor=officer,
            kind="liaison_meeting",
            on=on,
            counterpart_country="CN",
            counterpart_agency="Công an Đông Hưng",
            subject="Giao ban",
            border_gate_code="mong_cai",
        )
    services.cooperation_record(
        actor=border_officer,
        kind="border_meeting",
        on=D(2026, 3, 3),
        counterpart_country="LA",
        counterpart_agency="Đồn Nặm Cắn (Lào)",
        subject="Gặp gỡ",
        border_gate_code="nam_can",
    )
    return {"a": a, "b": b, "c": c, "e": e}


def test_whole_country(world: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(6):
        n = case_numbers(agency_ids=None, admin_unit_code=None, start=START, end=END)
    assert (n.prosecuted, n.solved, n.solved_rate) == (5, 3, Decimal("0.6000"))
    assert n.by_offence == {"art150": 4, "art151": 1}
    assert n.by_status == {"solved": 3, "suspended": 1, "transferred": 1}
    assert (n.suspects, n.arrested, n.foreign_suspects) == (3, 1, 1)
    assert (n.rescued_persons, n.handed_over_persons) == (3, 6)
    assert (n.rescue_events, n.handover_events) == (1, 2)
    assert n.cooperation_activities == 3


def test_by_province_commune_and_agency(
    world: dict[str, Any], hp_commune_police: Any, na_police: Any
) -> None:
    hp = case_numbers(agency_ids=None, admin_unit_code="31", start=START, end=END)
    assert (hp.prosecuted, hp.solved, hp.solved_rate) == (4, 2, Decimal("0.5000"))
    assert hp.cooperation_activities == 2
    commune = case_numbers(
        agency_ids=None, admin_unit_code=hp_commune_police.admin_unit.code, start=START, end=END
    )
    assert (commune.prosecuted, commune.solved, commune.solved_rate) == (1, 0, Decimal("0.0000"))
    na = case_numbers(agency_ids=[na_police.pk], admin_unit_code=None, start=START, end=END)
    assert (na.prosecuted, na.solved, na.solved_rate, na.rescued_persons) == (
        1,
        1,
        Decimal("1.0000"),
        0,
    )
    # the rescue of E falls after the period; a later period counts it
    later = case_numbers(
        agency_ids=[na_police.pk], admin_unit_code=None, start=D(2026, 7, 1), end=D(2026, 12, 31)
    )
    assert (later.prosecuted, later.solved_rate, later.rescued_persons) == (0, None, 5)


def test_rate_counts_solved_by_the_end_of_the_period(world: dict[str, Any]) -> None:
    # B was solved on 05/07: counted when the period runs to the end of the year
    year = case_numbers(agency_ids=None, admin_unit_code="31", start=START, end=D(2026, 12, 31))
    assert (year.prosecuted, year.solved, year.solved_rate) == (4, 3, Decimal("0.7500"))


def test_bad_input(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed):
        case_numbers(agency_ids=None, admin_unit_code="99999", start=START, end=END)
    with pytest.raises(ValidationFailed):
        case_numbers(agency_ids=None, admin_unit_code=None, start=END, end=START)


def test_numbers_for_an_actor_stay_in_their_reach(
    world: dict[str, Any], analyst: Any, social_worker: Any, officer: Any
) -> None:
    n = case_numbers_for(actor=analyst, agency_ids=None, admin_unit_code=None, start=START, end=END)
    assert (n.prosecuted, n.solved, n.cooperation_activities) == (4, 2, 2)  # Hải Phòng only
    for actor in (social_worker, officer):
        with pytest.raises(NotFound):
            case_numbers_for(
                actor=actor, agency_ids=None, admin_unit_code=None, start=START, end=END
            )
