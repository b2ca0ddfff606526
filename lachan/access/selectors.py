"""Reading break-glass grants, always through their policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lachan.access.models import BreakGlassGrant
from lachan.access.policies.access import break_glass_grant_policy


def break_glass_grant_list(*, actor: Any) -> QuerySet[BreakGlassGrant]:
    """Grants the actor may read (auditors), newest first."""
    return (
        break_glass_grant_policy.scope(actor)
        .select_related("user", "user__agency")
        .order_by("-created_at", "-id")
    )
