"""The codes triage speaks in (stable: they are stored with corrections and used by the
evaluation set). Exploitation types follow the IOM HTCDS list as the issue names it."""

from __future__ import annotations

SEXUAL_EXPLOITATION = "sexual_exploitation"
FORCED_LABOUR = "forced_labour"  # includes forced criminality in scam compounds
FORCED_MARRIAGE = "forced_marriage"
CHILD_TRAFFICKING_ADOPTION = "child_trafficking_adoption"  # sale of babies and children
ORGAN_REMOVAL = "organ_removal"
SURROGACY = "surrogacy"
OTHER = "other"  # begging, forced petty crime, drug carrying …

EXPLOITATION_TYPES: tuple[str, ...] = (
    SEXUAL_EXPLOITATION,
    FORCED_LABOUR,
    FORCED_MARRIAGE,
    CHILD_TRAFFICKING_ADOPTION,
    ORGAN_REMOVAL,
    SURROGACY,
    OTHER,
)

# Lexicon targets besides the exploitation types.
TRAFFICKING = "trafficking"
DANGER = "danger"
CHILD = "child"
