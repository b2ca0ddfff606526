"""Every measure with exact values: formatting, periods, the tips section (equal to the
tips domain's own numbers), the roll-up sums, the analysis page's groupings, and the
sections of domains that have not landed ("chưa có dữ liệu", never zero)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
import types
from typing import Any

import pytest

from lachan.core.errors import ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level
from lachan.reports import selectors
from lachan.reports.formatting import vn_number, vn_percent
from lachan.reports.models import PeriodKind, PeriodReport
from lachan.reports.period import build_report_data, rollup
from lachan.reports.periods import parse_period
from lachan.reports.sources import Scope, source_for
from lachan.reports.sources.domains import DomainSource
from lachan.reports.sources.tips import tips_by_agency
from lachan.reports.tests.conftest import YEAR
from lachan.tips.selectors import tip_numbers

pytestmark = pytest.mark.django_db
YEAR_SCOPE = Scope(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))


def test_vietnamese_number_format() -> None:
    assert vn_number(1024) == "1.024"
    assert vn_number(54131) == "54.131"
    assert vn_number(5_000_000) == "5.000.000"
    assert vn_number(7) == "7"
    assert vn_number(1234.5, decimals=1) == "1.234,5"
    assert vn_percent(0.905) == "90,5%"
    assert vn_percent(1) == "100,0%"
    assert vn_number(None) == "–"
    assert vn_percent(None) == "–"


def test_periods() -> None:
    year = parse_period("2025")
    assert (year.kind, year.start, year.end) == (
        PeriodKind.YEAR,
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    h2 = parse_period("2025-H2")
    assert (h2.kind, h2.start, h2.end) == (
        PeriodKind.HALF_YEAR,
        dt.date(2025, 7, 1),
        dt.date(2025, 12, 31),
    )
    multi = parse_period("2021-2025")
    assert (multi.kind, multi.start, multi.end, multi.code) == (
        PeriodKind.MULTI_YEAR,
        dt.date(2021, 1, 1),
        dt.date(2025, 12, 31),
        "2021-2025",
    )
    assert len(parse_period("2025-H1").months()) == 6
    for bad in ("25", "2025-H3", "2025-2021", "2010-2025", "1990"):
        with pytest.raises(ValidationFailed):
            parse_period(bad)


def test_tips_section_equals_the_tips_domain_numbers(sample_tips: Any, analyst: Any) -> None:
    section = source_for("tips").section(analyst, YEAR_SCOPE)
    theirs = tip_numbers(
        actor=analyst, period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31)
    )
    assert section.available
    assert section.figure("received") == theirs.received == 7
    assert section.figure("classified") == theirs.classified
    assert section.figure("resolved") == theirs.resolved == 0
    assert section.figure("overdue") == theirs.overdue
    assert section.figure("trafficking_related") == 3
    assert section.figure("resolution_rate") == 0
    kinds = dict(next(b for b in section.breakdowns if b.key == "kind").rows)
    assert list(kinds.values()) == [theirs.by_kind[k] for k in theirs.by_kind]
    channels = next(b for b in section.breakdowns if b.key == "channel").rows
    assert sum(n for _label, n in channels) == 7
    exploitation = next(b for b in section.breakdowns if b.key == "exploitation_type").rows
    assert [n for _label, n in exploitation] == [3]
    countries = next(b for b in section.breakdowns if b.key == "country").rows
    assert [n for _label, n in countries] == [3]


def test_supervisor_counts_only_their_subtree_and_jurisdiction(
    sample_tips: Any, hp_supervisor: Any, na_supervisor: Any
) -> None:
    hp = source_for("tips").section(hp_supervisor, YEAR_SCOPE)
    # Hải Phòng's 4 + its commune police's 1 + Nghệ An's tip placed in Hải Phòng.
    assert hp.figure("received") == 6
    na = source_for("tips").section(na_supervisor, YEAR_SCOPE)
    assert na.figure("received") == 2


def test_domains_not_landed_show_no_data_never_zero(analyst: Any) -> None:
    for key in ("investigations", "victims", "prevention", "cross_border", "plans"):
        source = source_for(key)
        if source.available():  # landed meanwhile: covered by the adapter test below
            continue
        section = source.section(analyst, YEAR_SCOPE)
        assert section.available is False
        assert section.figures == ()
        assert section.note == "no data yet"


def test_a_domain_selector_plugs_in(analyst: Any, monkeypatch: Any) -> None:
    @dataclasses.dataclass(frozen=True)
    class Numbers:
        cases_opened: int = dataclasses.field(metadata={"label": "Cases opened"})
        suspects: int
        cross_border_requests: int
        by_charge: dict[str, int]
        closed: bool = True

    calls: list[dict[str, Any]] = []

    def case_numbers(*, agency_ids: Any, admin_unit_code: Any, start: Any, end: Any) -> Numbers:
        calls.append({"agency_ids": agency_ids, "code": admin_unit_code, "start": start})
        return Numbers(12, 5, 2, {"150": 9, "151": 3})

    module = types.ModuleType("lachan.reports.tests.fake_cases")
    module.case_numbers = case_numbers  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    source = DomainSource(
        "investigations", lambda: "Investigations", module.__name__, "case_numbers"
    )
    section = source.section(analyst, YEAR_SCOPE)
    assert section.available
    assert [(f.key, f.label, f.value) for f in section.figures] == [
        ("cases_opened", "Cases opened", 12),
        ("suspects", "Đối tượng", 5),  # a known field: translated caption
        ("cross_border_requests", "Cross border requests", 2),
    ]
    assert section.breakdowns[0].rows == (("150", 9), ("151", 3))
    assert calls == [{"agency_ids": None, "code": None, "start": dt.date(YEAR, 1, 1)}]
    picked = DomainSource(
        "cross_border",
        lambda: "X",
        module.__name__,
        "case_numbers",
        pick=lambda n: "cross_border" in n,
    ).section(analyst, YEAR_SCOPE)
    assert [f.value for f in picked.figures] == [2]


def test_rollup_sums_hold(
    sample_tips: Any, analyst: Any, hp_agency: Any, hp_commune_police: Any, na_agency: Any
) -> None:
    by_agency = tips_by_agency(analyst, YEAR_SCOPE)
    assert by_agency[hp_agency.pk]["received"] == 4
    assert by_agency[hp_commune_police.pk]["received"] == 1
    assert by_agency[na_agency.pk]["received"] == 2
    # Provincial: Hải Phòng = the sum of the agencies serving it.
    hp_ids = {hp_agency.pk, hp_commune_police.pk}
    provincial = rollup({k: v for k, v in by_agency.items() if k in hp_ids}, national=False)
    assert [r.name for r in provincial.rows] == [
        "Công an phường Hồng Bàng",
        "Công an thành phố Hải Phòng",
    ]
    for key, value in provincial.total.items():
        assert value == sum(r.counts[key] for r in provincial.rows)
    assert provincial.total["received"] == 5
    # National: the sum of the 34 provinces, each the sum of its agencies.
    national = rollup(by_agency, national=True)
    assert len(national.rows) == 34
    rows = {r.name: r.counts["received"] for r in national.rows}
    assert rows["Hải Phòng"] == 5
    assert rows["Nghệ An"] == 2
    assert sum(rows.values()) == national.total["received"] == 7
    for key, value in national.total.items():
        assert value == sum(r.counts[key] for r in national.rows)
    theirs = tip_numbers(
        actor=analyst, period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31)
    )
    assert national.total["received"] == theirs.received
    assert national.total["overdue"] == theirs.overdue


def test_report_data_for_a_province_is_the_sum_of_its_agencies(
    sample_tips: Any, analyst: Any, hp_agency: Any
) -> None:
    report = PeriodReport.objects.create(
        requested_by=analyst,
        province=AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="31"),
        period_kind=PeriodKind.YEAR,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
        title="Báo cáo",
    )
    steps: list[str] = []
    data = build_report_data(actor=analyst, report=report, progress=lambda p, s: steps.append(s))
    tips = data.sections[0]
    assert tips.figure("received") == 5 == data.rollup.total["received"]
    assert sum(r.counts["received"] for r in data.rollup.rows) == 5
    assert steps == ["tips", "investigations", "victims", "prevention", "cross_border", "plans"]


def test_analysis_by_month_province_and_breakdown(
    sample_tips: Any, analyst: Any, django_assert_max_num_queries: Any
) -> None:
    filters = selectors.AnalysisFilter(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
    selectors.analysis(actor=analyst, filters=filters)  # warm the province cache
    with django_assert_max_num_queries(3):
        result = selectors.analysis(actor=analyst, filters=filters)
    assert result.total == 7
    months = dict(result.months)
    assert months[dt.date(YEAR, 3, 1)] == 4
    assert months[dt.date(YEAR, 7, 1)] == 3  # 1 July 00:30 local is July, not June
    assert months[dt.date(YEAR, 6, 1)] == 0
    assert len(result.months) == 12
    provinces = {p.code: p.value for p in result.provinces}
    assert len(provinces) == 34
    assert provinces["31"] == 6 and provinces["40"] == 1
    assert sum(provinces.values()) == 7
    assert dict(result.breakdown) == {
        "Tố giác về tội phạm": 6,  # Vietnamese is the default language
        "Tin báo về tội phạm": 1,
    }
    trafficking = selectors.analysis(
        actor=analyst,
        filters=dataclasses.replace(filters, measure="trafficking_related", breakdown="country"),
    )
    assert trafficking.total == 3
    assert [n for _label, n in trafficking.breakdown] == [3]


def test_analysis_legacy_grouping_and_place_filter(sample_tips: Any, analyst: Any) -> None:
    filters = selectors.AnalysisFilter(
        start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), grouping="legacy"
    )
    result = selectors.analysis(actor=analyst, filters=filters)
    assert len(result.provinces) == 63
    assert sum(p.value or 0 for p in result.provinces) + result.unattributed == 7
    by_place = selectors.analysis(
        actor=analyst, filters=dataclasses.replace(filters, grouping="current", place_code="40")
    )
    assert by_place.total == 1


def test_analysis_validation(analyst: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        selectors.analysis(
            actor=analyst,
            filters=selectors.AnalysisFilter(
                start=dt.date(YEAR, 2, 1), end=dt.date(YEAR, 1, 1), measure="x"
            ),
        )
    assert set(caught.value.fields) == {"end", "measure"}


def test_another_domain_in_analysis(analyst: Any) -> None:
    """Investigations come through the cases domain's selector (landed): zero cases is a
    real zero there, shown per province for the map."""
    result = selectors.analysis(
        actor=analyst,
        filters=selectors.AnalysisFilter(
            start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), domain="investigations"
        ),
    )
    if not source_for("investigations").available():
        assert result.available is False and result.total is None
        return
    assert result.available is True
    assert result.section is not None and result.section.figure("prosecuted") == 0
    assert len(result.provinces) == 34 and {p.value for p in result.provinces} == {0}


def test_a_permission_the_role_lacks_makes_the_section_unavailable(officer: Any) -> None:
    section = source_for("victims").section(officer, YEAR_SCOPE)
    assert section.available is False and section.figures == ()


def test_choropleth_colours_and_shapes() -> None:
    from lachan.reports import charts

    assert len(charts.province_shapes("current")) == 34
    assert len(charts.province_shapes("legacy")) == 63
    values: dict[str, int | float | None] = {"31": 1024, "40": 3, "01": 0, "79": None}
    svg = str(charts.choropleth(values, era="current", title="Nguồn tin"))
    by_code = {
        code: fill
        for fill, code in re.findall(
            r'fill="(#[0-9a-f]{6})" stroke="#555" stroke-width="0.5" data-code="(\d+)"', svg
        )
    }
    assert by_code["31"] == charts.PALETTE[-1]  # the largest value: darkest
    assert by_code["01"] == charts.PALETTE[0]  # zero: lightest
    assert by_code["79"] == charts.NO_DATA  # no data: grey, never a zero colour
    assert "Hải Phòng: 1.024" in svg
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_map_shows_hoang_sa_and_truong_sa_in_their_province_colour() -> None:
    from django.utils import translation

    from lachan.reports import charts

    values: dict[str, int | float | None] = {"48": 40, "56": 0, "31": 7}
    with translation.override("vi"):
        svg = str(charts.choropleth(values, era="current", title="Nguồn tin"))
    fills = {
        code: fill
        for fill, code in re.findall(r'<g fill="(#[0-9a-f]{6})"[^>]*data-code="(\d+)"', svg)
    }
    assert fills == {"48": charts.PALETTE[-1], "56": charts.PALETTE[0]}
    assert "Quần đảo Hoàng Sa (Đà Nẵng): 40" in svg
    assert "Quần đảo Trường Sa (Khánh Hòa): 0" in svg
    assert ">Hoàng Sa</tspan>" in svg and ">Trường Sa</tspan>" in svg
    legacy = str(charts.choropleth({}, era="legacy", title="x"))
    assert legacy.count('data-archipelago="1"') == 2


def test_a_legend_class_of_one_value_reads_as_that_value() -> None:
    from lachan.reports import charts

    svg = str(charts.choropleth({"31": 1, "40": 21}, era="current", title="x"))
    assert ">1</text>" in svg and ">1–1<" not in svg
