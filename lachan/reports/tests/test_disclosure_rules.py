"""Rounding, folding, the schema check and linked tables."""

from __future__ import annotations

import pytest

from lachan.reports.disclosure import (
    Category,
    CountTable,
    DisclosurePolicy,
    Rounding,
    RoundingMode,
    SchemaViolation,
    protect,
    protect_linked,
)
from lachan.reports.disclosure.folding import fold_rare_columns
from lachan.reports.disclosure.linked import joint_derivable
from lachan.reports.disclosure.schema import check_column_names, check_columns
from lachan.reports.tests.test_disclosure_attacker import attack, recovered

PROVINCES = tuple(Category(code, f"P{code}") for code in ("01", "04", "08", "11"))


def by_province(key: str, dimension: str, columns: list[str], cells: list[list[int]]) -> CountTable:
    return CountTable(
        key=key,
        row_dimension="province",
        column_dimension=dimension,
        rows=PROVINCES[: len(cells)],
        columns=tuple(Category(c, c) for c in columns),
        cells=tuple(tuple(r) for r in cells),
    )


# -- rounding --------------------------------------------------------------------------------
def test_rounding_nearest_and_down() -> None:
    assert [Rounding().apply(v) for v in (0, 4, 5, 14, 15, 25, 1024)] == [
        0,
        0,
        10,
        10,
        20,
        30,
        1020,
    ]
    down = Rounding(mode=RoundingMode.DOWN)
    assert [down.apply(v) for v in (0, 9, 19, 20, 1029)] == [0, 0, 10, 20, 1020]


def test_rounded_tables_round_totals_from_their_true_values() -> None:
    t = by_province("v", "sex", ["f", "m"], [[3, 24], [16, 36], [44, 57]])
    p = protect(t, DisclosurePolicy(rounding=Rounding()))
    assert p.cells == ((None, None), (None, None), (40, 60))  # 44 → 40, 57 → 60
    assert p.row_totals == (30, 50, 100)  # 27 → 30, 52 → 50, 101 → 100
    assert p.column_totals == (60, 120)  # 63 → 60, 117 → 120
    assert p.grand_total == 180  # 180: not the sum of rounded row totals (30+50+100)
    assert p.as_dict()["rounding"] == {"base": 10, "mode": "nearest"}
    assert all(v % 10 == 0 for v in p.published_values())


# -- folding ---------------------------------------------------------------------------------
def test_rare_categories_fold_into_other() -> None:
    t = by_province(
        "k",
        "exploitation_type",
        ["sexual", "forced_labour", "organ_removal", "surrogacy", "other"],
        [[20, 30, 1, 0, 2], [25, 12, 2, 0, 1]],
    )
    folded = fold_rare_columns(t, threshold=11)
    assert [c.code for c in folded.columns] == ["sexual", "forced_labour", "surrogacy", "other"]
    assert folded.cells == ((20, 30, 0, 3), (25, 12, 0, 3))
    # row totals are unchanged by folding
    assert [folded.value((i, 4)) for i in range(3)] == [t.value((i, 5)) for i in range(3)]
    p = protect(t, DisclosurePolicy(fold_threshold=11))
    assert [c.code for c in p.columns] == ["sexual", "forced_labour", "surrogacy", "other"]


def test_folding_creates_other_when_absent() -> None:
    t = by_province("k", "exploitation_type", ["sexual", "organ_removal"], [[30, 1], [40, 2]])
    folded = fold_rare_columns(t, threshold=11, other_label="Khác")
    assert folded.columns[-1] == Category("other", "Khác")
    assert folded.cells == ((30, 1), (40, 2))


# -- schema ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "dimension", ["full_name", "date_of_birth", "commune", "district", "person"]
)
def test_forbidden_dimensions_are_refused(dimension: str) -> None:
    t = CountTable(
        key="bad",
        row_dimension=dimension,
        column_dimension="sex",
        rows=(Category("x", "x"),),
        columns=(Category("f", "f"),),
        cells=((20,),),
    )
    with pytest.raises(SchemaViolation):
        protect(t)


def test_places_below_province_are_refused() -> None:
    t = CountTable(
        key="bad",
        row_dimension="province",
        column_dimension="sex",
        rows=(Category("31", "Hải Phòng"), Category("11311", "Phường Hồng Bàng")),
        columns=(Category("f", "f"),),
        cells=((20,), (30,)),
    )
    with pytest.raises(SchemaViolation, match="below province"):
        protect(t)


def test_exact_dates_as_categories_are_refused() -> None:
    t = CountTable(
        key="bad",
        row_dimension="province",
        column_dimension="age_band",
        rows=(Category("31", "Hải Phòng"),),
        columns=(Category("b", "12/03/2004"),),
        cells=((20,),),
    )
    with pytest.raises(SchemaViolation, match="date"):
        protect(t)


@pytest.mark.parametrize(
    "column",
    [
        "name",
        "fullName",
        "ho_ten",
        "dateOfBirth",
        "ngay_sinh",
        "address",
        "commune_code",
        "district",
        "phone",
        "cccd",
    ],
)
def test_forbidden_columns_are_refused(column: str) -> None:
    with pytest.raises(SchemaViolation):
        check_column_names([column])


def test_values_that_look_like_dates_are_refused() -> None:
    check_columns(["gender"], [{"gender": "Female"}])
    with pytest.raises(SchemaViolation):
        check_columns(["gender"], [{"gender": "2004-03-12"}])
    with pytest.raises(SchemaViolation, match="undeclared"):
        check_columns(["gender"], [{"gender": "Female", "name": "A"}])


# -- linked tables (same population, shared row totals) ----------------------------------------
def small_province_tables() -> list[CountTable]:
    # province 11 is small: 4 persons (4 women; ages 9-17 ×2, 18-20 ×2). Alone, the sex
    # table pairs its hidden total with province 08's, the age table with province 04's.
    by_sex = by_province("sex", "sex", ["female", "male"], [[40, 25], [30, 21], [5, 77], [4, 0]])
    by_age = by_province(
        "age",
        "age_band",
        ["9-17", "18-20", "21+"],
        [[15, 20, 30], [3, 23, 25], [22, 28, 32], [2, 2, 0]],
    )
    return [by_sex, by_age]


def test_linked_tables_hide_the_same_totals_and_resist_a_joint_attack() -> None:
    tables = small_province_tables()
    protected = protect_linked(tables)
    sex, age = protected
    assert sex.row_totals == age.row_totals
    assert sex.row_total("11") is None  # the small province's total (4)
    hidden_totals = [r.code for r in sex.rows if sex.row_total(r.code) is None]
    assert len(hidden_totals) >= 2  # never a lone hidden total beside a published nation
    assert sex.grand_total == 202
    dicts = [p.as_dict() for p in protected]
    assert recovered(dicts, linked=[["sex", "age"]]) == []
    assert all(v == 0 or v >= 11 for p in protected for v in p.published_values())


def test_protecting_linked_tables_separately_can_leak() -> None:
    """What protect_linked prevents: each table safe alone, unsafe together."""
    tables = small_province_tables()
    alone = [protect(t) for t in tables]
    joint_hidden = [p.suppressed_positions() for p in alone]
    separately = recovered([p.as_dict() for p in alone], linked=[["sex", "age"]])
    # the row totals were hidden differently, so the reader combines them:
    # 202 − 65 − 51 (published by the sex table) − 82 (by the age table) = 4
    assert alone[0].row_totals == (65, 51, None, None)
    assert alone[1].row_totals == (65, None, 82, None)
    assert ("sex+age", "11", "*") in separately
    assert joint_derivable(tables, joint_hidden) != []


def test_linked_tables_must_share_rows_and_totals() -> None:
    a = by_province("a", "sex", ["f", "m"], [[20, 30], [40, 50]])
    b = by_province("b", "sex", ["f", "m"], [[20, 31], [40, 50]])
    with pytest.raises(ValueError, match="row totals differ"):
        protect_linked([a, b])


def test_the_attacker_bounds_a_small_province_widely() -> None:
    protected = protect_linked(small_province_tables())
    total = ("sex+age", "11", "*")
    low, high = attack([p.as_dict() for p in protected], linked=[["sex", "age"]], only=total)[total]
    assert low <= 4 <= high and high - low >= 4
