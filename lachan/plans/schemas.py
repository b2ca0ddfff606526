"""API shapes of plans."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Schema


class DirectiveIn(Schema):
    number: str
    issued_on: dt.date | None = None
    issuer: str = ""
    title: str = ""


class DirectiveOut(Schema):
    id: uuid.UUID
    number: str
    issued_on: dt.date
    issuer: str
    title: str


class PlanFromTemplateIn(Schema):
    template_key: str
    year: int
    agency_id: uuid.UUID | None = None
    title: str = ""
    directives: list[DirectiveIn] = []


class PlanIn(Schema):
    title: str
    start_year: int
    end_year: int
    agency_id: uuid.UUID | None = None
    description: str = ""
    directives: list[DirectiveIn] = []


class IndicatorIn(Schema):
    label: str
    measure: str
    comparison: str
    target: Decimal
    agency_id: uuid.UUID | None = None
    place_code: str | None = None
    kinds: list[str] = []
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    note: str = ""


class VersionOut(Schema):
    version: int
    label: str
    measure: str
    filters: dict[str, Any]
    comparison: str
    target: Decimal
    note: str
    created_at: dt.datetime


class IndicatorOut(Schema):
    id: uuid.UUID
    code: str
    versions: list[VersionOut]


class PlanOut(Schema):
    id: uuid.UUID
    title: str
    agency_id: uuid.UUID
    agency_name: str
    start_year: int
    end_year: int
    template_key: str
    description: str
    directives: list[DirectiveOut]
    indicators: list[IndicatorOut]


class PlanRowOut(Schema):
    id: uuid.UUID
    title: str
    agency_name: str
    start_year: int
    end_year: int


class TrendOut(Schema):
    month: str
    until: dt.date
    value: Decimal | None


class RecordLinkOut(Schema):
    label: str
    url: str


class IndicatorProgressOut(Schema):
    indicator_id: uuid.UUID
    code: str
    label: str
    version: int
    versions: int
    measure: str
    measure_label: str
    unit: str
    comparison: str
    comparison_symbol: str
    target: Decimal
    period_start: dt.date
    period_end: dt.date
    measured_until: dt.date
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    state: str
    state_label: str
    expected: Decimal | None
    status: str
    status_label: str
    filters: dict[str, Any]
    trend: list[TrendOut]
    records: list[RecordLinkOut]


class ProgressOut(Schema):
    plan_id: uuid.UUID
    as_of: dt.date
    indicators: list[IndicatorProgressOut]


class MeasureOut(Schema):
    key: str
    label: str
    unit: str
    source: str
    uses_kinds: bool
    description: str


class TemplateOut(Schema):
    key: str
    title: str
    indicators: list[dict[str, Any]]
    activities: list[dict[str, Any]]
