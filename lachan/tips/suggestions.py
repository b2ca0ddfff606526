"""Triage suggestions stored with a tip, shown beside it, and compared with the
officer's classification (issue 3: triage that helps, never decides).

The tip text is encrypted at rest but the stored suggestion is plain JSON, so
``to_stored`` keeps only codes, scores and character spans: the panel slices the
phrases out of the decrypted text when it shows them (``panel``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind
from lachan.tips.models import ExploitationType, Tip, TipTriage
from lachan.tips.triage import Evidence, Flag, TriageSuggestion, suggest
from lachan.tips.triage.labels import exploitation_label

logger = logging.getLogger(__name__)

Span = list[int]  # [start, end]

# Triage's exploitation codes → the register's (IOM HTCDS) choices.
TO_REGISTER: dict[str, str] = {
    "sexual_exploitation": ExploitationType.SEXUAL,
    "forced_labour": ExploitationType.FORCED_LABOUR,
    "forced_marriage": ExploitationType.FORCED_MARRIAGE,
    "child_trafficking_adoption": ExploitationType.CHILD_TRAFFICKING,
    "organ_removal": ExploitationType.ORGAN_REMOVAL,
    "surrogacy": ExploitationType.SURROGACY,
    "other": ExploitationType.OTHER,
}

# The classification fields triage suggests, compared with the officer's choice.
COMPARED = (
    "trafficking_related",
    "exploitation_type",
    "urgent",
    "child_involved",
    "destination_country",
)


# -- storing -----------------------------------------------------------------------------------
def _spans(evidence: tuple[Evidence, ...]) -> list[Span]:
    return [[e.start, e.end] for e in evidence]


def _flag(flag: Flag) -> dict[str, Any]:
    return {
        "value": flag.value,
        "score": round(flag.score, 3),
        "evidence": _spans(flag.evidence),
        "counter_evidence": _spans(flag.counter_evidence),
    }


def to_stored(result: TriageSuggestion) -> dict[str, Any]:
    """The suggestion without any text of the tip (codes, scores, spans)."""
    return {
        "version": result.version,
        "trafficking_related": _flag(result.trafficking_related),
        "exploitation": {
            "label": result.exploitation.label,
            "evidence": _spans(result.exploitation.evidence),
            "ranking": [
                {"label": c.label, "score": c.score, "evidence": _spans(c.evidence)}
                for c in result.exploitation.ranking
            ],
        },
        "in_danger": _flag(result.urgency.in_danger),
        "child": _flag(result.urgency.child),
        "destination": {
            "code": result.destination.code,
            "evidence": _spans(result.destination.evidence),
        },
        # Official unit names are public; what was written stays in the spans.
        "places": [
            {
                "code": p.code,
                "evidence": _spans(p.evidence),
                "candidates": [
                    {"code": c.code, "name": c.name, "province_name": c.province_name}
                    for c in p.candidates
                ],
            }
            for p in result.places
        ],
        "identifiers": [
            {"kind": i.kind, "evidence": _spans(i.evidence)} for i in result.identifiers
        ],
    }


def compute(text: str) -> dict[str, Any] | None:
    """Triage ``text``; None when triage fails. Registration must go on without it, and
    the log gets the exception class only (a message could quote the tip)."""
    try:
        with transaction.atomic():  # a savepoint: a failed lookup leaves no broken transaction
            return to_stored(suggest(text))
    except Exception as exc:
        logger.warning("Tip triage failed: %s", type(exc).__name__)
        return None


def store(tip: Tip, stored: dict[str, Any] | None) -> TipTriage | None:
    if stored is None:
        return None
    return TipTriage.objects.create(tip=tip, version=stored["version"], suggestion=stored)


def copy(source: Tip, target: Tip) -> None:
    """Give a transferred copy the original's suggestion (not its correction)."""
    triage = TipTriage.objects.filter(tip=source).first()
    if triage is not None:
        store(target, triage.suggestion)


# -- the officer's classification against the suggestion ---------------------------------------
def suggested_values(stored: dict[str, Any]) -> dict[str, Any]:
    """The suggestion in the classify form's terms."""
    label = stored["exploitation"]["label"]
    related = bool(stored["trafficking_related"]["value"])
    return {
        "trafficking_related": related,
        "exploitation_type": TO_REGISTER.get(label, "") if related and label else "",
        "urgent": bool(stored["in_danger"]["value"]),
        "child_involved": bool(stored["child"]["value"]),
        "destination_country": stored["destination"]["code"] or "",
    }


def record_correction(tip: Tip, final: dict[str, Any]) -> None:
    """Store where the officer's classification differs from the suggestion (None when
    they agree). Call inside the classifying transaction."""
    triage = TipTriage.objects.select_for_update().filter(tip=tip).first()
    if triage is None:
        return
    suggested = suggested_values(triage.suggestion)
    fields = [name for name in COMPARED if suggested[name] != final[name]]
    triage.correction = (
        {
            "version": triage.version,
            "fields": fields,
            "suggested": {name: suggested[name] for name in fields},
            "final": {name: final[name] for name in fields},
        }
        if fields
        else None
    )
    triage.corrected_at = timezone.now() if fields else None
    triage.save(update_fields=["correction", "corrected_at", "updated_at"])


# -- the panel ---------------------------------------------------------------------------------
@dataclass
class PanelItem:
    key: str
    value: Any
    label: str = ""
    score: float | None = None
    phrases: list[str] = field(default_factory=list)
    candidates: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Panel:
    version: str
    items: list[PanelItem]
    highlighted: SafeString


def _valid(span: Any, length: int) -> bool:
    return (
        isinstance(span, list)
        and len(span) == 2
        and all(isinstance(n, int) for n in span)
        and 0 <= span[0] < span[1] <= length
    )


def _phrases(text: str, spans: list[Any]) -> list[str]:
    seen: list[str] = []
    for span in spans:
        if _valid(span, len(text)) and text[span[0] : span[1]] not in seen:
            seen.append(text[span[0] : span[1]])
    return seen


def highlight(text: str, spans: list[Any]) -> SafeString:
    """``text`` escaped, with each span (merged where they overlap) in <mark>."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if _valid(s, len(text))):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    at = 0
    for start, end in merged:
        parts += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _all_spans(stored: dict[str, Any]) -> list[Any]:
    spans: list[Any] = []
    for key in ("trafficking_related", "in_danger", "child"):
        spans += stored[key]["evidence"]
    spans += stored["exploitation"]["evidence"] + stored["destination"]["evidence"]
    for entry in stored["places"] + stored["identifiers"]:
        spans += entry["evidence"]
    return spans


def panel(stored: dict[str, Any], text: str) -> Panel:
    """The suggestion with its phrases cut from the decrypted ``text``."""
    from lachan.people.countries import country_name

    label = stored["exploitation"]["label"]
    destination = stored["destination"]["code"] or ""
    items = [
        PanelItem(
            key,
            stored[key]["value"],
            score=stored[key]["score"],
            phrases=_phrases(text, stored[key]["evidence"]),
        )
        for key in ("trafficking_related", "in_danger", "child")
    ]
    items.insert(
        1,
        PanelItem(
            "exploitation",
            label or "",
            label=exploitation_label(label) if label else "",
            phrases=_phrases(text, stored["exploitation"]["evidence"]),
        ),
    )
    items.append(
        PanelItem(
            "destination",
            destination,
            label=country_name(destination) if destination else "",
            phrases=_phrases(text, stored["destination"]["evidence"]),
        )
    )
    items += [
        PanelItem(
            "place",
            p["code"] or "",
            label=next((c["name"] for c in p["candidates"] if c["code"] == p["code"]), ""),
            phrases=_phrases(text, p["evidence"]),
            candidates=[] if p["code"] else p["candidates"],
        )
        for p in stored["places"]
    ]
    items += [
        PanelItem(
            "identifier",
            i["kind"],
            label=str(IDENTIFIER_LABELS.get(IdentifierKind(i["kind"]), i["kind"])),
            phrases=_phrases(text, i["evidence"][:1]),
        )
        for i in stored["identifiers"]
    ]
    return Panel(stored["version"], items, highlight(text, _all_spans(stored)))
