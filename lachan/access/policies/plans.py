"""Access policies of the plans domain (one policy object per model)."""

from __future__ import annotations
