"""Access policies of the reports domain (one policy object per model)."""

from __future__ import annotations
