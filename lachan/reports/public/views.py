"""The public statistics pages (no login): a year's national figures with every
province, and one province's figures. Everything shown comes from ``ProtectedTable``s
(``display`` refuses anything else). Nothing about the request is read or stored; the
year and province choice is a plain GET form, so the page works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lachan.reports.disclosure import ProtectedTable
from lachan.reports.formatting import vn_number
from lachan.reports.public.statistics import YearStatistics, published_years, year_statistics


@dataclass(frozen=True)
class DisplayCell:
    text: str
    suppressed: bool
    label: str = ""  # the column's label


@dataclass(frozen=True)
class DisplayRow:
    code: str
    label: str
    cells: list[DisplayCell]
    total: DisplayCell | None


@dataclass(frozen=True)
class DisplayTable:
    key: str
    title: str
    columns: list[str]
    rows: list[DisplayRow]
    national: DisplayRow | None
    has_row_totals: bool
    rounded: bool


def _cell(value: int | None, label: str = "") -> DisplayCell:
    if value is None:
        return DisplayCell("*", True, label)
    return DisplayCell(vn_number(value), False, label)  # 1.024 whatever the language


def display(table: ProtectedTable, *, national_label: str) -> DisplayTable:
    """The only way a table reaches a template."""
    if not isinstance(table, ProtectedTable):
        raise TypeError("only a ProtectedTable may be published")
    rows = [
        DisplayRow(
            code=row.code,
            label=row.label,
            cells=[_cell(v, c.label) for v, c in zip(table.cells[i], table.columns, strict=True)],
            total=_cell(table.row_totals[i]) if table.row_totals is not None else None,
        )
        for i, row in enumerate(table.rows)
    ]
    national = None
    if table.column_totals is not None:
        national = DisplayRow(
            code="",
            label=national_label,
            cells=[
                _cell(v, c.label) for v, c in zip(table.column_totals, table.columns, strict=True)
            ],
            total=_cell(table.grand_total) if table.row_totals is not None else None,
        )
    return DisplayTable(
        key=table.key,
        title=table.title,
        columns=[c.label for c in table.columns],
        rows=rows,
        national=national,
        has_row_totals=table.row_totals is not None,
        rounded=table.rounding is not None,
    )


def _page(request: HttpRequest, statistics: YearStatistics, *, province: str = "") -> HttpResponse:
    from django.utils.translation import gettext as _

    all_provinces = year_statistics(statistics.year).provinces if province else statistics.provinces
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "available": s.available,
            "tables": [display(t, national_label=_("Whole country")) for t in s.tables],
        }
        for s in statistics.sections
    ]
    province_name = next((p.label for p in statistics.provinces if p.code == province), "")
    return render(
        request,
        "reports/public/statistics.html",
        {
            "year": statistics.year,
            "years": published_years(),
            "provinces": [p for p in all_provinces if p.code != "unknown"],
            "province": province,
            "province_name": province_name,
            "sections": sections,
        },
    )


def _year_or_404(year: int) -> int:
    if year not in published_years():
        raise Http404
    return year


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The newest year; the GET form's choice (``nam``, ``tinh``) is sent to its page."""
    years = published_years()
    if not years:
        raise Http404
    chosen = request.GET.get("nam", "")
    if chosen:
        if not chosen.isdigit() or int(chosen) not in years:
            raise Http404
        code = request.GET.get("tinh", "")
        if code:
            return redirect("public_statistics:province", year=int(chosen), province=code)
        return redirect("public_statistics:year", year=int(chosen))
    return _page(request, year_statistics(years[0]))


@login_not_required
@require_GET
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    return _page(request, year_statistics(_year_or_404(year)))


@login_not_required
@require_GET
def province_view(request: HttpRequest, year: int, province: str) -> HttpResponse:
    statistics = year_statistics(_year_or_404(year))
    if province not in {p.code for p in statistics.provinces} or province == "unknown":
        raise Http404
    return _page(request, statistics.for_province(province), province=province)
