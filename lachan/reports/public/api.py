"""Public statistics over the API (/api/v1/public/statistics/): no authentication; every
operation is listed in lachan/access/public_routes.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["public statistics"])
