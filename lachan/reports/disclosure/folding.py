"""Folding rare categories into "other": a column category whose total is below the
threshold (0 < total < threshold) is merged into the ``other`` column (created at the
end when absent, merged into when present). Zero categories stay: "no organ removal"
is a published fact about no one. Folding happens before suppression, so fewer cells
need hiding; an "other" column that is itself still small is then suppressed like any
cell."""

from __future__ import annotations

from lachan.reports.disclosure.tables import Category, CountTable


def fold_rare_columns(
    table: CountTable, *, threshold: int, other_code: str = "other", other_label: str = "Other"
) -> CountTable:
    totals = [sum(row[j] for row in table.cells) for j in range(table.n_columns)]
    rare = {
        j
        for j, total in enumerate(totals)
        if 0 < total < threshold and table.columns[j].code != other_code
    }
    if not rare:
        return table
    keep = [j for j in range(table.n_columns) if j not in rare]
    other_index = next((j for j in keep if table.columns[j].code == other_code), None)
    columns = [table.columns[j] for j in keep]
    if other_index is None:
        columns.append(Category(other_code, other_label))
    cells = []
    for row in table.cells:
        folded = sum(row[j] for j in rare)
        new_row = [row[j] for j in keep]
        if other_index is None:
            new_row.append(folded)
        else:
            new_row[keep.index(other_index)] += folded
        cells.append(tuple(new_row))
    return table.with_cells(tuple(cells), tuple(columns))
