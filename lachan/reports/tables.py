"""Rows of the analysis page's tables, built in Python: a template loop with a filter
per cell cost ~1 ms for the page's ~60 rows, more than the rest of its tables and
charts. Same markup as the template's, every label escaped, numbers Vietnamese style."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from lachan.reports.formatting import vn_number

if TYPE_CHECKING:
    from lachan.reports.selectors import Analysis


def table_rows(rows: Iterable[tuple[object, int | float | None]]) -> SafeString:
    """``<tr>`` per (label, number): the label escaped, the number as ``vn_number``."""
    return mark_safe(  # noqa: S308  (labels escaped; numbers are digits and separators)
        "".join(
            f'<tr><td>{escape(str(label))}</td><td class="num">{vn_number(value)}</td></tr>'
            for label, value in rows
        )
    )


def analysis_tables(result: Analysis) -> dict[str, SafeString]:
    """The rows of the month, province and breakdown tables of a tips analysis."""
    return {
        "month_rows": table_rows((m.strftime("%m/%Y"), v) for m, v in result.months),
        "province_rows": table_rows((p.name, p.value) for p in result.provinces),
        "breakdown_rows": table_rows(result.breakdown),
    }
