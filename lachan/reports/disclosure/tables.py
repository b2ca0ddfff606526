"""The input of the disclosure layer: a table of counts (rows × columns) whose margins
are computed here, never given, so they always agree with the cells.

Margins are optional per axis: ``row_totals`` when the columns of a row add up (e.g.
victims by sex: every victim has exactly one sex category), ``column_totals`` when the
rows of a column add up (provinces add up to the nation). Counts that do not add up
(tips received and tips resolved) are separate columns with ``row_totals=False``.

Positions use the extended grid: row index ``len(rows)`` is the total row and column
index ``len(columns)`` the total column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

Position = tuple[int, int]


class DisclosureError(ValueError):
    """The disclosure layer refused an input or could not protect it. Never shown to the
    public: the caller publishes nothing rather than something unsafe."""


@dataclass(frozen=True)
class Category:
    code: str
    label: str


@dataclass(frozen=True)
class CountTable:
    key: str  # a stable identifier, e.g. "victims.sex"
    row_dimension: str  # e.g. "province"
    column_dimension: str  # e.g. "sex"
    rows: tuple[Category, ...]
    columns: tuple[Category, ...]
    cells: tuple[tuple[int, ...], ...]
    row_totals: bool = True
    column_totals: bool = True
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.rows or not self.columns:
            raise DisclosureError(f"{self.key}: a table needs at least one row and one column")
        if len(self.cells) != len(self.rows) or any(
            len(row) != len(self.columns) for row in self.cells
        ):
            raise DisclosureError(f"{self.key}: cells do not match rows × columns")
        for row in self.cells:
            for value in row:
                if type(value) is not int or value < 0:
                    raise DisclosureError(f"{self.key}: counts are non-negative integers")
        for axis in (self.rows, self.columns):
            codes = [c.code for c in axis]
            if len(set(codes)) != len(codes):
                raise DisclosureError(f"{self.key}: duplicate category codes")

    @classmethod
    def from_mapping(
        cls,
        *,
        key: str,
        row_dimension: str,
        column_dimension: str,
        rows: Sequence[Category],
        columns: Sequence[Category],
        counts: Mapping[str, Mapping[str, int]],
        row_totals: bool = True,
        column_totals: bool = True,
        title: str = "",
    ) -> CountTable:
        """``counts[row_code][column_code]``; missing entries are 0."""
        cells = tuple(
            tuple(int(counts.get(r.code, {}).get(c.code, 0)) for c in columns) for r in rows
        )
        return cls(
            key=key,
            row_dimension=row_dimension,
            column_dimension=column_dimension,
            rows=tuple(rows),
            columns=tuple(columns),
            cells=cells,
            row_totals=row_totals,
            column_totals=column_totals,
            title=title,
        )

    # -- the extended grid -------------------------------------------------------------
    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_columns(self) -> int:
        return len(self.columns)

    def positions(self) -> list[Position]:
        """Every published position: cells, then margins that exist."""
        r_max = self.n_rows + (1 if self.column_totals else 0)
        c_max = self.n_columns + (1 if self.row_totals else 0)
        return [(i, j) for i in range(r_max) for j in range(c_max)]

    @cached_property
    def _values(self) -> dict[Position, int]:
        return {p: self._compute(p) for p in self.positions()}

    def value(self, position: Position) -> int:
        found = self._values.get(position)
        return self._compute(position) if found is None else found

    def _compute(self, position: Position) -> int:
        i, j = position
        if i < self.n_rows and j < self.n_columns:
            return self.cells[i][j]
        if i < self.n_rows:  # row total
            return sum(self.cells[i])
        if j < self.n_columns:  # column total
            return sum(row[j] for row in self.cells)
        return sum(sum(row) for row in self.cells)

    def values(self) -> dict[Position, int]:
        return dict(self._values)

    def is_margin(self, position: Position) -> bool:
        i, j = position
        return i >= self.n_rows or j >= self.n_columns

    def with_cells(
        self, cells: tuple[tuple[int, ...], ...], columns: tuple[Category, ...]
    ) -> CountTable:
        return CountTable(
            key=self.key,
            row_dimension=self.row_dimension,
            column_dimension=self.column_dimension,
            rows=self.rows,
            columns=columns,
            cells=cells,
            row_totals=self.row_totals,
            column_totals=self.column_totals,
            title=self.title,
        )
