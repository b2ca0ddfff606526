"""``suggest``: one pass over a tip's text that returns every triage suggestion with
its evidence. Pure Python and offline; only ``places`` reads the database (the
administrative units), and can be switched off.

Scores are sums of lexicon weights (see ``cues``) turned into [0, 1] by a logistic
function with a bias; the constants below were set on the development split only."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import replace
from datetime import date
from functools import cache

from django.utils import timezone

from lachan.tips.triage.classes import (
    CHILD,
    CHILD_TRAFFICKING_ADOPTION,
    DANGER,
    EXPLOITATION_TYPES,
    FORCED_LABOUR,
    FORCED_MARRIAGE,
    ORGAN_REMOVAL,
    OTHER,
    SEXUAL_EXPLOITATION,
    SURROGACY,
    TRAFFICKING,
)
from lachan.tips.triage.countries import COUNTRY_CODES, COUNTRY_CUES, COUNTRY_LEXICON
from lachan.tips.triage.cues import CHILD_CUES, CLASS_CUES, DANGER_CUES, LEXICON, TRAFFICKING_CUES
from lachan.tips.triage.identifiers import extract_identifiers
from lachan.tips.triage.lexicon import Hit, best_hits
from lachan.tips.triage.tokens import Token, TypoCorrector, corrected, tokenize
from lachan.tips.triage.types import (
    ClassScore,
    CountryScore,
    DestinationSuggestion,
    Evidence,
    ExploitationSuggestion,
    Flag,
    IdentifierSuggestion,
    TriageSuggestion,
    UrgencySuggestion,
)

# Trafficking: own cues + a share of the strongest exploitation type + a named foreign
# destination, against a bias.
TRAFFICKING_BIAS = 3.0
# How much of the strongest type's points count towards trafficking, and at most: selling
# an organ or a baby is trafficking by itself; "lấy chồng" or "karaoke" are not.
CLASS_SHARE: dict[str, tuple[float, float]] = {
    ORGAN_REMOVAL: (0.9, 4.0),
    CHILD_TRAFFICKING_ADOPTION: (0.8, 4.0),
    SEXUAL_EXPLOITATION: (0.6, 3.0),
    OTHER: (0.6, 3.0),
    SURROGACY: (0.5, 3.0),
    FORCED_MARRIAGE: (0.5, 2.5),
    FORCED_LABOUR: (0.5, 2.5),
}
DESTINATION_BONUS = 0.75
MIN_CLASS_SCORE = 1.5  # below this no type is suggested
DANGER_BIAS = 3.0
CHILD_BIAS = 2.0
MINOR_AGE_WEIGHT = 5.0
ADULT_AGE_WEIGHT = -2.5
ADULT_AGE = 18

_AGE = re.compile(r"(?<!\d)(\d{1,2})\s*(?:tuổi|tuoi|tủi|t\b|t(?=[\s,.)]))", re.IGNORECASE)
# "chưa tròn 18 tuổi", "dưới 16 tuổi": under that age.
_UNDER = re.compile(r"(?:chưa\s*tròn|chưa\s*đủ|dưới|chua\s*tron|chua\s*du|duoi)\s*$", re.I)
_MONTHS_OLD = re.compile(r"(?<!\d)\d{1,2}\s*(?:tháng|thang)\s*(?:tuổi|tuoi)", re.IGNORECASE)
_BIRTH_YEAR = re.compile(
    r"(?:sinh\s*năm|sinh\s*nam|sn|năm\s*sinh|nam\s*sinh|sinh)\s*:?\s*((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


@cache
def _corrector() -> TypoCorrector:
    return TypoCorrector(LEXICON.vocabulary() | COUNTRY_LEXICON.vocabulary())


# Bump when the matching code changes (the lexicon content is hashed on its own).
ENGINE_VERSION = 1


@cache
def lexicon_version() -> str:
    """Changes whenever a cue, weight or constant changes (stored with suggestions)."""
    content = repr(
        (
            ENGINE_VERSION, TRAFFICKING_CUES, CLASS_CUES, DANGER_CUES, CHILD_CUES, COUNTRY_CUES,
            TRAFFICKING_BIAS, sorted(CLASS_SHARE.items()), DESTINATION_BONUS,
            MIN_CLASS_SCORE, DANGER_BIAS, CHILD_BIAS, MINOR_AGE_WEIGHT, ADULT_AGE_WEIGHT,
        )
    )  # fmt: skip
    return "lex-" + hashlib.sha256(content.encode()).hexdigest()[:10]


def _evidence(text: str, pairs: list[tuple[Hit, float]], share: float = 1.0) -> list[Evidence]:
    return [
        Evidence(text[h.start : h.end], h.start, h.end, round(w * share, 2), h.cue.phrase)
        for h, w in pairs
    ]


def _split(evidence: list[Evidence]) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...]]:
    ordered = sorted(evidence, key=lambda e: e.start)
    return (
        tuple(e for e in ordered if e.weight > 0),
        tuple(e for e in ordered if e.weight < 0),
    )


def _flag(score: float, bias: float, evidence: list[Evidence]) -> Flag:
    probability = _sigmoid(score - bias)
    positive, negative = _split(evidence)
    return Flag(score > bias, round(probability, 3), positive, negative)


def _classes(text: str, hits: list[Hit]) -> list[ClassScore]:
    ranking: list[ClassScore] = []
    for label in EXPLOITATION_TYPES:
        score, pairs = best_hits(hits, label)
        if score > 0:
            ranking.append(ClassScore(label, round(score, 2), tuple(_evidence(text, pairs))))
    ranking.sort(key=lambda c: (-c.score, EXPLOITATION_TYPES.index(c.label)))
    return ranking


def _destination(text: str, tokens: list[Token]) -> DestinationSuggestion:
    hits = COUNTRY_LEXICON.find(tokens)
    candidates: list[CountryScore] = []
    for code in COUNTRY_CODES:
        _total, pairs = best_hits(hits, f"dest:{code}")
        # The strongest mention, not the sum: a story that names three towns in
        # Thailand before "bị đưa sang Myanmar" ends in Myanmar.
        score = max((weight for _hit, weight in pairs), default=0.0)
        if score > 0:
            evidence = tuple(_evidence(text, pairs))
            candidates.append(CountryScore(code, round(score, 2), evidence))
    # Strongest first; on a tie, the country named last ("tuyển sang Thái Lan … nhưng bị
    # đưa sang Myanmar": stories end where the person ended up).
    candidates.sort(key=lambda c: (-c.score, -c.evidence[-1].start))
    if not candidates:
        return DestinationSuggestion(code=None)
    best = candidates[0]
    return DestinationSuggestion(best.code, best.evidence, tuple(candidates))


def _ages(text: str, today: date) -> list[Evidence]:
    found: list[Evidence] = []
    for match in _AGE.finditer(text):
        age = int(match.group(1))
        under = bool(_UNDER.search(text[max(0, match.start() - 12) : match.start()]))
        weight = (
            MINOR_AGE_WEIGHT
            if age < ADULT_AGE or (under and age <= ADULT_AGE)
            else ADULT_AGE_WEIGHT
        )
        found.append(Evidence(match.group(), match.start(), match.end(), weight, "age"))
    for match in _MONTHS_OLD.finditer(text):
        found.append(Evidence(match.group(), match.start(), match.end(), MINOR_AGE_WEIGHT, "age"))
    for match in _BIRTH_YEAR.finditer(text):
        age = today.year - int(match.group(1))
        if 0 <= age < 100:
            weight = MINOR_AGE_WEIGHT if age < ADULT_AGE else ADULT_AGE_WEIGHT
            found.append(Evidence(match.group(), match.start(), match.end(), weight, "birth year"))
    return found


def _child(text: str, hits: list[Hit], today: date) -> Flag:
    score, pairs = best_hits(hits, CHILD)
    ages = _ages(text, today)
    if any(a.weight > 0 for a in ages):
        age_score = MINOR_AGE_WEIGHT
    elif ages:
        age_score = ADULT_AGE_WEIGHT
    else:
        age_score = 0.0
    return _flag(score + age_score, CHILD_BIAS, _evidence(text, pairs) + ages)


def _identifiers(text: str, tokens: list[Token]) -> tuple[IdentifierSuggestion, ...]:
    suggestions: list[IdentifierSuggestion] = []
    for found in extract_identifiers(text, tokens):
        spans = [found.span, *found.cues]
        evidence = tuple(Evidence(text[s.start : s.end], s.start, s.end) for s in spans)
        suggestions.append(
            IdentifierSuggestion(found.kind.value, found.value, found.normalized, evidence)
        )
    return tuple(suggestions)


def _trafficking(
    text: str, hits: list[Hit], ranking: list[ClassScore], destination: DestinationSuggestion
) -> Flag:
    """Own cues, plus a share of the strongest type's points, plus a named destination."""
    score, pairs = best_hits(hits, TRAFFICKING)
    evidence = _evidence(text, pairs)
    if ranking:
        rate, cap = CLASS_SHARE[ranking[0].label]
        share = min(ranking[0].score * rate, cap)
        score += share
        factor = share / ranking[0].score
        evidence += [
            Evidence(e.text, e.start, e.end, round(e.weight * factor, 2), e.cue)
            for e in ranking[0].evidence
        ]
    if destination.code is not None:
        score += DESTINATION_BONUS
        first = destination.evidence[0]
        evidence.append(Evidence(first.text, first.start, first.end, DESTINATION_BONUS, first.cue))
    return _flag(score, TRAFFICKING_BIAS, evidence)


def suggest_text(text: str, *, today: date | None = None) -> TriageSuggestion:
    """Everything but places: no database, safe anywhere. ``today`` dates ages given as
    birth years (default: today in Vietnam)."""
    today = today or timezone.localdate()
    raw_tokens = tokenize(text)
    tokens = corrected(raw_tokens, _corrector())
    hits = LEXICON.find(tokens)
    ranking = _classes(text, hits)
    destination = _destination(text, tokens)
    trafficking = _trafficking(text, hits, ranking, destination)
    strong = bool(ranking) and ranking[0].score >= MIN_CLASS_SCORE
    label = ranking[0].label if trafficking.value and strong else None
    danger_score, danger_pairs = best_hits(hits, DANGER)
    return TriageSuggestion(
        version=lexicon_version(),
        trafficking_related=trafficking,
        exploitation=ExploitationSuggestion(
            label=label,
            evidence=ranking[0].evidence if label else (),
            ranking=tuple(ranking),
        ),
        urgency=UrgencySuggestion(
            in_danger=_flag(danger_score, DANGER_BIAS, _evidence(text, danger_pairs)),
            child=_child(text, hits, today),
        ),
        destination=destination,
        places=(),
        identifiers=_identifiers(text, raw_tokens),
    )


def suggest(text: str, *, places: bool = True, today: date | None = None) -> TriageSuggestion:
    """Triage suggestions for a tip's text. With ``places`` (the default) admin units
    written in the text are looked up in the database; pass ``places=False`` where no
    database is at hand."""
    result = suggest_text(text, today=today)
    if not places:
        return result
    from lachan.tips.triage.places import find_places

    # A place already read as abroad ("sang Đông Hưng") is not looked up in Vietnam.
    abroad = tuple((e.start, e.end) for c in result.destination.candidates for e in c.evidence)
    return replace(result, places=find_places(text, foreign=abroad))
