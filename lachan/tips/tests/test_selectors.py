"""Reach per role, work queues with exact rows, filters, keyset pages, query counts,
home counters, and the numbers selector against hand-counted fixtures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lachan.access.models import BreakGlassGrant
from lachan.access.policies.tips import tip_policy
from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.testing.factories import commune_of, unit
from lachan.tips import services
from lachan.tips.models import Tip
from lachan.tips.selectors import (
    Queue,
    Sort,
    TipFilter,
    tip_counters,
    tip_detail,
    tip_get,
    tip_numbers,
    tip_page,
)
from lachan.tips.tests.helpers import classified, make_tip, verifying

VN = dt.timezone(dt.timedelta(hours=7))


def numbers_of(page: Any) -> list[str]:
    return [row.register_number for row in page.items]


def _set(tip: Tip, **fields: Any) -> Tip:
    Tip.objects.filter(pk=tip.pk).update(**fields)
    return Tip.objects.get(pk=tip.pk)


@pytest.fixture
def register(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any, hp_officer2: Any
) -> dict[str, Tip]:
    """Five Hải Phòng tips in known states."""
    now = timezone.now()
    a = make_tip(hp_operator, channel="walk_in", received_at=now - dt.timedelta(days=30))
    b = make_tip(
        hp_operator, kind="crime_report", channel="letter", received_at=now - dt.timedelta(days=18)
    )
    c = make_tip(hp_operator, received_at=now - dt.timedelta(days=5))
    d = make_tip(
        hp_operator,
        received_at=now - dt.timedelta(days=1),
        places=[services.PlaceInput(admin_unit=unit("40"))],
    )
    e = make_tip(hp_operator, received_at=now)
    a = verifying(a, hp_supervisor, hp_officer)  # 30 days ago: overdue
    b = services.tip_assign(
        actor=hp_supervisor,
        tip=classified(b, hp_operator, exploitation_type="sexual"),
        assignee=hp_officer,
    )
    b = _set(b, deadline_at=now + dt.timedelta(days=2))  # due soon (exactly, whatever the weekday)
    c = services.tip_assign(actor=hp_supervisor, tip=c, assignee=hp_officer2)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


# -- reach ---------------------------------------------------------------------------------------
def test_reach_per_role(
    register: dict[str, Tip],
    hp_operator: Any,
    hp_officer: Any,
    hp_officer2: Any,
    hp_supervisor: Any,
    na_supervisor: Any,
    hp_social_worker: Any,
    hp_analyst: Any,
    sysadmin: Any,
    make_user: Any,
    hp_agency: Any,
) -> None:
    def reach(actor: Any) -> set[str]:
        return {k for k, t in register.items() if tip_policy.scope(actor).filter(pk=t.pk).exists()}

    everything = set(register)
    assert reach(hp_operator) == everything  # the agency's register
    assert reach(hp_supervisor) == everything
    assert reach(hp_officer) == {"a", "b"}  # assigned
    assert reach(hp_officer2) == {"c"}
    # Nghệ An's supervisor sees the Hải Phòng agency's tip whose place is in Nghệ An only.
    assert reach(na_supervisor) == {"d"}
    auditor = make_user(role="auditor", agency=hp_agency)
    for nobody in (hp_social_worker, hp_analyst, sysadmin, auditor):
        assert reach(nobody) == set()


def test_jurisdiction_gives_sight_not_command(
    register: dict[str, Tip], na_supervisor: Any, make_user: Any, na_agency: Any
) -> None:
    held = tip_policy.actions_on(na_supervisor, register["d"])
    assert {str(p) for p in held} == {"tips.view", "tips.classify"}


def test_break_glass_opens_one_tip(register: dict[str, Tip], na_supervisor: Any) -> None:
    tip = register["a"]
    with pytest.raises(NotFound):
        tip_get(actor=na_supervisor, tip_id=tip.pk)
    BreakGlassGrant.objects.create(
        user=na_supervisor,
        object_type="tips.tip",
        object_id=tip.pk,
        reason="Nạn nhân đang ở Nghệ An, cần xem gấp",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert tip_get(actor=na_supervisor, tip_id=tip.pk) == tip
    assert tip_policy.can(na_supervisor, "tips.view_reporter", tip)  # type: ignore[arg-type]


def test_malformed_and_absent_ids_are_not_found(hp_supervisor: Any) -> None:
    for bad in ("x", "00000000-0000-0000-0000-000000000000", None):
        with pytest.raises(NotFound):
            tip_get(actor=hp_supervisor, tip_id=bad)


# -- queues -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actor", "queue", "expected"),
    [
        ("hp_officer", Queue.MINE, ["b", "a"]),
        ("hp_officer2", Queue.MINE, ["c"]),
        ("hp_supervisor", Queue.UNASSIGNED, ["e", "d"]),
        ("hp_supervisor", Queue.OVERDUE, ["a"]),
        ("hp_supervisor", Queue.DUE_SOON, ["b"]),
        ("hp_officer", Queue.OVERDUE, ["a"]),
        ("hp_supervisor", Queue.ALL, ["e", "d", "c", "b", "a"]),
        ("na_supervisor", Queue.ALL, ["d"]),
    ],
)
def test_queues_hold_exactly_their_tips(
    register: dict[str, Tip], request: Any, actor: str, queue: str, expected: list[str]
) -> None:
    user = request.getfixturevalue(actor)
    page = tip_page(actor=user, filters=TipFilter(queue=queue))
    assert numbers_of(page) == [register[k].register_number for k in expected]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "verifying"}, ["a"]),
        ({"kind": "crime_report"}, ["b"]),
        ({"channel": "walk_in"}, ["a"]),
        ({"exploitation_type": "sexual"}, ["b"]),
        ({"place": "40"}, ["d"]),
        ({"place": "31"}, ["e", "c", "b", "a"]),
        ({"place": "commune31"}, ["e", "c", "b", "a"]),
        ({"received_from": -6, "received_to": -1}, ["d", "c"]),
        ({"received_from": 0}, ["e"]),
    ],
)
def test_filters(
    register: dict[str, Tip], hp_supervisor: Any, filters: dict[str, Any], expected: list[str]
) -> None:
    today = timezone.localdate()
    values = dict(filters)
    if "place" in values:
        values["place"] = (
            commune_of("31") if values["place"] == "commune31" else unit(values["place"])
        )
    for key in ("received_from", "received_to"):
        if key in values:
            values[key] = today + dt.timedelta(days=values[key])
    page = tip_page(actor=hp_supervisor, filters=TipFilter(**values))
    assert numbers_of(page) == [register[k].register_number for k in expected]


def test_sorting_and_keyset_pages(register: dict[str, Tip], hp_supervisor: Any) -> None:
    by_deadline = [register[k].register_number for k in ("b", "a", "c", "d", "e")]
    deadlines = {k: t.deadline_at for k, t in register.items()}
    assert deadlines["a"] < deadlines["b"]  # a is overdue: its deadline is the earliest
    expected = sorted(register, key=lambda k: (deadlines[k], str(register[k].pk)))
    seen: list[str] = []
    cursor = None
    while True:
        page = tip_page(
            actor=hp_supervisor, filters=TipFilter(sort=Sort.DEADLINE), cursor=cursor, limit=2
        )
        seen += numbers_of(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [register[k].register_number for k in expected]
    assert sorted(seen) == sorted(by_deadline)
    oldest = tip_page(actor=hp_supervisor, filters=TipFilter(sort=Sort.OLDEST), limit=3)
    rest = tip_page(
        actor=hp_supervisor, filters=TipFilter(sort=Sort.OLDEST), limit=3, cursor=oldest.next_cursor
    )
    assert numbers_of(oldest) + numbers_of(rest) == [
        register[k].register_number for k in ("a", "b", "c", "d", "e")
    ]
    assert rest.next_cursor is None


def test_suspended_tips_sort_after_running_deadlines(
    register: dict[str, Tip], hp_supervisor: Any
) -> None:
    _set(register["c"], status="suspended", deadline_at=None)
    first = tip_page(actor=hp_supervisor, filters=TipFilter(sort=Sort.DEADLINE), limit=4)
    second = tip_page(
        actor=hp_supervisor,
        filters=TipFilter(sort=Sort.DEADLINE),
        limit=4,
        cursor=first.next_cursor,
    )
    assert numbers_of(second) == [register["c"].register_number]


def test_tips_without_deadline_page_by_id_across_pages(
    register: dict[str, Tip], hp_supervisor: Any
) -> None:
    for key in ("a", "c", "e"):
        _set(register[key], status="suspended", deadline_at=None)
    running = sorted(("b", "d"), key=lambda k: (register[k].deadline_at, str(register[k].pk)))
    resting = sorted(("a", "c", "e"), key=lambda k: str(register[k].pk))
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        page = tip_page(
            actor=hp_supervisor, filters=TipFilter(sort=Sort.DEADLINE), cursor=cursor, limit=2
        )
        seen += numbers_of(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [register[k].register_number for k in running + resting]


def test_bad_filters_and_cursors(hp_supervisor: Any) -> None:
    for filters in (
        TipFilter(queue="everything"),
        TipFilter(status="lost"),
        TipFilter(received_from=dt.date(2025, 2, 1), received_to=dt.date(2025, 1, 1)),
    ):
        with pytest.raises(ValidationFailed):
            tip_page(actor=hp_supervisor, filters=filters)
    with pytest.raises(ValidationFailed):
        tip_page(actor=hp_supervisor, cursor="not-a-cursor")


@pytest.mark.parametrize("count", [1, 12])
def test_a_page_costs_the_same_queries_whatever_its_size(
    hp_operator: Any,
    hp_supervisor: Any,
    hp_officer: Any,
    django_assert_num_queries: Any,
    count: int,
) -> None:
    for _ in range(count):
        services.tip_assign(actor=hp_supervisor, tip=make_tip(hp_operator), assignee=hp_officer)
    supervisor = type(hp_supervisor).objects.get(pk=hp_supervisor.pk)
    # live break-glass ids (1), the actor's agency (1), its subtree (1), the unit it
    # serves (1), the page: ids with a running deadline (1), ids without one to fill the
    # page (1), the rows of those ids (1)
    with django_assert_num_queries(7):
        page = tip_page(actor=supervisor, filters=TipFilter(queue=Queue.ALL, sort=Sort.DEADLINE))
    assert len(page.items) == count
    assert {row.assignee_name for row in page.items} == {str(hp_officer)}
    officer = type(hp_officer).objects.get(pk=hp_officer.pk)
    # live break-glass ids (1), the page: its ids (1), their rows (1)
    with django_assert_num_queries(3):
        page = tip_page(actor=officer, filters=TipFilter(queue=Queue.MINE, status="received"))
    assert len(page.items) == count
    with django_assert_num_queries(2):
        assert tip_counters(actor=officer) == {"overdue": 0, "due_soon": 0}


def test_home_counters(
    register: dict[str, Tip], hp_supervisor: Any, hp_officer: Any, hp_officer2: Any
) -> None:
    assert tip_counters(actor=hp_supervisor) == {"overdue": 1, "due_soon": 1}
    assert tip_counters(actor=hp_officer) == {"overdue": 1, "due_soon": 1}
    assert tip_counters(actor=hp_officer2) == {"overdue": 0, "due_soon": 0}


# -- one tip ------------------------------------------------------------------------------------
def test_detail_is_audited_and_the_reporter_masked_until_revealed(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = make_tip(
        hp_operator,
        reporter=services.ReporterInput(
            anonymous=False,
            name="Trần Thị Mai",
            phone="0912345678",
            email="mai@example.vn",
            address="Số 5 Lạch Tray",
        ),
    )
    view = tip_detail(actor=hp_supervisor, tip=tip)
    assert view.reporter.as_dict() == {
        "anonymous": False,
        "identity_visible": False,
        "name": "T*** T** M**",
        "phone": "+84 9** *** *78",
        "address": "***",
        "email": "m***@example.vn",
        "may_contact": False,
        "contact_note": "",
    }
    assert view.content == tip.content
    assert "classify" in view.allowed_actions and "decide" not in view.allowed_actions
    shown = tip_detail(actor=hp_supervisor, tip=tip, reveal_reporter=True)
    assert (shown.reporter.name, shown.reporter.phone) == ("Trần Thị Mai", "0912345678")
    assert list(
        AuditEvent.objects.filter(object_id=str(tip.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["tip.register", "tip.view", "tip.view_reporter"]
    # An officer assigned later sees the reporter too; one who is not, does not see the tip.
    tip = services.tip_assign(actor=hp_supervisor, tip=tip, assignee=hp_officer)
    assert tip_detail(actor=hp_officer, tip=tip, reveal_reporter=True).reporter.name == (
        "Trần Thị Mai"
    )


def test_reporter_reveal_refused_without_the_right(
    register: dict[str, Tip], na_supervisor: Any
) -> None:
    tip = register["d"]
    count = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        tip_detail(actor=na_supervisor, tip=tip, reveal_reporter=True)
    assert AuditEvent.objects.count() == count


# -- numbers ---------------------------------------------------------------------------
@pytest.fixture
def year_2025(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any, na_agency: Any, make_user: Any
) -> dict[str, Tip]:
    """Hand-made tips received in March 2025 (and one in April)."""

    def received(day: int, month: int = 3, **kwargs: Any) -> Tip:
        return make_tip(
            hp_operator, received_at=dt.datetime(2025, month, day, 9, tzinfo=VN), **kwargs
        )

    tips = {
        "open": received(2),  # received, never classified: overdue by now
        "classified": classified(received(3, kind="crime_report", channel="letter"), hp_operator),
        "in_time": verifying(received(4), hp_supervisor, hp_officer),
        "late": verifying(received(5, channel="walk_in"), hp_supervisor, hp_officer),
        "declined": verifying(received(6), hp_supervisor, hp_officer),
        "april": received(1, month=4),
    }
    services.tip_decide(
        actor=hp_officer,
        tip=tips["in_time"],
        decision="prosecute",
        case_number="VA-1",
        decision_date=dt.date(2025, 3, 20),
    )
    services.tip_decide(
        actor=hp_officer,
        tip=tips["declined"],
        decision="decline",
        decline_reason="Không có sự việc phạm tội",
        decision_date=dt.date(2025, 3, 21),
    )
    services.tip_decide(
        actor=hp_officer,
        tip=tips["late"],
        decision="prosecute",
        case_number="VA-2",
        decision_date=dt.date(2025, 5, 2),
    )
    # Resolution instants as they happened: in time on 20/03 and 21/03, late on 02/05 (after
    # a deadline of 25/03); the third resolves after the end of March.
    _set(tips["in_time"], resolved_at=dt.datetime(2025, 3, 20, 10, tzinfo=VN))
    _set(tips["declined"], resolved_at=dt.datetime(2025, 3, 21, 10, tzinfo=VN))
    _set(tips["late"], resolved_at=dt.datetime(2025, 5, 2, 10, tzinfo=VN))
    for key, tip in tips.items():  # classified an hour after receipt
        if Tip.objects.get(pk=tip.pk).classified_at is not None:
            tips[key] = _set(tip, classified_at=tip.received_at + dt.timedelta(hours=1))
    return tips


def test_numbers_for_a_period(year_2025: dict[str, Tip], hp_analyst: Any) -> None:
    march = tip_numbers(
        actor=hp_analyst, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31)
    )
    # As of 31/03: 5 received; classified: all but "open"; resolved: in_time, declined.
    assert (march.received, march.classified, march.resolved, march.resolved_within_deadline) == (
        5,
        4,
        2,
        2,
    )
    # Overdue at the end of March: open (02/03 + 20 = Sat 22/03 → Mon 24/03), classified
    # (Sun 23/03 → Mon 24/03), late (25/03, resolved only in May).
    assert march.overdue == 3
    assert march.by_kind == {"denunciation": 4, "crime_report": 1, "prosecution_petition": 0}
    assert march.by_channel == {
        "walk_in": 1,
        "hotline": 3,
        "web_form": 0,
        "letter": 1,
        "media": 0,
        "referral": 0,
        "transfer": 0,
    }
    assert march.by_decision == {"prosecute": 1, "decline": 1, "transferred": 0}
    assert march.resolution_rate == pytest.approx(2 / 5)
    spring = tip_numbers(
        actor=hp_analyst, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 5, 31)
    )
    assert (spring.received, spring.resolved, spring.resolved_within_deadline) == (6, 3, 2)
    assert spring.by_decision == {"prosecute": 2, "decline": 1, "transferred": 0}


def test_numbers_by_place_and_agency_and_reach(
    year_2025: dict[str, Tip],
    hp_analyst: Any,
    hp_supervisor: Any,
    na_supervisor: Any,
    hp_officer: Any,
    na_agency: Any,
) -> None:
    period = {"period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 3, 31)}
    assert tip_numbers(actor=hp_supervisor, **period).received == 5
    assert tip_numbers(actor=hp_analyst, place=unit("31"), **period).received == 5
    assert tip_numbers(actor=hp_analyst, place=unit("40"), **period).received == 0
    assert tip_numbers(actor=hp_analyst, agency=na_agency, **period).received == 0
    assert tip_numbers(actor=na_supervisor, **period).received == 0  # out of their reach
    with pytest.raises(NotFound):
        tip_numbers(actor=hp_officer, **period)  # officers do not get numbers


def test_numbers_cost_one_query(
    year_2025: dict[str, Tip], hp_analyst: Any, django_assert_num_queries: Any
) -> None:
    analyst = type(hp_analyst).objects.get(pk=hp_analyst.pk)
    with django_assert_num_queries(4):  # agency, its subtree, the unit it serves, the counts
        tip_numbers(
            actor=analyst, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)
        )


@pytest.mark.parametrize("sort", [Sort.NEWEST, Sort.OLDEST])
def test_selective_filters_page_in_the_same_order(
    register: dict[str, Tip], hp_supervisor: Any, sort: str
) -> None:
    """A status filter orders by an expression of received_at (to keep PostgreSQL off the
    received_at index at scale): same order, same keyset pages as without it."""
    for tip in register.values():
        _set(tip, status="verifying")
    everything = tip_page(actor=hp_supervisor, filters=TipFilter(sort=sort), limit=10)
    seen: list[str] = []
    cursor = None
    while True:
        page = tip_page(
            actor=hp_supervisor,
            filters=TipFilter(sort=sort, status="verifying"),
            cursor=cursor,
            limit=2,
        )
        seen += numbers_of(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == numbers_of(everything)
    assert len(seen) == 5
