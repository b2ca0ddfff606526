"""Victims over the API (/api/v1/victims/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["victims"])
