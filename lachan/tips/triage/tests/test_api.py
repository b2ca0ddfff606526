"""The small API the tips app relies on, and its Vietnamese labels."""

from __future__ import annotations

from django.utils import translation

import lachan.tips.triage as triage
from lachan.tips.triage import EXPLOITATION_TYPES, TriageSuggestion, suggest
from lachan.tips.triage.labels import EXPLOITATION_LABELS, exploitation_label


def test_public_names() -> None:
    assert callable(suggest)
    assert TriageSuggestion.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert EXPLOITATION_TYPES == (
        "sexual_exploitation",
        "forced_labour",
        "forced_marriage",
        "child_trafficking_adoption",
        "organ_removal",
        "surrogacy",
        "other",
    )
    assert set(triage.__all__) >= {"suggest", "TriageSuggestion", "EXPLOITATION_TYPES"}


def test_version_is_stable_within_a_process() -> None:
    a = suggest("bị bán sang TQ", places=False)
    b = suggest("xin chào", places=False)
    assert a.version == b.version
    assert a.version.startswith("lex-")


def test_every_type_has_a_label() -> None:
    assert set(EXPLOITATION_LABELS) == set(EXPLOITATION_TYPES)
    with translation.override("en"):
        assert exploitation_label("forced_marriage") == "Forced marriage"
    assert exploitation_label(None) == ""
