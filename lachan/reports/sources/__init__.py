"""The registry of report sections. Each domain plugs in through its numbers selector;
a domain whose selector is not importable yet reports ``available=False`` and every page
and file shows "chưa có dữ liệu" (no data yet) for it — never a zero.

- tips: ``lachan.reports.sources.tips`` (over ``tip_policy.numbers_scope``, grouped by
  receiving agency so that roll-ups are sums);
- investigations, victims, prevention: ``lachan.<app>.selectors.<fn>(*, agency_ids,
  admin_unit_code, start, end)`` returning a dataclass;
- plans: ``lachan.plans.selectors.plan_progress(...)`` (same arguments).
"""

from __future__ import annotations

from lachan.reports.sources.base import (
    Breakdown,
    Figure,
    Scope,
    SectionData,
    Source,
)
from lachan.reports.sources.registry import SECTIONS, section_keys, source_for

__all__ = [
    "SECTIONS",
    "Breakdown",
    "Figure",
    "Scope",
    "SectionData",
    "Source",
    "section_keys",
    "source_for",
]
