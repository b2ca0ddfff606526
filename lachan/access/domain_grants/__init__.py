"""Each later domain's share of the role table, one module per domain, so that the
domains can be written side by side. ``grants.ROLE_PERMISSIONS`` is their union with
the foundation's table."""

from __future__ import annotations

DOMAINS: tuple[str, ...] = (
    "cases",
    "networks",
    "victims",
    "prevention",
    "plans",
    "reports",
    "linkage",
)
