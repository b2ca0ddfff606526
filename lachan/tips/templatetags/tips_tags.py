"""``{% tip_home_counters %}``: the overdue and due-soon counts on the home page, for
users who work tips (nothing at all for the others), and how many public submissions
are still being entered in the register, if any."""

from __future__ import annotations

from typing import Any

from django import template

from lachan.access.permissions import TipsPermission
from lachan.access.policies.tips import tip_policy
from lachan.tips.selectors import public_waiting_count, tip_counters

register = template.Library()


@register.inclusion_tag("tips/_home_counters.html", takes_context=True)
def tip_home_counters(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not tip_policy.has_permission(user, TipsPermission.VIEW):
        return {"counters": None}
    return {"counters": tip_counters(actor=user), "waiting": public_waiting_count()}


@register.filter
def percent_vi(share: float) -> str:
    """0.774 → "77%" (whole percent; a decimal comma when a decimal is shown)."""
    return f"{round(float(share) * 100)}%"
