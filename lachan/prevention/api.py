"""Prevention over the API (/api/v1/prevention/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["prevention"])
