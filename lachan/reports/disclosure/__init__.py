"""The disclosure layer: every public or partner output goes through it.

- ``CountTable`` in, ``ProtectedTable`` out (``protect``, ``protect_linked``): primary
  suppression of 0 < n < k (k = 11), secondary suppression proven exact against the
  published totals, optional rounding to multiples of 10, rare categories folded into
  "other", and a schema check refusing names, exact dates and places below province.
- ``ctdc`` and ``kanon``: record-level partner data in the CTDC shape, k-anonymised.
See docs/decisions/0015-disclosure-control.md."""

from __future__ import annotations

from lachan.reports.disclosure.linked import protect_linked
from lachan.reports.disclosure.protected import (
    K_THRESHOLD,
    PUBLIC_POLICY,
    DisclosurePolicy,
    ProtectedTable,
    Rounding,
    RoundingMode,
    protect,
)
from lachan.reports.disclosure.schema import SchemaViolation
from lachan.reports.disclosure.tables import Category, CountTable, DisclosureError

__all__ = [
    "K_THRESHOLD",
    "PUBLIC_POLICY",
    "Category",
    "CountTable",
    "DisclosureError",
    "DisclosurePolicy",
    "ProtectedTable",
    "Rounding",
    "RoundingMode",
    "SchemaViolation",
    "protect",
    "protect_linked",
]
