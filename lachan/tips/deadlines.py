"""The legal deadline of a tip, computed from its facts and the rule table.

``compute_deadline`` is a pure function of ``TipFacts`` and ``DeadlineRules`` (no
database, no clock): every transition service calls it and stores the result in
``Tip.deadline_at``. The rules come from ``DeadlineRule`` rows (``load_rules``),
seeded from ``DEFAULT_RULES`` by a data migration.

The rules (CPC 2015 Arts 145–148; GLOSSARY):
- decision within 20 days of receipt; up to 2 months when the tip is complex;
- the procuracy may extend once, by up to 2 months, counted from the end of that period;
- after resumption of a suspended tip, 1 month from resumption;
- a commune police receiving a tip transfers it within 24 hours (48 in remote areas);
- while suspended, and once decided or transferred, no deadline runs.

Counting (CPC Art 134): a limit in days ends at the end (24:00, stored as 23:59:59) of
its last day, local time (Asia/Ho_Chi_Minh); a limit in months ends on the same day of
the month that many months later, or on that month's last day when it has no such day;
a limit in days or months that ends on a Saturday, Sunday or public holiday ends on the
next working day. A limit in hours ends exactly that many hours later.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from lachan.tips.models import (
    ACTIVE_STATUSES,
    DeadlineRule,
    DeadlineRuleCode,
    DurationUnit,
)


@dataclass(frozen=True)
class Rule:
    amount: int
    unit: str  # DurationUnit
    roll_to_working_day: bool = True
    agency_type: str = ""
    legal_basis: str = ""


DEFAULT_RULES: Mapping[str, Rule] = {
    DeadlineRuleCode.DECISION: Rule(20, DurationUnit.DAYS, legal_basis="CPC 2015 Art 147(1)"),
    DeadlineRuleCode.COMPLEX: Rule(2, DurationUnit.MONTHS, legal_basis="CPC 2015 Art 147(1)"),
    DeadlineRuleCode.EXTENSION: Rule(2, DurationUnit.MONTHS, legal_basis="CPC 2015 Art 147(1)"),
    DeadlineRuleCode.RESUMED: Rule(1, DurationUnit.MONTHS, legal_basis="CPC 2015 Art 149(2)"),
    DeadlineRuleCode.TRANSFER: Rule(
        24,
        DurationUnit.HOURS,
        roll_to_working_day=False,
        agency_type="commune_police",
        legal_basis="CPC 2015 Art 145(3)",
    ),
    DeadlineRuleCode.TRANSFER_REMOTE: Rule(
        48,
        DurationUnit.HOURS,
        roll_to_working_day=False,
        agency_type="commune_police",
        legal_basis="CPC 2015 Art 145(3)",
    ),
}


@dataclass(frozen=True)
class DeadlineRules:
    rules: Mapping[str, Rule]
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def __getitem__(self, code: str) -> Rule:
        return self.rules[code]

    @property
    def max_extension_months(self) -> int:
        return self.rules[DeadlineRuleCode.EXTENSION].amount


@dataclass(frozen=True)
class TipFacts:
    """What the deadline depends on."""

    status: str
    received_at: dt.datetime
    agency_type: str
    agency_remote: bool
    is_complex: bool = False
    extension_months: int | None = None
    resumed_at: dt.datetime | None = None


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _last_day(start: dt.datetime, amount: int, unit: str) -> dt.date:
    day = start.astimezone(local_zone()).date()
    if unit == DurationUnit.DAYS:
        return day + dt.timedelta(days=amount)
    if unit == DurationUnit.MONTHS:
        return _add_months(day, amount)
    raise ValueError(f"not a calendar unit: {unit}")


def _working_day(day: dt.date, holidays: frozenset[dt.date]) -> dt.date:
    while day.weekday() >= 5 or day in holidays:
        day += dt.timedelta(days=1)
    return day


def _end_of(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=local_zone())
    return local.astimezone(dt.UTC)


def _close(day: dt.date, rule: Rule, holidays: frozenset[dt.date]) -> dt.datetime:
    if rule.roll_to_working_day:
        day = _working_day(day, holidays)
    return _end_of(day)


def add_period(start: dt.datetime, rule: Rule, holidays: frozenset[dt.date]) -> dt.datetime:
    """The end of ``rule``'s period counted from ``start`` (an aware datetime), UTC."""
    if rule.unit == DurationUnit.HOURS:
        return (start + dt.timedelta(hours=rule.amount)).astimezone(dt.UTC)
    return _close(_last_day(start, rule.amount, rule.unit), rule, holidays)


def has_transfer_duty(facts: TipFacts, rules: DeadlineRules) -> bool:
    return (
        bool(facts.agency_type)
        and facts.agency_type == rules[DeadlineRuleCode.TRANSFER].agency_type
    )


def compute_deadline(facts: TipFacts, rules: DeadlineRules) -> dt.datetime | None:
    """The instant (UTC) by which the tip must be resolved (or, for a commune police,
    transferred); None when no deadline runs (suspended, decided, transferred)."""
    if facts.status not in ACTIVE_STATUSES:
        return None
    if has_transfer_duty(facts, rules):
        code = (
            DeadlineRuleCode.TRANSFER_REMOTE if facts.agency_remote else DeadlineRuleCode.TRANSFER
        )
        return add_period(facts.received_at, rules[code], rules.holidays)
    if facts.resumed_at is not None:
        return add_period(facts.resumed_at, rules[DeadlineRuleCode.RESUMED], rules.holidays)
    code = DeadlineRuleCode.COMPLEX if facts.is_complex else DeadlineRuleCode.DECISION
    rule = rules[code]
    if not facts.extension_months:
        return add_period(facts.received_at, rule, rules.holidays)
    # The extension runs from the (unrolled) end of the period it extends.
    base_day = _last_day(facts.received_at, rule.amount, rule.unit)
    extended = _add_months(base_day, facts.extension_months)
    return _close(extended, rules[DeadlineRuleCode.EXTENSION], rules.holidays)


def load_rules() -> DeadlineRules:
    """The rule table as stored (falling back to the defaults for a missing row)."""
    from lachan.tips.conf import public_holidays

    rules = dict(DEFAULT_RULES)
    for row in DeadlineRule.objects.all():
        rules[row.code] = Rule(
            amount=row.amount,
            unit=row.unit,
            roll_to_working_day=row.roll_to_working_day,
            agency_type=row.agency_type,
            legal_basis=row.legal_basis,
        )
    return DeadlineRules(rules=rules, holidays=public_holidays())
