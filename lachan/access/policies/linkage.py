"""Access policies of the linkage domain (one policy object per model)."""

from __future__ import annotations
