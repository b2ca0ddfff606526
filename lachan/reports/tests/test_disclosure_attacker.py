"""An attacker, written independently of the disclosure layer: it reads only what is
published (the JSON of protected tables), writes down every equation a reader knows
(rows add up to their totals, provinces to the nation, linked tables share their row
totals), and solves for the smallest and largest value of every hidden number with a
linear programme (and, for tiny tables, by brute force over every integer table).

A hidden number whose smallest and largest possible values coincide is recovered.
The self-tests below show the attacker does recover numbers from naive suppression —
so when it fails against the disclosure layer, that means something."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from typing import Any

from scipy.optimize import linprog

Published = Mapping[str, Any]  # ProtectedTable.as_dict()
Var = tuple[str, str, str]  # (table or linked group, row code or "*", column code or "*")


def _unknowns_and_equations(
    tables: Sequence[Published], linked: Sequence[Sequence[str]] = ()
) -> tuple[list[Var], list[tuple[dict[Var, float], float]]]:
    group_of = {key: "+".join(group) for group in linked for key in group}
    variables: dict[Var, None] = {}
    equations: list[tuple[dict[Var, float], float]] = []

    # a total one linked table publishes is known for all of them
    published_totals: dict[Var, int] = {}
    for table in tables:
        group = group_of.get(table["key"], table["key"])
        for r in table["rows"]:
            if r["total"] is not None:
                published_totals[(group, r["code"], "*")] = r["total"]
        if table["grand_total"] is not None:
            published_totals[(group, "*", "*")] = table["grand_total"]

    def term(table: Published, row: str, column: str, value: int | None) -> tuple[Var | None, int]:
        key = table["key"]
        if column == "*":  # a row total (or the grand total when row is "*" too)
            key = group_of.get(key, key)
            if value is None and (key, row, column) in published_totals:
                value = published_totals[(key, row, column)]
        if value is None:
            var = (key, row, column)
            variables.setdefault(var, None)
            return var, 0
        return None, value

    for table in tables:
        columns = [c["code"] for c in table["columns"]]
        has_row_totals = any(r["total"] is not None for r in table["rows"]) or (
            table["grand_total"] is not None
        )
        lines: list[list[tuple[str, str, int | None, float]]] = []
        if has_row_totals:
            for r in table["rows"]:
                line = [(r["code"], c, v, 1.0) for c, v in zip(columns, r["values"], strict=True)]
                line.append((r["code"], "*", r["total"], -1.0))
                lines.append(line)
        if table["column_totals"] is not None:
            for j, c in enumerate(columns):
                line = [(r["code"], c, r["values"][j], 1.0) for r in table["rows"]]
                line.append(("*", c, table["column_totals"][j], -1.0))
                lines.append(line)
            if has_row_totals:
                line = [
                    ("*", c, v, 1.0) for c, v in zip(columns, table["column_totals"], strict=True)
                ]
                line.append(("*", "*", table["grand_total"], -1.0))
                lines.append(line)
                line = [(r["code"], "*", r["total"], 1.0) for r in table["rows"]]
                line.append(("*", "*", table["grand_total"], -1.0))
                lines.append(line)
        for line in lines:
            coefficients: dict[Var, float] = {}
            constant = 0.0
            for row, column, value, sign in line:
                var, known = term(table, row, column, value)
                if var is None:
                    constant += sign * known
                else:
                    coefficients[var] = coefficients.get(var, 0.0) + sign
            if coefficients:
                equations.append((coefficients, -constant))
            elif abs(constant) > 1e-9:
                raise AssertionError(f"published figures of {table['key']} do not add up")
    return list(variables), equations


def _system(
    tables: Sequence[Published], linked: Sequence[Sequence[str]]
) -> tuple[dict[Var, int], list[list[float]], list[float]]:
    variables, equations = _unknowns_and_equations(tables, linked)
    index = {v: i for i, v in enumerate(variables)}
    a_eq = []
    b_eq = []
    for coefficients, rhs in equations:
        row = [0.0] * len(variables)
        for var, coefficient in coefficients.items():
            row[index[var]] = coefficient
        a_eq.append(row)
        b_eq.append(rhs)
    return index, a_eq, b_eq


def _solve(objective: list[float], a_eq: list[list[float]], b_eq: list[float]) -> Any:
    result = linprog(
        objective,
        A_eq=a_eq or None,
        b_eq=b_eq or None,
        bounds=[(0, None)] * len(objective),
        method="highs",
    )
    assert result.status in (0, 3), result.message
    return result


def _bounds(i: int, size: int, a_eq: list[list[float]], b_eq: list[float]) -> tuple[float, float]:
    extremes = []
    for direction in (1.0, -1.0):
        objective = [0.0] * size
        objective[i] = direction
        result = _solve(objective, a_eq, b_eq)
        extremes.append(float("inf") if result.status == 3 else direction * result.fun)
    return extremes[0], extremes[1]


def attack(
    tables: Sequence[Published], linked: Sequence[Sequence[str]] = (), only: Var | None = None
) -> dict[Var, tuple[float, float]]:
    """Smallest and largest value of every hidden number (or of ``only``; ∞ when
    unbounded)."""
    index, a_eq, b_eq = _system(tables, linked)
    return {
        var: _bounds(i, len(index), a_eq, b_eq)
        for var, i in index.items()
        if only is None or var == only
    }


def recovered(tables: Sequence[Published], linked: Sequence[Sequence[str]] = ()) -> list[Var]:
    """The hidden numbers the reader pins down. Quick pass first: a number that differs
    between two feasible tables (vertices for random objectives) is not pinned; only
    the others get the exact smallest/largest check."""
    index, a_eq, b_eq = _system(tables, linked)
    if not index:
        return []
    rng = random.Random(11)
    seen: dict[Var, set[float]] = {v: set() for v in index}
    for _ in range(12):
        objective = [rng.uniform(-1.0, 1.0) for _ in index]
        result = _solve(objective, a_eq, b_eq)
        if result.status != 0:
            continue
        for var, i in index.items():
            seen[var].add(round(float(result.x[i]), 6))
    pinned = []
    for var, i in index.items():
        if len(seen[var]) > 1:
            continue
        low, high = _bounds(i, len(index), a_eq, b_eq)
        if high - low < 0.5:
            pinned.append(var)
    return sorted(pinned)


def brute_force(table: Published, *, limit: int = 40) -> dict[Var, set[int]]:
    """Every integer value each hidden number can take (counts up to ``limit``)."""
    variables, equations = _unknowns_and_equations([table])
    possible: dict[Var, set[int]] = {v: set() for v in variables}
    for values in itertools.product(range(limit + 1), repeat=len(variables)):
        assignment = dict(zip(variables, values, strict=True))
        if all(
            abs(sum(c * assignment[v] for v, c in coefficients.items()) - rhs) < 1e-9
            for coefficients, rhs in equations
        ):
            for v, value in assignment.items():
                possible[v].add(value)
    return possible


# -- self-tests: the attacker breaks naive protection ---------------------------------------
def _naive(rows: list[list[int | None]], totals: list[int], column_totals: list[int]) -> Published:
    return {
        "key": "naive",
        "columns": [{"code": f"c{j}"} for j in range(len(column_totals))],
        "rows": [
            {"code": f"r{i}", "values": values, "total": totals[i]} for i, values in enumerate(rows)
        ],
        "column_totals": column_totals,
        "grand_total": sum(column_totals),
    }


def test_primary_suppression_alone_is_undone_by_subtraction() -> None:
    # the 3 hidden alone: row total 23 − 20 gives it back
    table = _naive([[None, 20], [15, 30]], [23, 45], [18, 50])
    assert recovered([table]) == [("naive", "r0", "c0")]
    assert attack([table])[("naive", "r0", "c0")] == (3.0, 3.0)
    assert brute_force(table) == {("naive", "r0", "c0"): {3}}


def test_two_hidden_cells_in_a_row_are_still_pinned_by_their_columns() -> None:
    # a row with two hidden cells, but each column has only one: both come back
    table = _naive([[None, None, 40], [15, 30, 50]], [63, 95], [18, 50, 90])
    assert recovered([table]) == [("naive", "r0", "c0"), ("naive", "r0", "c1")]


def test_non_negativity_pins_a_cell_the_equations_alone_would_not() -> None:
    # x + y = 0 has one solution in counts: both hidden zeros come back
    table = _naive([[None, None], [None, None], [5, 5]], [0, 0, 10], [5, 5])
    # hidden: r0c0, r0c1, r1c0, r1c1 — a rectangle, but every row total is 0
    assert recovered([table]) == [
        ("naive", "r0", "c0"),
        ("naive", "r0", "c1"),
        ("naive", "r1", "c0"),
        ("naive", "r1", "c1"),
    ]


def test_a_rectangle_of_hidden_cells_is_safe() -> None:
    # true values: r0 = 3, 5, 12; r1 = 4, 6, 20
    table = _naive([[None, None, 12], [None, None, 20]], [20, 30], [7, 11, 32])
    assert recovered([table]) == []
    assert brute_force(table, limit=12)[("naive", "r0", "c0")] == set(range(8))


def test_linked_tables_leak_what_each_hides_alone() -> None:
    # table A hides the row totals of r0 and r1; table B publishes r0's: A's r1 follows
    a = _naive([[None, None], [None, None], [30, 40]], [None, None, 70], [40, 55])  # type: ignore[list-item]
    a["grand_total"] = 95
    b = {
        "key": "b",
        "columns": [{"code": "x"}, {"code": "y"}],
        "rows": [
            {"code": "r0", "values": [None, None], "total": 12},
            {"code": "r1", "values": [None, None], "total": None},
            {"code": "r2", "values": [35, 35], "total": 70},
        ],
        "column_totals": [45, 50],
        "grand_total": 95,
    }
    assert ("naive+b", "r1", "*") not in recovered([a, b])  # unlinked, the reader misses it
    assert ("naive+b", "r1", "*") in recovered([a, b], linked=[["naive", "b"]])
