"""Investigations over the API (/api/v1/cases/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["cases"])
