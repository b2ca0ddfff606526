"""Linked tables: several breakdowns of the same population by the same rows (victims
by sex, by age band, by exploitation type — per province) share their row totals and
grand total. An attacker combines them, so they are protected together:

1. Consistent suppression: a shared total hidden in one table is hidden in all of
   them (``forced``), and every table is re-protected, to a fixed point.
2. Joint check: the equations of all tables at once, solved as linear programmes
   (min and max of every hidden value under non-negative counts, HiGHS via SciPy). A
   hidden value whose min equals its max is derivable.
3. Repair: hide one more shared total (the smallest row total; the grand total last),
   back to 1. Publishing nothing beats publishing something derivable: if even a fully
   hidden total column leaves a value derivable, ``DisclosureError``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lachan.reports.disclosure.protected import (
    PUBLIC_POLICY,
    DisclosurePolicy,
    ProtectedTable,
    prepare,
    seal,
)
from lachan.reports.disclosure.suppression import equations, movable, suppress
from lachan.reports.disclosure.tables import CountTable, DisclosureError, Position

SHARED = -1


@dataclass(frozen=True)
class JointVariable:
    table: int  # index into the tables; SHARED for a row total (position (row, SHARED))
    position: Position


def _shared(table: CountTable, position: Position) -> bool:
    return position[1] == table.n_columns  # the row-total column, grand total included


def _joint_system(
    tables: Sequence[CountTable], hidden: Sequence[frozenset[Position] | set[Position]]
) -> tuple[dict[JointVariable, int], list[list[float]], list[float], dict[JointVariable, int]]:
    """The unknowns (with their true values) and the equations a reader of all the
    tables knows."""
    index: dict[JointVariable, int] = {}
    truth: dict[JointVariable, int] = {}

    def var(t: int, position: Position) -> JointVariable:
        if _shared(tables[t], position):
            return JointVariable(SHARED, (position[0], SHARED))
        return JointVariable(t, position)

    # a total that any of the tables publishes is known to the reader of all of them
    known = {
        var(t, p): table.value(p)
        for t, table in enumerate(tables)
        for p in table.positions()
        if _shared(table, p) and p not in hidden[t]
    }
    for t, table in enumerate(tables):
        for position in sorted(hidden[t]):
            v = var(t, position)
            if v not in known:
                index.setdefault(v, len(index))
                truth[v] = table.value(position)
    rows_a: list[list[float]] = []
    rhs: list[float] = []
    for t, table in enumerate(tables):
        n_r, n_c = table.n_rows, table.n_columns
        for node, members in equations(table).items():
            coefficients = [0.0] * len(index)
            constant = 0.0
            for position in members:
                i, j = position
                if node.startswith("r"):
                    sign = -1.0 if j >= n_c else 1.0
                else:
                    sign = -1.0 if i >= n_r else 1.0
                if var(t, position) in index:
                    coefficients[index[var(t, position)]] += sign
                else:
                    constant += sign * table.value(position)
            if any(coefficients):
                rows_a.append(coefficients)
                rhs.append(-constant)
    return index, rows_a, rhs, truth


def _extreme(
    column: int, direction: float, size: int, rows_a: list[list[float]], rhs: list[float]
) -> float:
    from scipy.optimize import linprog  # imported here: only protection runs need it

    objective = [0.0] * size
    objective[column] = direction
    solved = linprog(
        objective,
        A_eq=rows_a or None,
        b_eq=rhs or None,
        bounds=[(0, None)] * size,
        method="highs",
    )
    if solved.status == 3:  # unbounded (only when maximising)
        return float("inf")
    if solved.status != 0:
        raise DisclosureError(f"joint check failed: {solved.message}")
    return direction * float(solved.fun)


def joint_bounds(
    tables: Sequence[CountTable], hidden: Sequence[frozenset[Position] | set[Position]]
) -> dict[JointVariable, tuple[float, float]]:
    """Min and max of every hidden value given every published value of all the
    tables, their equations and non-negative counts (row totals shared)."""
    index, rows_a, rhs, _truth = _joint_system(tables, hidden)
    return {
        v: (_extreme(c, 1.0, len(index), rows_a, rhs), _extreme(c, -1.0, len(index), rows_a, rhs))
        for v, c in index.items()
    }


def joint_derivable(
    tables: Sequence[CountTable], hidden: Sequence[frozenset[Position] | set[Position]]
) -> list[JointVariable]:
    """The hidden values a reader of all the tables pins down exactly.

    Cheap first: a cell that moves along a cycle of hidden cells of its own table that
    avoids the shared totals moves jointly too (no other table sees the change). The
    rest are settled by linear programmes against their true values: one LP when the
    value can rise, a second only otherwise."""
    index, rows_a, rhs, truth = _joint_system(tables, hidden)
    free: set[JointVariable] = set()
    for t, table in enumerate(tables):
        inner = {p for p in hidden[t] if not _shared(table, p)}
        for p in inner:
            if movable(table, inner, p) != (False, False):
                free.add(JointVariable(t, p))
    pinned = []
    for v, column in index.items():
        if v in free:
            continue
        if _extreme(column, -1.0, len(index), rows_a, rhs) >= truth[v] + 0.5:
            continue
        if _extreme(column, 1.0, len(index), rows_a, rhs) <= truth[v] - 0.5:
            continue
        pinned.append(v)
    return pinned


def protect_linked(
    tables: Sequence[CountTable], policy: DisclosurePolicy = PUBLIC_POLICY
) -> list[ProtectedTable]:
    """Protect tables that share rows and row totals (see the module docstring)."""
    prepared = [prepare(t, policy) for t in tables]
    if not prepared:
        return []
    first = prepared[0]
    for table in prepared:
        if not table.row_totals or not table.column_totals:
            raise DisclosureError(f"{table.key}: linked tables need row and column totals")
        if [r.code for r in table.rows] != [r.code for r in first.rows]:
            raise DisclosureError(f"{table.key}: linked tables need the same rows")
        for i in range(first.n_rows + 1):
            if table.value((i, table.n_columns)) != first.value((i, first.n_columns)):
                raise DisclosureError(f"{table.key}: row totals differ from {first.key}")
    n_r = first.n_rows
    shared: set[int] = set()
    while True:
        while True:
            results = [
                suppress(t, k=policy.k, forced=[(i, t.n_columns) for i in shared]) for t in prepared
            ]
            union = {
                i
                for t, result in zip(prepared, results, strict=True)
                for (i, j) in result.suppressed
                if j == t.n_columns
            }
            if union == shared:
                break
            shared = union
        hidden = [r.suppressed for r in results]
        if len(prepared) == 1 or not joint_derivable(prepared, hidden):
            return [seal(t, h, policy) for t, h in zip(prepared, hidden, strict=True)]
        candidates = sorted(
            (first.value((i, first.n_columns)), i) for i in range(n_r) if i not in shared
        )
        if candidates:
            shared.add(candidates[0][1])
        elif n_r not in shared:
            shared.add(n_r)
        else:
            raise DisclosureError("linked tables cannot be protected")
