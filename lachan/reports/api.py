"""Reports over the API (/api/v1/reports/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
