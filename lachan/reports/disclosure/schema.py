"""What a public or partner output may carry about victims: never a name, an exact
date of birth or a place below the province.

Two checks, both loud (``SchemaViolation``, never a silent drop — a violation means a
caller is wiring the wrong data):

- ``check_dimensions`` for aggregate tables: each axis must be one of
  ``ALLOWED_DIMENSIONS``; a place axis may only hold province codes (2 digits) or the
  ``unknown``/``other`` buckets; no category may look like a date.
- ``check_columns`` for record-level partner exports: every column name is tested
  against the forbidden patterns (names, birth dates, addresses, communes, districts,
  identifiers, contact details), and every value against the date pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from lachan.reports.disclosure.tables import CountTable, DisclosureError


class SchemaViolation(DisclosureError):
    """The output would carry something that may never leave the system."""


ALLOWED_DIMENSIONS = frozenset(
    {
        "nation",
        "province",  # the 34 current provinces (2-digit codes)
        "legacy_province",  # the 63 legacy provinces (2-digit codes)
        "year",
        "measure",  # named counts (tips received, resolved, …)
        "sex",
        "age_band",
        "exploitation_type",
        "means_of_control",
        "citizenship",
        "country",
        "tip_kind",
        "tip_channel",
        "case_status",
    }
)
PLACE_DIMENSIONS = frozenset({"province", "legacy_province"})
PLACE_BUCKETS = frozenset({"unknown", "other"})
_PROVINCE_CODE = re.compile(r"^\d{2}$")
# dd/mm/yyyy, d-m-yyyy, yyyy-mm-dd, yyyy/mm/dd (an exact date anywhere is refused)
DATE_PATTERN = re.compile(r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})\b")
FORBIDDEN_COLUMN_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"name",
        r"ho_?ten|ten_",
        r"birth|dob|ngay_?sinh",
        r"address|dia_?chi|street|village|thon|hamlet",
        r"commune|ward|xa_|phuong|district|huyen|admin_unit|place_code",
        r"phone|email|cccd|cmnd|id_?number|passport|identifier|account",
        r"latitude|longitude|\bgps\b",
    )
)


def check_dimensions(table: CountTable) -> None:
    for dimension, categories in (
        (table.row_dimension, table.rows),
        (table.column_dimension, table.columns),
    ):
        if dimension not in ALLOWED_DIMENSIONS:
            raise SchemaViolation(f"{table.key}: dimension {dimension!r} may not be published")
        for category in categories:
            if DATE_PATTERN.search(category.code) or DATE_PATTERN.search(category.label):
                raise SchemaViolation(f"{table.key}: a category looks like an exact date")
            if (
                dimension in PLACE_DIMENSIONS
                and category.code not in PLACE_BUCKETS
                and not _PROVINCE_CODE.match(category.code)
            ):
                raise SchemaViolation(
                    f"{table.key}: place {category.code!r} is below province level"
                )


def check_column_names(columns: Iterable[str]) -> None:
    for column in columns:
        for pattern in FORBIDDEN_COLUMN_PATTERNS:
            if pattern.search(column):
                raise SchemaViolation(f"column {column!r} may not leave the system")


def check_columns(columns: Iterable[str], rows: Iterable[Mapping[str, Any]] = ()) -> None:
    """Column names, then every value (an exact date in any value is refused)."""
    names = list(columns)
    check_column_names(names)
    for row in rows:
        extra = set(row) - set(names)
        if extra:
            raise SchemaViolation(f"row carries undeclared columns: {sorted(extra)}")
        for value in row.values():
            if isinstance(value, str) and DATE_PATTERN.search(value):
                raise SchemaViolation("a value looks like an exact date")
