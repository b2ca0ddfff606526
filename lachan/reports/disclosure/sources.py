"""Where the published numbers come from: the domains' own selectors, imported lazily
so a domain that is not installed (or not migrated) reads as ``NoData`` — shown as
"chưa có dữ liệu", never as zero.

Public tables count everything, not what some user may see, so the tips selector is
called with ``PUBLICATION_ACTOR``: an in-memory analyst attached to no agency (national
reach for *counts*; analysts can never read records). It exists nowhere else, logs in
nowhere, and every number it produces goes through the disclosure layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.db import DatabaseError

from lachan.access.roles import Role
from lachan.reports.disclosure.ctdc import CtdcSource


class NoData(Exception):
    """The domain cannot answer (not installed, not migrated)."""


@dataclass(frozen=True)
class _PublicationActor:
    pk: None = None
    id: None = None
    agency_id: None = None
    agency: None = None
    role: str = Role.ANALYST.value
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def __str__(self) -> str:
        return "publication"


PUBLICATION_ACTOR = _PublicationActor()


@dataclass(frozen=True)
class TipFigures:
    received: int  # distinct reports: entries received on transfer are not counted twice
    resolved: int  # decided (prosecute or decline); transfers are not resolutions here


def tip_figures(*, province: Any | None, start: dt.date, end: dt.date) -> TipFigures:
    try:
        from lachan.tips.selectors import tip_numbers
    except ImportError as exc:  # pragma: no cover - tips is part of the foundation
        raise NoData("tips") from exc
    from lachan.accounts.models import User

    try:
        numbers = tip_numbers(
            actor=cast(User, PUBLICATION_ACTOR),
            period_start=start,
            period_end=end,
            place=province,
        )
    except DatabaseError as exc:
        raise NoData("tips") from exc
    return TipFigures(
        received=numbers.received - numbers.by_channel.get("transfer", 0),
        resolved=numbers.resolved - numbers.by_decision.get("transferred", 0),
    )


def victim_figures(*, province_code: str | None, start: dt.date, end: dt.date) -> Any:
    """``lachan.victims.selectors.victim_numbers`` for everywhere or one province."""
    try:
        from lachan.victims.selectors import victim_numbers
    except ImportError as exc:
        raise NoData("victims") from exc
    try:
        return victim_numbers(agency_ids=None, admin_unit_code=province_code, start=start, end=end)
    except DatabaseError as exc:
        raise NoData("victims") from exc


def case_figures(*, province_code: str | None, start: dt.date, end: dt.date) -> Any:
    """``lachan.cases.selectors.case_numbers`` for everywhere or one province."""
    try:
        from lachan.cases.selectors import case_numbers
    except ImportError as exc:
        raise NoData("cases") from exc
    try:
        return case_numbers(agency_ids=None, admin_unit_code=province_code, start=start, end=end)
    except DatabaseError as exc:
        raise NoData("cases") from exc


def victim_ctdc_sources(*, year_from: int, year_to: int) -> Iterator[CtdcSource]:
    """One ``CtdcSource`` per person identified as a victim in the years (the latest
    decision counts once per person). Reads only non-identifying, unencrypted columns."""
    try:
        from lachan.victims.models import VictimRecord, VictimStatus
    except ImportError as exc:
        raise NoData("victims") from exc
    rows = (
        VictimRecord.objects.filter(
            status=VictimStatus.VICTIM,
            decided_on__gte=dt.date(year_from, 1, 1),
            decided_on__lte=dt.date(year_to, 12, 31),
        )
        .order_by("person_id", "-decided_on")
        .values_list(
            "person_id",
            "decided_on",
            "sex",
            "age_at_reception",
            "person__nationality",
            "exploitation_country",
            "exploitation_type",
            "means_of_control",
        )
    )
    try:
        seen: set[Any] = set()
        for person_id, decided_on, sex, age, nationality, country, kind, means in rows.iterator():
            if person_id in seen or decided_on is None:
                continue
            seen.add(person_id)
            yield CtdcSource(
                year_of_registration=decided_on.year,
                sex=sex or "unknown",
                age=age,
                citizenship=nationality or "",
                country_of_exploitation=country or "",
                exploitation_types=frozenset({kind}) if kind else frozenset(),
                means_of_control=frozenset(str(m) for m in (means or [])),
            )
    except DatabaseError as exc:
        raise NoData("victims") from exc
