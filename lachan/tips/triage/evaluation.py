"""Scoring triage against labelled tips: the evaluation set's test split (see
``bench/triage/evaluate.py``), or officers' corrections turned into ``LabelledTip``s —
the same numbers either way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from lachan.tips.triage.classes import EXPLOITATION_TYPES
from lachan.tips.triage.engine import suggest_text
from lachan.tips.triage.evalset import LabelledTip
from lachan.tips.triage.types import TriageSuggestion

# The evaluation set's labels (ages from birth years) hold on this day.
REFERENCE_DATE = date(2026, 1, 1)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        self.support += gold
        self.tp += gold and predicted
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    n: int = 0
    trafficking: Counts = field(default_factory=Counts)
    classes: dict[str, Counts] = field(
        default_factory=lambda: {label: Counts() for label in EXPLOITATION_TYPES}
    )
    urgent: Counts = field(default_factory=Counts)
    child: Counts = field(default_factory=Counts)
    by_style: dict[str, Counts] = field(default_factory=dict)
    destination_ok: int = 0
    destination_named: int = 0
    destination_named_ok: int = 0
    identifiers_ok: int = 0
    identifiers_with: int = 0
    identifiers_with_ok: int = 0
    identifiers: Counts = field(default_factory=Counts)  # one by one
    errors: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.classes.values()) / len(self.classes)

    @property
    def destination_rate(self) -> float:
        return self.destination_ok / self.n if self.n else 0.0

    @property
    def destination_named_rate(self) -> float:
        return self.destination_named_ok / self.destination_named if self.destination_named else 0.0

    @property
    def identifiers_rate(self) -> float:
        return self.identifiers_ok / self.n if self.n else 0.0

    @property
    def identifiers_with_rate(self) -> float:
        return self.identifiers_with_ok / self.identifiers_with if self.identifiers_with else 0.0


def identifier_set(result: TriageSuggestion) -> frozenset[tuple[str, str]]:
    return frozenset((i.kind, i.normalized) for i in result.identifiers)


def score(tips: Iterable[LabelledTip], *, today: date = REFERENCE_DATE) -> Scores:
    scores = Scores()
    for tip in tips:
        result = suggest_text(tip.text, today=today)
        _count(scores, tip, result)
    return scores


def _count(scores: Scores, tip: LabelledTip, result: TriageSuggestion) -> None:
    scores.n += 1
    related = result.trafficking_related.value
    scores.trafficking.add(tip.trafficking_related, related)
    scores.by_style.setdefault(tip.style, Counts()).add(tip.trafficking_related, related)
    scores.urgent.add(tip.urgent, result.urgency.in_danger.value)
    scores.child.add(tip.child, result.urgency.child.value)
    for label, counts in scores.classes.items():
        counts.add(tip.exploitation_type == label, result.exploitation.label == label)
    scores.destination_ok += result.destination.code == tip.destination
    if tip.destination is not None:
        scores.destination_named += 1
        scores.destination_named_ok += result.destination.code == tip.destination
    found = identifier_set(result)
    scores.identifiers_ok += found == tip.identifiers
    if tip.identifiers:
        scores.identifiers_with += 1
        scores.identifiers_with_ok += found == tip.identifiers
    scores.identifiers.tp += len(found & tip.identifiers)
    scores.identifiers.fp += len(found - tip.identifiers)
    scores.identifiers.fn += len(tip.identifiers - found)
    scores.identifiers.support += len(tip.identifiers)
    scores.errors += _errors(tip, result, found)


def _errors(
    tip: LabelledTip, result: TriageSuggestion, found: frozenset[tuple[str, str]]
) -> list[str]:
    checks: list[tuple[str, object, object]] = [
        ("trafficking", tip.trafficking_related, result.trafficking_related.value),
        ("type", tip.exploitation_type, result.exploitation.label),
        ("urgent", tip.urgent, result.urgency.in_danger.value),
        ("child", tip.child, result.urgency.child.value),
        ("destination", tip.destination, result.destination.code),
        ("identifiers", sorted(tip.identifiers), sorted(found)),
    ]
    lines = [f"{tip.id} {name}: gold={g} predicted={p}" for name, g, p in checks if g != p]
    if lines:
        flag = result.trafficking_related
        why = [f"{e.text}({e.weight:+g})" for e in flag.evidence + flag.counter_evidence]
        lines += [f"    score={flag.score} {why}", f"    {tip.text}"]
    return lines
