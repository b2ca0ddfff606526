"""Cell suppression on hand-made tables: exact patterns, and the independent attacker
(test_disclosure_attacker) recovers nothing from what is published."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lachan.reports.disclosure import (
    Category,
    CountTable,
    DisclosureError,
    ProtectedTable,
    protect,
)
from lachan.reports.disclosure.suppression import derivable_cells, movable, primary, suppress
from lachan.reports.tests.test_disclosure_attacker import attack, brute_force, recovered


def table(cells: list[list[int]], **kwargs: object) -> CountTable:
    return CountTable(
        key="t",
        row_dimension="province",
        column_dimension="sex",
        rows=tuple(Category(f"{i + 1:02d}", f"P{i + 1}") for i in range(len(cells))),
        columns=tuple(Category(f"c{j}", f"C{j}") for j in range(len(cells[0]))),
        cells=tuple(tuple(row) for row in cells),
        **kwargs,  # type: ignore[arg-type]
    )


def published(t: CountTable, **kwargs: object) -> ProtectedTable:
    return protect(t, **kwargs)  # type: ignore[arg-type]


# -- exact patterns ---------------------------------------------------------------------------
def test_one_small_cell_hides_the_cheapest_rectangle() -> None:
    t = table([[3, 20], [15, 30], [40, 50]])
    result = suppress(t, k=11)
    assert result.primary == {(0, 0)}
    assert result.secondary == {(0, 1), (1, 0), (1, 1)}
    p = published(t)
    assert p.as_dict()["rows"] == [
        {"code": "01", "label": "P1", "values": [None, None], "total": 23},
        {"code": "02", "label": "P2", "values": [None, None], "total": 45},
        {"code": "03", "label": "P3", "values": [40, 50], "total": 90},
    ]
    assert p.column_totals == (58, 100)
    assert p.grand_total == 158
    assert recovered([p.as_dict()]) == []


def test_a_small_row_total_is_hidden_and_paired_in_the_total_column() -> None:
    t = table([[3, 0], [20, 30]])
    result = suppress(t, k=11)
    assert result.primary == {(0, 0), (0, 2)}  # the cell and its row total (3)
    assert result.secondary == {(1, 0), (1, 2)}
    p = published(t)
    assert p.cells == ((None, 0), (None, 30))
    assert p.row_totals == (None, None)
    assert p.column_totals == (23, 30) and p.grand_total == 53
    assert recovered([p.as_dict()]) == []
    low, high = attack([p.as_dict()])[("t", "01", "c0")]
    assert (low, high) == (0.0, 23.0)


def test_boundaries_zero_and_k_are_published_one_to_ten_are_not() -> None:
    t = table([[0, 11, 10, 1], [30, 30, 30, 30]], column_totals=False, row_totals=False)
    assert primary(t, 11) == {(0, 2), (0, 3)}


def test_two_per_line_is_not_enough_a_bridge_is_repaired() -> None:
    cells = [[2, 3, 20, 25], [4, 5, 6, 30], [40, 35, 2, 3], [45, 50, 4, 5]]
    t = table(cells)
    first = primary(t, 11)
    # every row and column already holds two hidden cells, yet (1, 2) is a bridge
    assert first == {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert derivable_cells(t, first) == [(1, 2)]
    result = suppress(t, k=11)
    assert result.secondary == {(0, 2)}
    p = published(t)
    assert recovered([p.as_dict()]) == []
    low, high = attack([p.as_dict()])[("t", "02", "c2")]
    assert low < 6 < high


def test_tiny_table_brute_force_agrees() -> None:
    p = published(table([[2, 11], [12, 13]]))
    assert p.cells == ((None, None), (None, None))
    possible = brute_force(p.as_dict(), limit=25)
    assert possible[("t", "01", "c0")] == set(range(14))  # 0 … 13: its row adds up to 13
    assert all(len(values) > 1 for values in possible.values())


def test_single_row_and_single_column_tables() -> None:
    assert suppress(table([[3, 40]]), k=11).suppressed == {(0, 0), (1, 0), (0, 1), (1, 1)}
    single = suppress(table([[5], [30], [40]]), k=11)
    assert single.primary == {(0, 0), (0, 1)}
    assert single.secondary == {(1, 0), (1, 1)}


def test_measures_without_row_totals_pair_within_each_column() -> None:
    t = table([[5, 12], [30, 40], [40, 3]], row_totals=False)
    result = suppress(t, k=11)
    assert result.primary == {(0, 0), (2, 1)}
    assert result.secondary == {(1, 0), (0, 1)}
    p = published(t)
    assert p.row_totals is None
    assert p.cells == ((None, None), (None, 40), (40, None))
    assert p.column_totals == (75, 55)
    assert recovered([p.as_dict()]) == []


def test_a_table_of_small_numbers_hides_everything_small() -> None:
    p = published(table([[1, 2], [3, 4]]))
    assert set(p.published_values()) == set()  # every cell and total is 1–10


def test_forced_positions_are_hidden_and_protected() -> None:
    t = table([[30, 20], [15, 30], [40, 50]])
    result = suppress(t, k=11, forced=[(0, 2)])
    assert (0, 2) in result.suppressed
    assert derivable_cells(t, result.suppressed) == []
    with pytest.raises(DisclosureError):
        suppress(t, k=11, forced=[(9, 9)])


def test_movable_reports_both_directions() -> None:
    t = table([[3, 20], [15, 30], [40, 50]])
    hidden = suppress(t, k=11).suppressed
    assert movable(t, hidden, (0, 0)) == (True, True)
    # a hidden zero can rise but not fall
    z = table([[0, 20], [15, 30]])
    assert movable(z, {(0, 0), (0, 1), (1, 0), (1, 1)}, (0, 0)) == (True, False)


# -- the type is hard to misuse ------------------------------------------------------------------
def test_a_protected_table_cannot_be_built_by_hand() -> None:
    p = published(table([[3, 20], [15, 30], [40, 50]]))
    with pytest.raises(TypeError):
        dataclasses.replace(p, _seal=object())
    with pytest.raises(TypeError):
        ProtectedTable(
            **{f.name: getattr(p, f.name) for f in dataclasses.fields(p)} | {"_seal": None}
        )


def test_a_protected_table_keeps_no_hidden_value() -> None:
    p = published(table([[7, 20], [15, 30], [40, 50]]))
    assert set(vars(p)) == {f.name for f in dataclasses.fields(p)}
    assert p.cell("01", "c0") is None
    assert 7 not in list(p.published_values())
    assert p.suppressed_positions() == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_invalid_tables_are_refused() -> None:
    with pytest.raises(DisclosureError):
        table([[1, -2]])
    with pytest.raises(DisclosureError):
        table([[1, 2], [3]])
    with pytest.raises(DisclosureError):
        suppress(table([[1, 2]]), k=1)


# -- random tables: nothing published is 1–10 and nothing hidden comes back ------------------------
small_or_large = st.one_of(st.integers(0, 12), st.integers(11, 80))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 5).flatmap(
        lambda n_cols: st.lists(
            st.lists(small_or_large, min_size=n_cols, max_size=n_cols), min_size=1, max_size=6
        )
    ),
    st.booleans(),
    st.booleans(),
)
def test_random_tables_resist_the_attacker(
    cells: list[list[int]], row_totals: bool, column_totals: bool
) -> None:
    t = table(cells, row_totals=row_totals, column_totals=column_totals)
    p = published(t)
    assert all(v == 0 or v >= 11 for v in p.published_values())
    assert recovered([p.as_dict()]) == []
