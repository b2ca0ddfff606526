"""Cell suppression: primary (0 < n < k) and secondary (so that no suppressed cell can
be recovered from the published cells and totals).

**The attacker's equations.** Every row with a total gives ``Σ cells − total = 0``; every
column with a total gives the same down the column. Each published position lies in at
most two of these equations (its row's and its column's), so the system is a network:
flipping the sign of the margin cells (``y = −x`` for row and column totals) and of the
column equations turns every position into an arc from its row equation to its column
equation (or to a *ground* node when it lies in only one equation, e.g. tips per
province without a row total). Changes that keep every equation true are exactly the
circulations of that graph restricted to the suppressed arcs.

**Exact recoverability.** A suppressed cell's value is derivable exactly when no
feasible change moves it: it can go up by one iff a path closes a cycle through it in
the residual graph (an arc may be used in the direction that raises its count always,
and in the direction that lowers it only when its count is at least 1 — counts are
never negative). The matrix is totally unimodular, so "a feasible real change exists"
and "±1 is feasible" coincide: the check is exact, not a heuristic. ``derivable_cells``
returns the suppressed positions an attacker could pin down; ``suppress`` adds
complementary suppressions until there are none.

**Secondary suppression.** (1) every equation with one suppressed position gets a second
(preferring non-zero cells, interior cells over totals, cells whose other equation
already has a suppression, then the smallest count), repeated to a fixed point; (2) the
exact check above; for each derivable cell, the cheapest extra suppression that makes it
safe is added; back to (1) until both hold. Termination: every round adds a position,
and a fully suppressed table reveals nothing."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lachan.reports.disclosure.tables import CountTable, DisclosureError, Position

GROUND = "g"


@dataclass(frozen=True)
class Arc:
    position: Position
    tail: str  # row equation (or ground)
    head: str  # column equation (or ground)
    sign: int  # +1 for cells and the grand total, −1 for row and column totals
    value: int


@lru_cache(maxsize=128)
def arcs(table: CountTable) -> tuple[Arc, ...]:
    """One arc per published position (see the module docstring)."""
    result = []
    n_r, n_c = table.n_rows, table.n_columns
    for position in table.positions():
        i, j = position
        tail = f"r{i}" if table.row_totals else GROUND
        head = f"c{j}" if table.column_totals else GROUND
        sign = -1 if (i >= n_r) != (j >= n_c) else 1
        result.append(Arc(position, tail, head, sign, table.value(position)))
    return tuple(result)


@lru_cache(maxsize=128)
def _arc_map(table: CountTable) -> dict[Position, Arc]:
    return {arc.position: arc for arc in arcs(table)}


def equations(table: CountTable) -> dict[str, list[Position]]:
    """The equations an attacker knows, by node name: each lists its positions."""
    found: dict[str, list[Position]] = defaultdict(list)
    for arc in arcs(table):
        for node in (arc.tail, arc.head):
            if node != GROUND:
                found[node].append(arc.position)
    return dict(found)


def _reachable(adjacency: dict[str, list[str]], start: str, goal: str) -> bool:
    if start == goal:
        return True
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in adjacency.get(node, ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def movable(
    table: CountTable, suppressed: Iterable[Position], position: Position
) -> tuple[bool, bool]:
    """(can go up by one, can go down by one) for the suppressed ``position``, given
    every other published value and non-negative counts."""
    hidden = set(suppressed)
    by_position = _arc_map(table)
    adjacency: dict[str, list[str]] = defaultdict(list)
    for pos in hidden:
        if pos == position:
            continue
        arc = by_position[pos]
        # forward (tail → head) raises y; it raises the count when sign is +1
        if arc.sign == 1 or arc.value >= 1:
            adjacency[arc.tail].append(arc.head)
        if arc.sign == -1 or arc.value >= 1:
            adjacency[arc.head].append(arc.tail)
    arc = by_position[position]
    # raising the count: sign +1 pushes forward (need head ⇝ tail), sign −1 backward
    if arc.sign == 1:
        up = _reachable(adjacency, arc.head, arc.tail)
        down = arc.value >= 1 and _reachable(adjacency, arc.tail, arc.head)
    else:
        up = _reachable(adjacency, arc.tail, arc.head)
        down = arc.value >= 1 and _reachable(adjacency, arc.head, arc.tail)
    return up, down


def derivable_cells(table: CountTable, suppressed: Iterable[Position]) -> list[Position]:
    """Suppressed positions whose exact value follows from the published ones."""
    hidden = sorted(set(suppressed))
    return [p for p in hidden if movable(table, hidden, p) == (False, False)]


def primary(table: CountTable, k: int) -> set[Position]:
    """Positions (cells and margins) with 0 < n < k."""
    return {p for p, v in table.values().items() if 0 < v < k}


@dataclass(frozen=True)
class SuppressionResult:
    primary: frozenset[Position]
    secondary: frozenset[Position]

    @property
    def suppressed(self) -> frozenset[Position]:
        return self.primary | self.secondary


def _cost(
    table: CountTable,
    position: Position,
    hidden: set[Position],
    eqs: dict[str, list[Position]],
    line_of: dict[Position, list[str]],
    line: str,
) -> tuple[int, int, int, int, Position]:
    value = table.value(position)
    others = [node for node in line_of[position] if node != line]
    helps = any(sum(1 for p in eqs[node] if p in hidden) == 1 for node in others)
    return (
        1 if value == 0 else 0,
        1 if table.is_margin(position) else 0,
        0 if helps else 1,
        value,
        position,
    )


def suppress(table: CountTable, *, k: int, forced: Iterable[Position] = ()) -> SuppressionResult:
    """Primary suppression of 0 < n < k (plus ``forced`` positions, e.g. a margin that
    a linked table suppressed) and secondary suppression until nothing is derivable."""
    if k < 2:
        raise DisclosureError("k must be at least 2")
    first = primary(table, k)
    forced_set = set(forced)
    unknown = forced_set - set(table.positions())
    if unknown:
        raise DisclosureError(f"{table.key}: forced positions outside the table: {sorted(unknown)}")
    hidden = first | forced_set
    eqs = equations(table)
    line_of: dict[Position, list[str]] = defaultdict(list)
    for node, members in eqs.items():
        for p in members:
            line_of[p].append(node)
    all_positions = table.positions()
    while True:
        # (1) every equation with one unknown gets a second, to a fixed point
        changed = True
        while changed:
            changed = False
            for node in sorted(eqs):
                members = eqs[node]
                if sum(1 for p in members if p in hidden) != 1:
                    continue
                candidates = [p for p in members if p not in hidden]
                if not candidates:
                    continue
                best = min(candidates, key=lambda p: _cost(table, p, hidden, eqs, line_of, node))
                hidden.add(best)
                changed = True
        # (2) the exact check; repair the first derivable cell and go round again
        bad = derivable_cells(table, hidden)
        if not bad:
            break
        target = bad[0]
        options = []
        for p in all_positions:
            if p in hidden:
                continue
            trial = hidden | {p}
            if movable(table, trial, target) != (False, False):
                value = table.value(p)
                options.append((1 if value == 0 else 0, 1 if table.is_margin(p) else 0, value, p))
        if options:
            hidden.add(min(options)[3])
        else:  # nothing single helps: hide the cheapest remaining position
            rest = [p for p in all_positions if p not in hidden]
            if not rest:
                raise DisclosureError(f"{table.key}: cannot be protected")
            hidden.add(min(rest, key=lambda p: (table.value(p) == 0, table.value(p), p)))
    return SuppressionResult(primary=frozenset(first), secondary=frozenset(hidden - first))
