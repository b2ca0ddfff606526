"""``ProtectedTable``: the only thing a public page, a public API answer or a partner
file may be built from, and ``protect``: the only way to make one.

A ``ProtectedTable`` holds no suppressed value anywhere — not in a private attribute,
not in a cache: suppressed positions are ``None`` from the moment it exists. It does not
say which suppressions were primary (that would tell an attacker which cells are small).
Its constructor refuses to run without the module's seal, so a view cannot wrap raw
counts in one by mistake.

Steps of ``protect`` (``DisclosurePolicy``): schema check → optional folding of rare
column categories into "other" → primary and secondary suppression (k = 11) → optional
rounding of the published values to multiples of 10.

Rounding policy for totals: every published value — cells *and* totals — is rounded
from its own true value ("independent rounding"). Published totals are therefore the
rounded true totals, and may differ from the sum of the rounded cells by up to
half a base per cell (nearest) or a base per cell (down); pages say so under the table.
Rounding never reveals a suppressed cell: it only widens what an attacker can infer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lachan.reports.disclosure.folding import fold_rare_columns
from lachan.reports.disclosure.schema import check_dimensions
from lachan.reports.disclosure.suppression import suppress
from lachan.reports.disclosure.tables import Category, CountTable, DisclosureError, Position

K_THRESHOLD = 11
_SEAL = object()


class RoundingMode(StrEnum):
    NEAREST = "nearest"  # half up: 14 → 10, 15 → 20
    DOWN = "down"  # as CTDC: 19 → 10


@dataclass(frozen=True)
class Rounding:
    base: int = 10
    mode: RoundingMode = RoundingMode.NEAREST

    def apply(self, value: int) -> int:
        if self.mode == RoundingMode.DOWN:
            return (value // self.base) * self.base
        return ((value + self.base // 2) // self.base) * self.base


@dataclass(frozen=True)
class DisclosurePolicy:
    k: int = K_THRESHOLD
    rounding: Rounding | None = None
    fold_threshold: int | None = None  # fold column categories with 0 < total < this
    other_code: str = "other"
    other_label: str = "Other"


PUBLIC_POLICY = DisclosurePolicy()


@dataclass(frozen=True, eq=False)
class ProtectedTable:
    key: str
    title: str
    row_dimension: str
    column_dimension: str
    rows: tuple[Category, ...]
    columns: tuple[Category, ...]
    cells: tuple[tuple[int | None, ...], ...]  # None: suppressed
    row_totals: tuple[int | None, ...] | None
    column_totals: tuple[int | None, ...] | None
    grand_total: int | None
    k: int
    rounding: Rounding | None
    _seal: object

    def __post_init__(self) -> None:
        if self._seal is not _SEAL:
            raise TypeError("a ProtectedTable is made only by protect()")

    # -- reading ---------------------------------------------------------------------
    def row_index(self, code: str) -> int:
        for index, category in enumerate(self.rows):
            if category.code == code:
                return index
        raise KeyError(code)

    def column_index(self, code: str) -> int:
        for index, category in enumerate(self.columns):
            if category.code == code:
                return index
        raise KeyError(code)

    def cell(self, row: str, column: str) -> int | None:
        return self.cells[self.row_index(row)][self.column_index(column)]

    def row_total(self, row: str) -> int | None:
        if self.row_totals is None:
            raise KeyError("this table has no row totals")
        return self.row_totals[self.row_index(row)]

    def column_total(self, column: str) -> int | None:
        if self.column_totals is None:
            raise KeyError("this table has no column totals")
        return self.column_totals[self.column_index(column)]

    def grid(self) -> dict[Position, int | None]:
        """Every published position of the extended grid (see ``tables``)."""
        n_r, n_c = len(self.rows), len(self.columns)
        found: dict[Position, int | None] = {}
        for i, row in enumerate(self.cells):
            for j, value in enumerate(row):
                found[(i, j)] = value
            if self.row_totals is not None:
                found[(i, n_c)] = self.row_totals[i]
        if self.column_totals is not None:
            for j, value in enumerate(self.column_totals):
                found[(n_r, j)] = value
            if self.row_totals is not None:
                found[(n_r, n_c)] = self.grand_total
        return found

    def published_values(self) -> Iterator[int]:
        for value in self.grid().values():
            if value is not None:
                yield value

    def suppressed_positions(self) -> frozenset[Position]:
        return frozenset(p for p, v in self.grid().items() if v is None)

    def as_dict(self) -> dict[str, Any]:
        """JSON shape of the public API: suppressed values are ``null``."""
        return {
            "key": self.key,
            "title": self.title,
            "row_dimension": self.row_dimension,
            "column_dimension": self.column_dimension,
            "k": self.k,
            "rounding": (
                {"base": self.rounding.base, "mode": str(self.rounding.mode)}
                if self.rounding
                else None
            ),
            "columns": [{"code": c.code, "label": c.label} for c in self.columns],
            "rows": [
                {
                    "code": r.code,
                    "label": r.label,
                    "values": list(self.cells[i]),
                    "total": self.row_totals[i] if self.row_totals is not None else None,
                }
                for i, r in enumerate(self.rows)
            ],
            "column_totals": list(self.column_totals) if self.column_totals is not None else None,
            "grand_total": self.grand_total,
        }

    def only_rows(self, codes: set[str]) -> ProtectedTable:
        """The same protected values restricted to some rows (a province's page shows
        its own row of the national table: same numbers, same suppressions)."""
        keep = [i for i, r in enumerate(self.rows) if r.code in codes]
        return ProtectedTable(
            key=self.key,
            title=self.title,
            row_dimension=self.row_dimension,
            column_dimension=self.column_dimension,
            rows=tuple(self.rows[i] for i in keep),
            columns=self.columns,
            cells=tuple(self.cells[i] for i in keep),
            row_totals=(
                tuple(self.row_totals[i] for i in keep) if self.row_totals is not None else None
            ),
            column_totals=self.column_totals,
            grand_total=self.grand_total,
            k=self.k,
            rounding=self.rounding,
            _seal=_SEAL,
        )


def seal(
    table: CountTable,
    hidden: frozenset[Position] | set[Position],
    policy: DisclosurePolicy,
) -> ProtectedTable:
    """Build the ProtectedTable of an already-suppressed table (used by ``protect`` and
    by the linked-table protection, which suppresses several tables jointly)."""

    def shown(position: Position) -> int | None:
        if position in hidden:
            return None
        value = table.value(position)
        return policy.rounding.apply(value) if policy.rounding else value

    n_r, n_c = table.n_rows, table.n_columns
    return ProtectedTable(
        key=table.key,
        title=table.title,
        row_dimension=table.row_dimension,
        column_dimension=table.column_dimension,
        rows=table.rows,
        columns=table.columns,
        cells=tuple(tuple(shown((i, j)) for j in range(n_c)) for i in range(n_r)),
        row_totals=tuple(shown((i, n_c)) for i in range(n_r)) if table.row_totals else None,
        column_totals=(tuple(shown((n_r, j)) for j in range(n_c)) if table.column_totals else None),
        grand_total=shown((n_r, n_c)) if table.row_totals and table.column_totals else None,
        k=policy.k,
        rounding=policy.rounding,
        _seal=_SEAL,
    )


def prepare(table: CountTable, policy: DisclosurePolicy) -> CountTable:
    """Schema check and folding: the table that suppression works on."""
    check_dimensions(table)
    if policy.fold_threshold is not None:
        table = fold_rare_columns(
            table,
            threshold=policy.fold_threshold,
            other_code=policy.other_code,
            other_label=policy.other_label,
        )
    return table


def protect(
    table: CountTable,
    policy: DisclosurePolicy = PUBLIC_POLICY,
    *,
    forced: Mapping[Position, bool] | None = None,
) -> ProtectedTable:
    """The protected version of ``table`` under ``policy``."""
    if policy.k < 2:
        raise DisclosureError("k must be at least 2")
    table = prepare(table, policy)
    result = suppress(table, k=policy.k, forced=[p for p, v in (forced or {}).items() if v])
    return seal(table, result.suppressed, policy)
