"""Quality floors on the test split of the evaluation set. Set a little below what
``bench/triage/evaluate.py`` measured when the lexicon was frozen (docs/benchmarks.md),
so that a change that makes triage worse fails here. Tune on the dev split only."""

from __future__ import annotations

import pytest

from lachan.tips.triage.evalset import load
from lachan.tips.triage.evaluation import Scores, score


@pytest.fixture(scope="module")
def measured() -> Scores:
    return score(load("test"))


def test_trafficking_related(measured: Scores) -> None:
    assert measured.trafficking.f1 >= 0.92  # measured 0.95
    assert measured.trafficking.precision >= 0.95  # measured 1.00


def test_exploitation_types(measured: Scores) -> None:
    assert measured.macro_f1 >= 0.85  # measured 0.90
    assert all(c.f1 >= 0.70 for c in measured.classes.values())  # lowest 0.79


def test_urgency_and_child(measured: Scores) -> None:
    assert measured.urgent.f1 >= 0.60  # measured 0.67 (10 urgent tips)
    assert measured.child.f1 >= 0.82  # measured 0.88


def test_destination_and_identifiers(measured: Scores) -> None:
    assert measured.destination_rate >= 0.90  # measured 0.95
    assert measured.identifiers_rate >= 0.95  # measured 0.99
    assert measured.identifiers.f1 >= 0.85  # measured 0.93
