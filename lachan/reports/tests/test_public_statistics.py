"""The public statistics page and API: no login, nothing under 11, nothing recoverable
by combining what is published (national and provincial figures, linked breakdowns,
small provinces), nothing but the fixed breakdowns on offer, "chưa có dữ liệu" for a
domain that cannot answer, cached, and nothing about the visitor kept."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lachan.audit.models import AuditEvent
from lachan.reports.disclosure.sources import NoData
from lachan.reports.public import statistics
from lachan.reports.public.statistics import AGE_BANDS, published_years
from lachan.reports.tests.test_disclosure_attacker import attack, recovered

SEXES = ("female", "male", "unknown")
KINDS = (
    "sexual",
    "forced_labour",
    "forced_marriage",
    "organ_removal",
    "forced_criminality",
    "unknown",
)
SMALL = "11"  # Điện Biên: a small province (3 persons received, 2 tips)


def _province_numbers(code: str, index: int) -> dict[str, Any]:
    """Deterministic synthetic figures; a few provinces are small on purpose."""
    if code == SMALL:
        by_sex = {"female": 2, "male": 1}
        by_age = {"9-17": 1, "18-20": 2}
        by_kind = {"sexual": 2, "forced_labour": 1}
        return {
            "tips": (2, 1),
            "by_sex": by_sex,
            "by_age_band": by_age,
            "by_exploitation_type": by_kind,
            "identified": 2,
            "cases": (1, 1, 2),
        }
    base = 12 + (index * 7) % 40
    female, male = base + index % 5, base // 3 + (index % 4)
    unknown = index % 3  # 0, 1 or 2: small
    total = female + male + unknown
    by_age: dict[str, int] = {}
    rest = total
    for j, band in enumerate(AGE_BANDS):
        share = rest if j == len(AGE_BANDS) - 1 else min(rest, (total * (j % 3 + 1)) // 14)
        by_age[band] = share
        rest -= share
    sexual = total // 2
    labour = total // 3
    marriage = (total - sexual - labour) // 2
    organ = 1 if index % 11 == 0 else 0
    criminality = total - sexual - labour - marriage - organ
    return {
        "tips": (40 + index * 3, 20 + index),
        "by_sex": {"female": female, "male": male, "unknown": unknown},
        "by_age_band": by_age,
        "by_exploitation_type": {
            "sexual": sexual,
            "forced_labour": labour,
            "forced_marriage": marriage,
            "organ_removal": organ,
            "forced_criminality": criminality,
        },
        "identified": total // 2 + index % 9,
        "cases": (3 + index % 20, 2 + index % 15, 5 + index % 30),
    }


class SyntheticSources:
    """Stands in for the domains' selectors: counts per province and for the nation."""

    def __init__(self, *, victims: bool = True, cases: bool = True) -> None:
        from lachan.geo.selectors import province_list

        self.codes = [u.code for u in province_list()]
        self.numbers = {code: _province_numbers(code, i) for i, code in enumerate(self.codes)}
        self.victims = victims
        self.cases = cases
        self.calls = 0

    def _sum(self, key: str) -> Any:
        values = [n[key] for n in self.numbers.values()]
        if isinstance(values[0], dict):
            merged: dict[str, int] = {}
            for value in values:
                for k, v in value.items():
                    merged[k] = merged.get(k, 0) + v
            return merged
        if isinstance(values[0], tuple):
            return tuple(map(sum, zip(*values, strict=True)))
        return sum(values)

    def tips(self, *, province: Any, start: Any, end: Any) -> Any:
        self.calls += 1
        received, resolved = (
            self.numbers[province.code]["tips"] if province is not None else self._sum("tips")
        )
        if province is None:
            received += 5  # tips with no place: the "province not known" row
        return SimpleNamespace(received=received, resolved=resolved)

    def victim(self, *, province_code: str | None, start: Any, end: Any) -> Any:
        self.calls += 1
        if not self.victims:
            raise NoData("victims")
        get = (lambda k: self.numbers[province_code][k]) if province_code else self._sum
        return SimpleNamespace(
            by_sex=get("by_sex"),
            by_age_band=get("by_age_band"),
            by_exploitation_type=get("by_exploitation_type"),
            identified_as_victims=get("identified"),
        )

    def case(self, *, province_code: str | None, start: Any, end: Any) -> Any:
        self.calls += 1
        if not self.cases:
            raise NoData("cases")
        values = self.numbers[province_code]["cases"] if province_code else self._sum("cases")
        return SimpleNamespace(prosecuted=values[0], solved=values[1], suspects=values[2])


def install(monkeypatch: pytest.MonkeyPatch, sources: SyntheticSources) -> SyntheticSources:
    monkeypatch.setattr(statistics, "tip_figures", sources.tips)
    monkeypatch.setattr(statistics, "victim_figures", sources.victim)
    monkeypatch.setattr(statistics, "case_figures", sources.case)
    cache.clear()
    return sources


@pytest.fixture
def synthetic(db: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[SyntheticSources]:
    sources = install(monkeypatch, SyntheticSources())
    yield sources
    cache.clear()


YEAR = published_years()[0]
LINKED = [
    [
        "victims.received_by_sex",
        "victims.received_by_age_band",
        "victims.received_by_exploitation_type",
    ]
]


def _published_numbers(payload: dict[str, Any]) -> Iterator[int]:
    for section in payload["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                yield from (v for v in row["values"] if v is not None)
                if row["total"] is not None:
                    yield row["total"]
            yield from (v for v in table["column_totals"] or [] if v is not None)
            if table["grand_total"] is not None:
                yield table["grand_total"]


def _api(client: Client, path: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/public/statistics/{path}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)  # type: ignore[no-any-return]


CELL = re.compile(r'data-testid="stat-cell">(.*?)</(?:td|dd)>', re.S)


def _page_cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in CELL.findall(html)]


def _without_tokens(html: str) -> str:
    """The page's own content (the header's language form repeats the URL and a token)."""
    return html[html.index("<main") : html.index("</main>")]


def _as_number(text: str) -> int:
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text), text
    return int(text.replace(".", ""))


# -- nothing under 11 ----------------------------------------------------------------------------
def test_the_page_shows_no_figure_between_1_and_10(synthetic: SyntheticSources) -> None:
    response = Client().get(f"/thong-ke/{YEAR}/")
    assert response.status_code == 200
    html = response.content.decode()
    cells = _page_cells(html)
    assert len(cells) > 34 * 10  # every province row of every table is on the page
    numbers = [_as_number(c) for c in cells if c != "*"]
    assert numbers and all(n == 0 or n >= 11 for n in numbers)
    assert "*" in cells  # some figures are hidden


def test_the_api_shows_no_figure_between_1_and_10(synthetic: SyntheticSources) -> None:
    client = Client()
    payloads = [_api(client, str(YEAR))]
    payloads += [_api(client, f"{YEAR}/{code}") for code in synthetic.codes]
    numbers = [n for p in payloads for n in _published_numbers(p)]
    assert len(numbers) > 500
    assert all(n == 0 or n >= 11 for n in numbers)


def test_vietnamese_number_format(synthetic: SyntheticSources) -> None:
    html = Client().get(f"/thong-ke/{YEAR}/").content.decode()
    national = _api(Client(), str(YEAR))["sections"][0]["tables"][0]["column_totals"][0]
    assert national > 999
    assert f"{national // 1000}.{national % 1000:03d}" in _page_cells(html)


# -- nothing recoverable -----------------------------------------------------------------------
def test_nothing_hidden_can_be_recovered_from_everything_published(
    synthetic: SyntheticSources,
) -> None:
    payload = _api(Client(), str(YEAR))
    tables = [t for s in payload["sections"] for t in s["tables"]]
    assert {t["key"] for t in tables} == {
        "tips.by_province",
        "victims.identified",
        "victims.received_by_sex",
        "victims.received_by_age_band",
        "victims.received_by_exploitation_type",
        "cases.by_province",
    }
    assert recovered(tables, linked=LINKED) == []


def test_the_small_province_is_hidden_and_widely_bounded(synthetic: SyntheticSources) -> None:
    client = Client()
    payload = _api(client, str(YEAR))
    tables = {t["key"]: t for s in payload["sections"] for t in s["tables"]}
    for key in LINKED[0]:
        row = next(r for r in tables[key]["rows"] if r["code"] == SMALL)
        assert row["total"] is None and all(v in (None, 0) for v in row["values"])
    total = ("+".join(LINKED[0]), SMALL, "*")
    low, high = attack(list(tables.values()), linked=LINKED, only=total)[total]
    assert low <= 3 <= high and high - low >= 10
    tips_row = next(r for r in tables["tips.by_province"]["rows"] if r["code"] == SMALL)
    assert tips_row["values"] == [None, None]


def test_a_province_page_is_its_row_of_the_national_tables(synthetic: SyntheticSources) -> None:
    client = Client()
    national = _api(client, str(YEAR))
    for code in (SMALL, "31", "01"):
        mine = _api(client, f"{YEAR}/{code}")
        for section, own in zip(national["sections"], mine["sections"], strict=True):
            for table, slice_ in zip(section["tables"], own["tables"], strict=True):
                assert slice_["rows"] == [r for r in table["rows"] if r["code"] == code]
                assert slice_["column_totals"] == table["column_totals"]
                assert slice_["grand_total"] == table["grand_total"]


# -- only fixed breakdowns: a differencing attack has nothing to subtract --------------------------
def test_filters_other_than_year_and_province_change_nothing(synthetic: SyntheticSources) -> None:
    client = Client()
    plain = _api(client, str(YEAR))
    for query in (
        "?district=11311",
        "?exclude=11311",
        f"?start={YEAR}-01-01&end={YEAR}-06-30",
        "?sex=female&age_band=9-17",
    ):
        assert _api(client, f"{YEAR}{query}") == plain
    page = _without_tokens(client.get(f"/thong-ke/{YEAR}/").content.decode())
    other = client.get(f"/thong-ke/{YEAR}/?huyen=11311&tu=01/01/{YEAR}").content.decode()
    assert _without_tokens(other) == page


@pytest.mark.parametrize(
    "path",
    [
        "/thong-ke/{year}/11311/",  # a commune
        "/thong-ke/{year}/unknown/",
        "/thong-ke/{current}/",  # the year in progress
        "/thong-ke/2019/",  # before the first published year
        "/thong-ke/{year}/99/",
    ],
)
def test_only_published_years_and_provinces_exist(synthetic: SyntheticSources, path: str) -> None:
    current = published_years()[0] + 1
    url = path.format(year=YEAR, current=current)
    assert Client().get(url).status_code == 404
    api_url = url.replace("/thong-ke/", "/api/v1/public/statistics/").rstrip("/")
    response = Client().get(api_url)
    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "not_found"


def test_two_years_are_separate_tables_with_their_own_protection(
    synthetic: SyntheticSources,
) -> None:
    client = Client()
    years = published_years()
    first, second = _api(client, str(years[0])), _api(client, str(years[1]))
    assert first["year"] == years[0] and second["year"] == years[1]
    for payload in (first, second):
        tables = [t for s in payload["sections"] for t in s["tables"]]
        assert recovered(tables, linked=LINKED) == []


# -- a domain that cannot answer reads "no data yet", never 0 ------------------------------------
def test_missing_domains_show_no_data_not_zero(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, SyntheticSources(victims=False, cases=False))
    client = Client()
    payload = _api(client, str(YEAR))
    sections = {s["key"]: s for s in payload["sections"]}
    assert sections["victims"] == {
        "key": "victims",
        "title": sections["victims"]["title"],
        "available": False,
        "tables": [],
    }
    assert sections["cases"]["available"] is False and sections["tips"]["available"] is True
    html = client.get(f"/thong-ke/{YEAR}/").content.decode()
    assert html.count('data-testid="no-data"') == 2
    assert "Chưa có dữ liệu." in html
    cache.clear()


def test_the_real_selectors_are_wired(db: Any) -> None:
    cache.clear()
    built = statistics.build_year(YEAR)
    assert [(s.key, s.available) for s in built.sections] == [
        ("tips", True),
        ("victims", True),
        ("cases", True),
    ]
    assert all(v == 0 for t in built.tables() for v in t.published_values())
    cache.clear()


# -- public, cached, nothing about the visitor kept ------------------------------------------------
def test_no_login_cached_and_nothing_stored(
    synthetic: SyntheticSources, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    assert client.get(f"/thong-ke/{YEAR}/").status_code == 200
    calls = synthetic.calls
    events = AuditEvent.objects.count()
    with django_assert_max_num_queries(0):
        response = client.get(f"/thong-ke/{YEAR}/31/")
        _api(client, str(YEAR))
    assert response.status_code == 200
    assert synthetic.calls == calls  # served from the cache
    assert AuditEvent.objects.count() == events
    assert "sessionid" not in response.cookies


def test_the_form_choice_goes_to_its_page(synthetic: SyntheticSources) -> None:
    client = Client()
    response = client.get("/thong-ke/", {"nam": str(YEAR), "tinh": "31"})
    assert response.status_code == 302 and response["Location"] == f"/thong-ke/{YEAR}/31/"
    response = client.get("/thong-ke/", {"nam": str(YEAR)})
    assert response["Location"] == f"/thong-ke/{YEAR}/"
    assert client.get("/thong-ke/", {"nam": "1999"}).status_code == 404
    index = client.get("/thong-ke/")
    assert index.status_code == 200
    assert f"Thống kê về mua bán người năm {YEAR}" in index.content.decode()


def test_years_endpoint(synthetic: SyntheticSources) -> None:
    payload = _api(Client(), "years")
    assert payload["years"] == published_years()
    assert len(payload["provinces"]) == 34
    assert {"code": "31", "label": "Hải Phòng"} in payload["provinces"]


def test_only_protected_tables_reach_a_template() -> None:
    from lachan.reports.disclosure import Category, CountTable, protect
    from lachan.reports.public.views import display

    raw = CountTable(
        key="raw",
        row_dimension="province",
        column_dimension="sex",
        rows=(Category("31", "Hải Phòng"), Category("40", "Nghệ An")),
        columns=(Category("female", "Nữ"), Category("male", "Nam")),
        cells=((3, 40), (25, 30)),
    )
    with pytest.raises(TypeError):
        display(raw, national_label="Toàn quốc")  # type: ignore[arg-type]
    shown = display(protect(raw), national_label="Toàn quốc")
    assert [c.text for c in shown.rows[0].cells] == ["*", "*"]
    assert shown.national is not None and shown.national.total is not None
    assert shown.national.total.text == "98"
