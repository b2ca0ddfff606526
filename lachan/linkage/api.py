"""Record linkage over the API (/api/v1/linkage/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["linkage"])
