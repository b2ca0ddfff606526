"""Access policies of the victims domain (one policy object per model)."""

from __future__ import annotations
