"""Access policies of the cases domain (one policy object per model)."""

from __future__ import annotations
