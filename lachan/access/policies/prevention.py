"""Access policies of the prevention domain (one policy object per model)."""

from __future__ import annotations
