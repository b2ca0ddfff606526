"""Access policies of the networks domain (one policy object per model)."""

from __future__ import annotations
