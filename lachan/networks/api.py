"""Networks over the API (/api/v1/networks/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["networks"])
