"""Tip triage that helps, never decides (issue 3).

Offline and pure Python: a transparent, weighted phrase lexicon over diacritic-free,
teen-code-expanded, typo-corrected words (see ``cues``, ``lexicon``, ``tokens``). No
model is downloaded or trained at run time.

Stable API for the tips app::

    from lachan.tips.triage import suggest, TriageSuggestion, EXPLOITATION_TYPES

    result = suggest(text)                  # looks places up in the DB (admin units)
    result = suggest(text, places=False)    # no database needed

    result.trafficking_related.value        # bool; .score in [0, 1]
    result.trafficking_related.evidence     # (Evidence(text, start, end, weight, cue), …)
    result.trafficking_related.counter_evidence  # phrases that argue against
    result.exploitation.label               # one of EXPLOITATION_TYPES or None
    result.exploitation.ranking             # every type with evidence, strongest first
    result.urgency.in_danger / .child       # Flag, like trafficking_related
    result.destination.code                 # ISO 3166-1 alpha-2 ("CN", "KH", "LA"…) or None
    result.destination.candidates           # every country named, with evidence
    result.places                           # PlaceSuggestion: .code only when exact,
                                            #   else pick from .candidates (current units)
    result.identifiers                      # IdentifierSuggestion(kind, value, normalized,
                                            #   evidence): kind is an IdentifierKind value
    result.version                          # lexicon version, store it with the correction
    result.to_dict()                        # JSON-ready

Every ``Evidence`` satisfies ``text[e.start:e.end] == e.text`` on the text given to
``suggest``: highlight it as is. Vietnamese labels: ``labels.exploitation_label`` and
``labels.SUGGESTION_LABELS``; country names: ``lachan.people.countries.country_name``.

Quality is measured by ``bench/triage/evaluate.py`` on a labelled set
(``data/eval_tips.jsonl``, see its README), figures in docs/benchmarks.md; officers'
corrections can be scored the same way with ``evaluation.score``.
"""

from lachan.tips.triage.classes import EXPLOITATION_TYPES
from lachan.tips.triage.engine import lexicon_version, suggest
from lachan.tips.triage.types import (
    ClassScore,
    CountryScore,
    DestinationSuggestion,
    Evidence,
    ExploitationSuggestion,
    Flag,
    IdentifierSuggestion,
    PlaceCandidate,
    PlaceSuggestion,
    TriageSuggestion,
    UrgencySuggestion,
)

__all__ = [
    "EXPLOITATION_TYPES",
    "ClassScore",
    "CountryScore",
    "DestinationSuggestion",
    "Evidence",
    "ExploitationSuggestion",
    "Flag",
    "IdentifierSuggestion",
    "PlaceCandidate",
    "PlaceSuggestion",
    "TriageSuggestion",
    "UrgencySuggestion",
    "lexicon_version",
    "suggest",
]
