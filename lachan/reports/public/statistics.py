"""The published set: for each completed year, a fixed list of tables by province,
every one a ``ProtectedTable``. Nothing else is offered — no free filters, no district,
no custom period — so two published numbers never differ by a small group
(see docs/decisions/0015-disclosure-control.md).

- One table per measure with the 34 provinces as rows (plus "unknown" when some records
  have no province) and the nation as the column totals: a province's page shows its
  row of the national table, so national and provincial figures are suppressed
  together and cannot be subtracted from each other.
- Breakdowns of the same population (persons received by sex, by age band, by type of
  exploitation) share their row totals and are protected jointly (``protect_linked``).
- Only completed years: the current year's figures change every day and two snapshots
  would differ by the few people added in between.
- Built once per year and language and cached (``LACHAN_PUBLIC_STATISTICS_CACHE_SECONDS``,
  default 6 hours); no request data goes in or is kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lachan.reports.disclosure import (
    Category,
    CountTable,
    DisclosurePolicy,
    ProtectedTable,
    protect,
    protect_linked,
)
from lachan.reports.disclosure.folding import fold_rare_columns
from lachan.reports.disclosure.sources import (
    NoData,
    case_figures,
    tip_figures,
    victim_figures,
)

CACHE_VERSION = 1
UNKNOWN = "unknown"
AGE_BANDS = ("0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+")
POLICY = DisclosurePolicy()


@dataclass(frozen=True)
class Section:
    key: str  # tips, victims, cases
    title: str
    available: bool  # False: the domain cannot answer yet ("chưa có dữ liệu")
    tables: tuple[ProtectedTable, ...]


@dataclass(frozen=True)
class YearStatistics:
    year: int
    provinces: tuple[Category, ...]
    sections: tuple[Section, ...]
    built_at: dt.datetime

    def for_province(self, code: str) -> YearStatistics:
        """The province's rows of the same protected tables (and the national totals)."""
        return YearStatistics(
            year=self.year,
            provinces=tuple(p for p in self.provinces if p.code == code),
            sections=tuple(
                Section(s.key, s.title, s.available, tuple(t.only_rows({code}) for t in s.tables))
                for s in self.sections
            ),
            built_at=self.built_at,
        )

    def tables(self) -> list[ProtectedTable]:
        return [t for s in self.sections for t in s.tables]


def first_year() -> int:
    return int(getattr(settings, "LACHAN_PUBLIC_STATISTICS_FIRST_YEAR", 2021))


def published_years(*, today: dt.date | None = None) -> list[int]:
    """Completed years, newest first."""
    today = today or timezone.localdate()
    return list(range(today.year - 1, first_year() - 1, -1))


def _cache_seconds() -> int:
    return int(getattr(settings, "LACHAN_PUBLIC_STATISTICS_CACHE_SECONDS", 6 * 3600))


def _cache_key(year: int) -> str:
    return f"lachan:public-statistics:v{CACHE_VERSION}:{year}:{get_language() or 'vi'}"


def province_units() -> list[Any]:
    from lachan.geo.selectors import province_list

    return province_list()


def province_categories(units: Sequence[Any]) -> tuple[Category, ...]:
    return tuple(Category(u.code, u.short_name) for u in units)


# -- building one year ---------------------------------------------------------------------
def _rows_with_unknown(
    provinces: tuple[Category, ...],
    per_province: dict[str, dict[str, int]],
    national: dict[str, int],
    columns: Sequence[Category],
) -> tuple[tuple[Category, ...], dict[str, dict[str, int]]]:
    """Add an "unknown place" row for what the nation counts and no province does."""
    rest = {
        c.code: national.get(c.code, 0)
        - sum(per_province[p.code].get(c.code, 0) for p in provinces)
        for c in columns
    }
    if any(v < 0 for v in rest.values()):
        raise NoData("provinces count more than the nation")
    if not any(rest.values()):
        return provinces, per_province
    return (*provinces, Category(UNKNOWN, _("Province not known"))), {
        **per_province,
        UNKNOWN: rest,
    }


def _tips_section(year: int, units: Sequence[Any], provinces: tuple[Category, ...]) -> Section:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    columns = (
        Category("received", _("Tips received in the year")),
        Category("resolved", _("Tips decided")),
    )
    title = _("Tips about human trafficking")
    try:
        national = tip_figures(province=None, start=start, end=end)
        per = {}
        for unit in units:
            figures = tip_figures(province=unit, start=start, end=end)
            per[unit.code] = {"received": figures.received, "resolved": figures.resolved}
        rows, counts = _rows_with_unknown(
            provinces, per, {"received": national.received, "resolved": national.resolved}, columns
        )
    except NoData:
        return Section("tips", title, False, ())
    table = CountTable.from_mapping(
        key="tips.by_province",
        title=title,
        row_dimension="province",
        column_dimension="measure",
        rows=rows,
        columns=columns,
        counts=counts,
        row_totals=False,
    )
    return Section("tips", title, True, (protect(table, POLICY),))


def _breakdown(
    key: str,
    title: str,
    dimension: str,
    columns: Sequence[Category],
    provinces: tuple[Category, ...],
    per: dict[str, dict[str, int]],
    national: dict[str, int],
) -> CountTable:
    rows, counts = _rows_with_unknown(provinces, per, national, columns)
    return CountTable.from_mapping(
        key=key,
        title=title,
        row_dimension="province",
        column_dimension=dimension,
        rows=rows,
        columns=columns,
        counts=counts,
    )


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _victims_section(year: int, units: Sequence[Any], provinces: tuple[Category, ...]) -> Section:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    title = _("Persons received and victims identified")
    try:
        national = victim_figures(province_code=None, start=start, end=end)
        per = {u.code: victim_figures(province_code=u.code, start=start, end=end) for u in units}
        from lachan.people.models import Sex
        from lachan.victims.models import ExploitationType

        sexes = [Category(c, label) for c, label in _labels(Sex.choices).items()]
        if not any(c.code == UNKNOWN for c in sexes):
            sexes.append(Category(UNKNOWN, _("Unknown")))
        bands = [Category(b, b.replace("-", "–")) for b in AGE_BANDS]
        bands.append(Category(UNKNOWN, _("Age not known")))
        kinds = [Category(c, label) for c, label in _labels(ExploitationType.choices).items()]

        def breakdown(
            key: str, label: str, dimension: str, columns: Sequence[Category], attr: str
        ) -> CountTable:
            return _breakdown(
                key,
                label,
                dimension,
                columns,
                provinces,
                {code: dict(getattr(n, attr)) for code, n in per.items()},
                dict(getattr(national, attr)),
            )

        by_sex = breakdown(
            "victims.received_by_sex", _("Persons received, by sex"), "sex", sexes, "by_sex"
        )
        by_age = breakdown(
            "victims.received_by_age_band",
            _("Persons received, by age band"),
            "age_band",
            bands,
            "by_age_band",
        )
        by_kind = breakdown(
            "victims.received_by_exploitation_type",
            _("Persons received, by type of exploitation"),
            "exploitation_type",
            kinds,
            "by_exploitation_type",
        )
        identified_columns = (Category("identified", _("Identified as victims")),)
        rows, counts = _rows_with_unknown(
            provinces,
            {code: {"identified": n.identified_as_victims} for code, n in per.items()},
            {"identified": national.identified_as_victims},
            identified_columns,
        )
    except NoData:
        return Section("victims", title, False, ())
    identified = CountTable.from_mapping(
        key="victims.identified",
        title=_("Victims identified"),
        row_dimension="province",
        column_dimension="measure",
        rows=rows,
        columns=identified_columns,
        counts=counts,
        row_totals=False,
    )
    tables = [protect(identified, POLICY)]
    tables.extend(_protect_breakdowns([by_sex, by_age, by_kind]))
    return Section("victims", title, True, tuple(tables))


def _protect_breakdowns(tables: Sequence[CountTable]) -> list[ProtectedTable]:
    """Rare exploitation types are folded into "other" first (row totals unchanged);
    then breakdowns with the same row totals are protected jointly, any other alone."""
    prepared = [_fold(t) for t in tables]
    groups: dict[tuple[int, ...], list[int]] = {}
    for index, table in enumerate(prepared):
        totals = tuple(table.value((i, table.n_columns)) for i in range(table.n_rows + 1))
        groups.setdefault(totals, []).append(index)
    result: dict[int, ProtectedTable] = {}
    for members in groups.values():
        protected = protect_linked([prepared[i] for i in members], POLICY)
        result.update(zip(members, protected, strict=True))
    return [result[i] for i in range(len(prepared))]


def _fold(table: CountTable) -> CountTable:
    if table.column_dimension != "exploitation_type":
        return table
    return fold_rare_columns(table, threshold=POLICY.k, other_code="other", other_label=_("Other"))


def _cases_section(year: int, units: Sequence[Any], provinces: tuple[Category, ...]) -> Section:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    title = _("Criminal cases")
    columns = (
        Category("prosecuted", _("Cases prosecuted")),
        Category("solved", _("Cases solved")),
        Category("suspects", _("Suspects prosecuted")),
    )

    def figures(n: Any) -> dict[str, int]:
        return {"prosecuted": n.prosecuted, "solved": n.solved, "suspects": n.suspects}

    try:
        national = figures(case_figures(province_code=None, start=start, end=end))
        per = {
            u.code: figures(case_figures(province_code=u.code, start=start, end=end)) for u in units
        }
        rows, counts = _rows_with_unknown(provinces, per, national, columns)
    except NoData:
        return Section("cases", title, False, ())
    table = CountTable.from_mapping(
        key="cases.by_province",
        title=title,
        row_dimension="province",
        column_dimension="measure",
        rows=rows,
        columns=columns,
        counts=counts,
        row_totals=False,
    )
    return Section("cases", title, True, (protect(table, POLICY),))


def build_year(year: int) -> YearStatistics:
    """Compute and protect the published tables of ``year`` (no cache)."""
    units = province_units()
    provinces = province_categories(units)
    return YearStatistics(
        year=year,
        provinces=provinces,
        sections=(
            _tips_section(year, units, provinces),
            _victims_section(year, units, provinces),
            _cases_section(year, units, provinces),
        ),
        built_at=timezone.now(),
    )


def year_statistics(year: int) -> YearStatistics:
    """The published tables of a completed year, from the cache when there."""
    key = _cache_key(year)
    found = cache.get(key)
    if isinstance(found, YearStatistics):
        return found
    built = build_year(year)
    cache.set(key, built, _cache_seconds())
    return built


def invalidate(year: int | None = None) -> None:
    """Forget the cached tables (every year when ``year`` is None)."""
    years = [year] if year is not None else published_years()
    for y in years:
        for code, _name in settings.LANGUAGES:
            cache.delete(f"lachan:public-statistics:v{CACHE_VERSION}:{y}:{code}")
