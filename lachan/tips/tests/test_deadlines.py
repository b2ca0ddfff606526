"""The deadline rules, one by one, with exact instants: local (Asia/Ho_Chi_Minh) days,
end of the last day, month ends, weekend and holiday roll-over, exact hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, ValidationFailed
from lachan.tips.deadlines import (
    DEFAULT_RULES,
    DeadlineRules,
    TipFacts,
    compute_deadline,
    load_rules,
)
from lachan.tips.models import DeadlineRule, Tip
from lachan.tips.services import deadline_rule_update, facts_of, recompute_deadlines
from lachan.tips.tests.helpers import make_tip

VN = dt.timezone(dt.timedelta(hours=7))
RULES = DeadlineRules(rules=DEFAULT_RULES)


def at(*args: int) -> dt.datetime:
    """A local (UTC+7) instant."""
    return dt.datetime(*args, tzinfo=VN)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=VN)


def facts(received: dt.datetime, **kwargs: Any) -> TipFacts:
    kwargs.setdefault("status", "verifying")
    kwargs.setdefault("agency_type", "provincial_police")
    kwargs.setdefault("agency_remote", False)
    return TipFacts(received_at=received, **kwargs)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Wed 05/03/2025 + 20 days = Tue 25/03, to its last second.
        (at(2025, 3, 5, 9, 0), end_of(2025, 3, 25)),
        # 20:00 UTC on 04/03 is already 05/03 in Vietnam: the local day counts.
        (dt.datetime(2025, 3, 4, 20, 0, tzinfo=dt.UTC), end_of(2025, 3, 25)),
        # Mon 03/03 + 20 = Sun 23/03: ends on the next working day, Mon 24/03.
        (at(2025, 3, 3, 10, 0), end_of(2025, 3, 24)),
        # Tue 04/03, one minute before midnight: + 20 = Mon 24/03.
        (at(2025, 3, 4, 23, 59), end_of(2025, 3, 24)),
    ],
)
def test_decision_within_20_days(received: dt.datetime, expected: dt.datetime) -> None:
    deadline = compute_deadline(facts(received), RULES)
    assert deadline == expected
    assert deadline is not None and deadline.tzinfo == dt.UTC  # stored in UTC


def test_the_20_days_run_from_receipt_in_every_active_status() -> None:
    for status in ("received", "classified", "verifying"):
        assert compute_deadline(facts(at(2025, 3, 5, 9), status=status), RULES) == end_of(
            2025, 3, 25
        )


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2025, 1, 15, 8, 0), end_of(2025, 3, 17)),  # 15/03 is a Saturday → Mon 17/03
        (at(2025, 1, 31, 10, 0), end_of(2025, 3, 31)),  # Mon 31/03
        (at(2024, 12, 31, 10, 0), end_of(2025, 2, 28)),  # no 31/02: the month's last day (Fri)
    ],
)
def test_complex_tip_has_two_months(received: dt.datetime, expected: dt.datetime) -> None:
    assert compute_deadline(facts(received, is_complex=True), RULES) == expected


def test_one_procuracy_extension_runs_from_the_end_of_the_period_it_extends() -> None:
    # Complex: 10/01 → 10/03; + 2 months → Sat 10/05 → Mon 12/05.
    complex_tip = facts(at(2025, 1, 10, 9), is_complex=True, extension_months=2)
    assert compute_deadline(complex_tip, RULES) == end_of(2025, 5, 12)
    # Not complex: 05/03 → 25/03; + 1 month → Fri 25/04.
    simple = facts(at(2025, 3, 5, 9), extension_months=1)
    assert compute_deadline(simple, RULES) == end_of(2025, 4, 25)


def test_after_resumption_one_month_from_resumption() -> None:
    resumed = facts(
        at(2025, 1, 2, 9), is_complex=True, extension_months=2, resumed_at=at(2025, 6, 16, 15, 0)
    )
    assert compute_deadline(resumed, RULES) == end_of(2025, 7, 16)


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        (False, dt.datetime(2025, 3, 9, 15, 30, tzinfo=dt.UTC)),  # 24 h, exactly
        (True, dt.datetime(2025, 3, 10, 15, 30, tzinfo=dt.UTC)),  # 48 h in a remote area
    ],
)
def test_commune_police_transfer_within_24_or_48_hours(remote: bool, expected: dt.datetime) -> None:
    # Saturday night: limits in hours do not move to a working day.
    received = at(2025, 3, 8, 22, 30)
    commune = facts(received, status="received", agency_type="commune_police", agency_remote=remote)
    assert compute_deadline(commune, RULES) == expected


@pytest.mark.parametrize("status", ["suspended", "decided", "transferred"])
def test_no_deadline_runs_when_suspended_or_resolved(status: str) -> None:
    assert compute_deadline(facts(at(2025, 3, 5, 9), status=status), RULES) is None


def test_a_deadline_on_a_public_holiday_moves_to_the_next_working_day(settings: Any) -> None:
    settings.LACHAN_PUBLIC_HOLIDAYS = ["2025-04-30", "2025-05-01"]
    # Thu 10/04 + 20 = Wed 30/04 (holiday), Thu 01/05 (holiday) → Fri 02/05.
    rules = DeadlineRules(rules=DEFAULT_RULES, holidays=load_rules().holidays)
    assert compute_deadline(facts(at(2025, 4, 10, 9)), rules) == end_of(2025, 5, 2)


@pytest.mark.django_db
def test_the_rules_come_from_the_seeded_table() -> None:
    assert sorted(DeadlineRule.objects.values_list("code", "amount", "unit")) == [
        ("complex", 2, "months"),
        ("decision", 20, "days"),
        ("extension", 2, "months"),
        ("resumed", 1, "months"),
        ("transfer", 24, "hours"),
        ("transfer_remote", 48, "hours"),
    ]
    DeadlineRule.objects.filter(code="decision").update(amount=30)
    assert compute_deadline(facts(at(2025, 3, 5, 9)), load_rules()) == end_of(2025, 4, 4)


def test_only_a_system_administrator_changes_a_rule_and_it_is_audited(
    sysadmin: Any, hp_supervisor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = list(DeadlineRule.objects.values_list("code", "amount", "unit", "updated_at"))
    for actor in (hp_supervisor,):
        with pytest.raises(NotFound):
            deadline_rule_update(actor=actor, code="decision", amount=30)
    with pytest.raises(ValidationFailed) as exc:
        deadline_rule_update(actor=sysadmin, code="decision", amount=30, unit="hours")
    assert exc.value.fields == {"unit": ["Không thể tính thời hạn này theo đơn vị đó."]}
    assert list(DeadlineRule.objects.values_list("code", "amount", "unit", "updated_at")) == before
    assert not AuditEvent.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rule = deadline_rule_update(actor=sysadmin, code="decision", amount=30)
    assert (rule.amount, rule.updated_by_id) == (30, sysadmin.pk)
    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == (
        "tip.deadline_rule_update",
        {"code": "decision", "fields": ["amount"]},
    )
    assert len(callbacks) == 1  # the recomputation is enqueued after commit


def test_recompute_after_a_rule_change(hp_operator: Any) -> None:
    tip = make_tip(hp_operator)
    old = tip.deadline_at
    DeadlineRule.objects.filter(code="decision").update(amount=30)
    assert recompute_deadlines() == 1
    tip = Tip.objects.select_related("receiving_agency").get(pk=tip.pk)
    thirty_days = compute_deadline(facts_of(tip), load_rules())
    assert tip.deadline_at == thirty_days and thirty_days != old
    assert recompute_deadlines() == 0  # idempotent
