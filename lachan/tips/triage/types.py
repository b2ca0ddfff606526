"""What triage returns: frozen dataclasses, every suggestion with the phrases (and their
character spans in the original text) that drove it, so the UI can highlight them and
the officer can see why. ``to_dict`` gives a JSON-ready form for storage next to the
officer's correction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """A phrase of the tip: ``text == tip[start:end]``. ``weight`` is its pull (negative:
    it argues against the suggestion); ``cue`` the lexicon phrase it matched."""

    text: str
    start: int
    end: int
    weight: float = 0.0
    cue: str = ""


@dataclass(frozen=True)
class Flag:
    """A yes/no suggestion with a score in [0, 1] (above 0.5: yes)."""

    value: bool
    score: float
    evidence: tuple[Evidence, ...] = ()
    counter_evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ClassScore:
    label: str  # one of EXPLOITATION_TYPES
    score: float  # lexicon points (not a probability)
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ExploitationSuggestion:
    """The most likely type of exploitation when the tip looks trafficking-related
    (None when it does not, or nothing points to a type); ``ranking`` lists every type
    with any evidence, strongest first, even then — the officer decides."""

    label: str | None
    evidence: tuple[Evidence, ...] = ()
    ranking: tuple[ClassScore, ...] = ()


@dataclass(frozen=True)
class UrgencySuggestion:
    in_danger: Flag  # a person is in danger now
    child: Flag  # a child (under 18) is involved

    @property
    def urgent(self) -> bool:
        return self.in_danger.value


@dataclass(frozen=True)
class CountryScore:
    code: str  # ISO 3166-1 alpha-2
    score: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class DestinationSuggestion:
    code: str | None  # the most likely destination, ISO 3166-1 alpha-2
    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[CountryScore, ...] = ()  # every country named, strongest first


@dataclass(frozen=True)
class PlaceCandidate:
    """A current (post-2025) administrative unit the text may mean."""

    code: str
    name: str  # official name, e.g. "Xã Mường Lống"
    level: str  # "province" or "commune"
    province_code: str
    province_name: str
    exact: bool  # the written name maps wholly to this one unit
    matched_name: str  # the unit whose name was written (may be a legacy unit)
    matched_era: str  # "2025" or "legacy"


@dataclass(frozen=True)
class PlaceSuggestion:
    """A place written in the tip. ``code`` is set only when the text names exactly one
    current unit; otherwise the officer picks from ``candidates`` — never a guess."""

    text: str
    evidence: tuple[Evidence, ...]
    code: str | None
    candidates: tuple[PlaceCandidate, ...]


@dataclass(frozen=True)
class IdentifierSuggestion:
    kind: str  # lachan.core.identifiers.IdentifierKind value
    value: str  # as written
    normalized: str  # as lachan.core.identifiers.normalize_identifier gives it
    evidence: tuple[Evidence, ...]  # the value itself first, then the words naming it


@dataclass(frozen=True)
class TriageSuggestion:
    version: str  # lexicon version: stored with a correction, so evaluations compare
    trafficking_related: Flag
    exploitation: ExploitationSuggestion
    urgency: UrgencySuggestion
    destination: DestinationSuggestion
    places: tuple[PlaceSuggestion, ...]
    identifiers: tuple[IdentifierSuggestion, ...]

    @property
    def exploitation_type(self) -> str | None:
        return self.exploitation.label

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
