"""Every built-in measure against hand-counted fixtures (one test each), through the
same path the plan page uses (``MEASURES[key].compute``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from lachan.access.permissions import CasesPermission, VictimsPermission
from lachan.core.testing.factories import commune_of, unit
from lachan.plans.measures import MEASURES, Context, Scope, Value, ValueState
from lachan.plans.tests.helpers import fake_selector_module, tip_in_state, with_permissions
from lachan.prevention import services as prevention
from lachan.prevention.tests.helpers import record

YEAR = Scope(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


def compute(key: str, actor: Any, scope: Scope = YEAR) -> Value:
    return MEASURES[key].compute(Context(actor=actor), scope)


@pytest.fixture
def tips(hp_operator: Any, na_supervisor: Any) -> None:
    """In Hải Phòng, 2025: 4 received, 3 classified, 2 resolved. Not counted: one
    received in 2024, one in Nghệ An (another reach)."""
    tip_in_state(hp_operator, dt.date(2025, 2, 1), classified=dt.date(2025, 2, 2))
    tip_in_state(
        hp_operator,
        dt.date(2025, 3, 1),
        classified=dt.date(2025, 3, 1),
        resolved=dt.date(2025, 3, 9),
    )
    tip_in_state(
        hp_operator,
        dt.date(2025, 6, 1),
        classified=dt.date(2025, 6, 3),
        resolved=dt.date(2025, 7, 1),
    )
    tip_in_state(hp_operator, dt.date(2025, 11, 20))
    tip_in_state(hp_operator, dt.date(2024, 12, 30), classified=dt.date(2024, 12, 31))
    na_operator = type(na_supervisor).objects.get(pk=na_supervisor.pk)  # a tip user in Nghệ An
    tip_in_state(na_operator, dt.date(2025, 5, 5), classified=dt.date(2025, 5, 6), province="40")


def test_tips_classified_rate(tips: None, hp_supervisor: Any) -> None:
    value = compute("tips.classified_rate", hp_supervisor)
    assert (value.value, value.numerator, value.denominator) == (Decimal("75.0"), 3, 4)


def test_tips_resolved_rate(tips: None, hp_supervisor: Any) -> None:
    value = compute("tips.resolved_rate", hp_supervisor)
    assert (value.value, value.numerator, value.denominator) == (Decimal("50.0"), 2, 4)
    # As of the end of June only the March tip was resolved (3 received by then).
    june = compute(
        "tips.resolved_rate", hp_supervisor, Scope(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    )
    assert (june.value, june.numerator, june.denominator) == (Decimal("33.3"), 1, 3)


def test_tips_rate_needs_the_tips_numbers_permission(tips: None, hp_officer: Any) -> None:
    assert compute("tips.resolved_rate", hp_officer).state == ValueState.FORBIDDEN


def test_tips_rate_with_nothing_received(hp_supervisor: Any) -> None:
    value = compute("tips.classified_rate", hp_supervisor)
    assert (value.value, value.state, value.denominator) == (None, ValueState.EMPTY, 0)


def test_cases_solved_rate(monkeypatch: Any, hp_supervisor: Any) -> None:
    with_permissions(monkeypatch, CasesPermission.VIEW_NUMBERS)
    calls = fake_selector_module(
        monkeypatch,
        "lachan.cases.selectors",
        "case_numbers",
        {"prosecuted": 12, "solved": 11, "solved_rate": 11 / 12, "cooperation_activities": 3},
    )
    value = compute("cases.solved_rate", hp_supervisor)
    assert (value.value, value.numerator, value.denominator) == (Decimal("91.7"), 11, 12)
    # Counted within the supervisor's jurisdiction (no place filter: Hải Phòng).
    assert calls == [
        {
            "agency_ids": None,
            "admin_unit_code": "31",
            "start": dt.date(2025, 1, 1),
            "end": dt.date(2025, 12, 31),
        }
    ]


def test_victims_supported_rate(monkeypatch: Any, hp_supervisor: Any, hp_agency: Any) -> None:
    with_permissions(monkeypatch, VictimsPermission.VIEW_NUMBERS)
    calls = fake_selector_module(
        monkeypatch,
        "lachan.victims.selectors",
        "victim_numbers",
        # per-category counts add up: 5 + 3 identified
        {"identified": {"female": 5, "male": 3}, "supported": 6},
    )
    scope = Scope(
        dt.date(2025, 1, 1), dt.date(2025, 12, 31), agency=hp_agency, place=commune_of("31")
    )
    value = compute("victims.supported_rate", hp_supervisor, scope)
    assert (value.value, value.numerator, value.denominator) == (Decimal("75.0"), 6, 8)
    assert calls[0]["agency_ids"] == [hp_agency.pk]
    assert calls[0]["admin_unit_code"] == commune_of("31").code


def test_cases_and_victims_not_built_yet_are_not_zero(monkeypatch: Any, hp_supervisor: Any) -> None:
    import sys

    with_permissions(monkeypatch, CasesPermission.VIEW_NUMBERS, VictimsPermission.VIEW_NUMBERS)
    monkeypatch.setitem(sys.modules, "lachan.cases.selectors", None)  # import fails
    monkeypatch.setitem(sys.modules, "lachan.victims.selectors", None)
    for key in ("cases.solved_rate", "victims.supported_rate"):
        value = compute(key, hp_supervisor)
        assert (value.value, value.state) == (None, ValueState.UNAVAILABLE)


def test_other_province_is_out_of_reach(monkeypatch: Any, hp_supervisor: Any) -> None:
    with_permissions(monkeypatch, CasesPermission.VIEW_NUMBERS)
    calls = fake_selector_module(
        monkeypatch, "lachan.cases.selectors", "case_numbers", {"prosecuted": 1, "solved": 1}
    )
    scope = Scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31), place=unit("40"))
    assert compute("cases.solved_rate", hp_supervisor, scope).state == ValueState.FORBIDDEN
    assert compute("prevention.attendees", hp_supervisor, scope).state == ValueState.FORBIDDEN
    assert calls == []


@pytest.fixture
def activities(hp_commune_officer: Any, na_officer: Any) -> None:
    """Hải Phòng 2025: awareness 2+3 sessions / 120+200 attendees, one media item
    (1 session, 5000 attendees), two training courses, one border meeting; not counted:
    an awareness session of 2024 and one in Nghệ An."""
    record(hp_commune_officer, sessions=2, attendees=120)
    record(hp_commune_officer, sessions=3, attendees=200, start_date=dt.date(2025, 8, 1))
    record(hp_commune_officer, kind="media", format="loudspeaker", sessions=1, attendees=5000)
    record(hp_commune_officer, kind="training", sessions=2, attendees=30)
    record(hp_commune_officer, kind="training", sessions=1, attendees=25)
    record(hp_commune_officer, kind="border_meeting", sessions=1, attendees=12)
    record(hp_commune_officer, sessions=9, attendees=900, start_date=dt.date(2024, 12, 31))
    record(na_officer, sessions=7, attendees=700, admin_unit=commune_of("40"))
    prevention.community_model_create(
        actor=hp_commune_officer,
        name="Tổ tự quản phòng, chống mua bán người",
        admin_unit=commune_of("31"),
        started_on=dt.date(2024, 4, 1),
        people_reached=300,
    )


def test_awareness_sessions(activities: None, hp_supervisor: Any) -> None:
    assert compute("prevention.awareness_sessions", hp_supervisor).value == Decimal(5)
    media = Scope(YEAR.start, YEAR.end, kinds=("awareness", "media"))
    assert compute("prevention.awareness_sessions", hp_supervisor, media).value == Decimal(6)


def test_attendees(activities: None, hp_supervisor: Any) -> None:
    assert compute("prevention.attendees", hp_supervisor).value == Decimal(320)
    first_half = Scope(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert compute("prevention.attendees", hp_supervisor, first_half).value == Decimal(120)


def test_training_courses(activities: None, hp_supervisor: Any) -> None:
    assert compute("prevention.training_courses", hp_supervisor).value == Decimal(2)


def test_border_meetings(activities: None, hp_supervisor: Any) -> None:
    assert compute("prevention.border_meetings", hp_supervisor).value == Decimal(1)


def test_activities(activities: None, hp_supervisor: Any, hp_committee: Any) -> None:
    assert compute("prevention.activities", hp_supervisor).value == Decimal(6)
    by_agency = Scope(YEAR.start, YEAR.end, agency=hp_committee, kinds=("training",))
    assert compute("prevention.activities", hp_supervisor, by_agency).value == Decimal(2)


def test_models_active(activities: None, hp_supervisor: Any) -> None:
    assert compute("prevention.models_active", hp_supervisor).value == Decimal(1)
    before = Scope(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert compute("prevention.models_active", hp_supervisor, before).value == Decimal(0)


def test_analyst_counts_nationally(activities: None, make_user: Any) -> None:
    from lachan.access.roles import Role

    national = make_user(role="analyst", agency=None)
    assert national.role == Role.ANALYST
    assert compute("prevention.attendees", national).value == Decimal(1020)


def test_prevention_numbers_selector(activities: None) -> None:
    from lachan.prevention.selectors import prevention_numbers

    n = prevention_numbers(agency_ids=None, admin_unit_code="31", start=YEAR.start, end=YEAR.end)
    assert (n.activities, n.sessions, n.attendees) == (6, 10, 5387)
    assert n.activities_by_kind["awareness"] == 2
    assert n.attendees_by_kind["media"] == 5000
    assert n.by_target_group["women"] == {"activities": 6, "attendees": 5387}
    assert n.by_target_group["students"] == {"activities": 0, "attendees": 0}
    assert n.by_format["loudspeaker"] == {"activities": 1, "sessions": 1, "attendees": 5000}
    assert (n.models_active, n.models_people_reached) == (1, 300)


def test_cases_through_the_actor_aware_selector(monkeypatch: Any, hp_supervisor: Any) -> None:
    """When the cases module offers ``case_numbers_for``, its own numbers policy
    decides; the measure passes the scope's filters and the actor."""
    import sys
    import types

    from lachan.core.errors import NotFound

    calls: list[dict[str, Any]] = []

    def case_numbers_for(**kwargs: Any) -> Any:
        calls.append(kwargs)
        if kwargs["actor"].role != "supervisor":
            raise NotFound("no")
        return types.SimpleNamespace(prosecuted=10, solved=9)

    module = types.ModuleType("lachan.cases.selectors")
    module.case_numbers = lambda **kw: None  # type: ignore[attr-defined]
    module.case_numbers_for = case_numbers_for  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lachan.cases.selectors", module)
    scope = Scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31), place=unit("31"))
    value = compute("cases.solved_rate", hp_supervisor, scope)
    assert (value.value, value.numerator, value.denominator) == (Decimal("90.0"), 9, 10)
    assert calls[0] == {
        "actor": hp_supervisor,
        "agency_ids": None,
        "admin_unit_code": "31",
        "start": dt.date(2025, 1, 1),
        "end": dt.date(2025, 12, 31),
    }


def test_real_cases_and_victims_selectors_are_wired(hp_supervisor: Any, hp_operator: Any) -> None:
    """With the real modules and nothing recorded: nothing to divide (never 0%); a role
    without the numbers permission is refused by the module's own policy."""
    for key in ("cases.solved_rate", "victims.supported_rate"):
        value = compute(key, hp_supervisor)
        assert (value.value, value.state, value.denominator) == (None, ValueState.EMPTY, 0), key
        assert compute(key, hp_operator).state == ValueState.FORBIDDEN, key
