"""Public statistics over the API (/api/v1/public/statistics/): no authentication; every
operation is listed in lachan/access/public_routes.py. The same protected tables as the
pages: suppressed values are ``null``; only a completed year and a province code can be
chosen — nothing else changes an answer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from lachan.core.errors import NotFound
from lachan.reports.public.statistics import (
    YearStatistics,
    province_categories,
    province_units,
    published_years,
    year_statistics,
)

router = Router(tags=["public statistics"])


class CategoryOut(Schema):
    code: str
    label: str


class RowOut(Schema):
    code: str
    label: str
    values: list[int | None]
    total: int | None


class RoundingOut(Schema):
    base: int
    mode: str


class TableOut(Schema):
    key: str
    title: str
    row_dimension: str
    column_dimension: str
    k: int
    rounding: RoundingOut | None
    columns: list[CategoryOut]
    rows: list[RowOut]
    column_totals: list[int | None] | None
    grand_total: int | None


class SectionOut(Schema):
    key: str
    title: str
    available: bool
    tables: list[TableOut]


class YearOut(Schema):
    year: int
    province: str | None
    sections: list[SectionOut]


class YearsOut(Schema):
    years: list[int]
    provinces: list[CategoryOut]


def _year(year: int) -> YearStatistics:
    if year not in published_years():
        raise NotFound(_("Not found."))
    return year_statistics(year)


def _out(statistics: YearStatistics, province: str | None) -> dict[str, Any]:
    return {
        "year": statistics.year,
        "province": province,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "available": s.available,
                "tables": [t.as_dict() for t in s.tables],
            }
            for s in statistics.sections
        ],
    }


@router.get("/years", response=YearsOut, auth=None, summary="Published years and provinces")
def years(request: HttpRequest) -> dict[str, Any]:
    provinces = province_categories(province_units())
    return {
        "years": published_years(),
        "provinces": [{"code": p.code, "label": p.label} for p in provinces],
    }


@router.get("/{year}", response=YearOut, auth=None, summary="A year's national figures")
def year_detail(request: HttpRequest, year: int) -> dict[str, Any]:
    return _out(_year(year), None)


@router.get(
    "/{year}/{province_code}", response=YearOut, auth=None, summary="A year's provincial figures"
)
def province_detail(request: HttpRequest, year: int, province_code: str) -> dict[str, Any]:
    statistics = _year(year)
    if province_code == "unknown" or province_code not in {p.code for p in statistics.provinces}:
        raise NotFound(_("Not found."))
    return _out(statistics.for_province(province_code), province_code)
