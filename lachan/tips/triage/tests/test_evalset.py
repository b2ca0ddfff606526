"""The labelled evaluation set is what the README says it is."""

from __future__ import annotations

import hashlib
from collections import Counter

from lachan.core.identifiers import normalize_identifier
from lachan.tips.triage import EXPLOITATION_TYPES
from lachan.tips.triage.countries import COUNTRY_CODES
from lachan.tips.triage.evalset import load


def test_size_and_coverage() -> None:
    tips = load()
    assert len(tips) >= 300
    assert len({tip.id for tip in tips}) == len(tips)
    types = Counter(tip.exploitation_type for tip in tips if tip.trafficking_related)
    assert set(EXPLOITATION_TYPES) <= set(types)
    assert all(types[label] >= 10 for label in EXPLOITATION_TYPES)
    assert sum(not tip.trafficking_related for tip in tips) >= 100
    assert Counter(tip.style for tip in tips).keys() == {"diacritics", "no_diacritics", "teen_code"}
    assert sum(tip.urgent for tip in tips) >= 20
    assert sum(tip.child for tip in tips) >= 40


def test_labels_are_consistent() -> None:
    for tip in load():
        if not tip.trafficking_related:
            assert tip.exploitation_type is None, tip.id
        assert tip.exploitation_type in (None, *EXPLOITATION_TYPES), tip.id
        assert tip.destination in (None, *COUNTRY_CODES), tip.id
        for kind, value in tip.identifiers:
            assert normalize_identifier(kind, value) == value, tip.id


def test_split_is_the_documented_stratified_rule() -> None:
    tips = load()
    groups: dict[tuple[bool, str | None], list] = {}
    for tip in tips:
        groups.setdefault((tip.trafficking_related, tip.exploitation_type), []).append(tip)
    for items in groups.values():
        items.sort(key=lambda t: hashlib.sha256(t.id.encode()).hexdigest())
        n_dev = round(len(items) * 0.6)
        assert [t.split for t in items] == ["dev"] * n_dev + ["test"] * (len(items) - n_dev)
    assert {t.split for t in load("test")} == {"test"}
    assert len(load("dev")) + len(load("test")) == len(tips)
