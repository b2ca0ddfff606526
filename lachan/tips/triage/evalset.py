"""The labelled evaluation set (``data/eval_tips.jsonl``, described in
``data/README.md``): loading and the dev/test split rule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "eval_tips.jsonl"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class LabelledTip:
    id: str
    split: str
    text: str
    trafficking_related: bool
    exploitation_type: str | None
    urgent: bool
    child: bool
    destination: str | None
    identifiers: frozenset[tuple[str, str]]  # (kind, normalised value)
    style: str
    notes: str


def _tip(row: dict[str, Any]) -> LabelledTip:
    return LabelledTip(
        id=row["id"],
        split=row["split"],
        text=row["text"],
        trafficking_related=row["trafficking_related"],
        exploitation_type=row["exploitation_type"],
        urgent=row["urgent"],
        child=row["child"],
        destination=row["destination"],
        identifiers=frozenset((i["kind"], i["value"]) for i in row["identifiers"]),
        style=row["style"],
        notes=row["notes"],
    )


def load(split: str | None = None, path: Path = DATA) -> list[LabelledTip]:
    """Every tip of ``split`` ("dev", "test"), or all of them with None."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    with path.open(encoding="utf-8") as lines:
        tips = [_tip(json.loads(line)) for line in lines if line.strip()]
    return [tip for tip in tips if split is None or tip.split == split]
