"""What a section of a report is made of, whatever domain it comes from."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Scope:
    """Whose numbers: agencies (None: every agency the actor may count), a place (a
    current admin unit code; None: the whole country), a period (local dates,
    inclusive)."""

    start: dt.date
    end: dt.date
    agency_ids: tuple[uuid.UUID, ...] | None = None
    admin_unit_code: str | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    percent: bool = False  # a ratio (0..1) shown as 90,5%


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    rows: tuple[tuple[str, int], ...]  # (label, count), largest first


@dataclass(frozen=True)
class SectionData:
    key: str
    title: str
    available: bool  # False: the domain has not landed ("chưa có dữ liệu")
    figures: tuple[Figure, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def figure(self, key: str) -> int | float | None:
        for item in self.figures:
            if item.key == key:
                return item.value
        return None


class Source(Protocol):
    key: str

    def title(self) -> str: ...

    def available(self) -> bool: ...

    def section(self, actor: Any, scope: Scope) -> SectionData: ...
