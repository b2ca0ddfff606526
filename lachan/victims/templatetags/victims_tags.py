"""``{% victim_home_counters %}`` and ``{% case_victims case_id %}``: the victims module's
pieces on other modules' pages (home counters; the victims of a criminal case on the
case page — pseudonymous codes only, each file audited when opened)."""

from __future__ import annotations

from typing import Any

from django import template

from lachan.access.permissions import VictimsPermission
from lachan.access.policies.victims import victim_record_policy
from lachan.victims.selectors import case_victims, victim_counters

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("victims/_case_victims.html", takes_context=True)
def case_victims_section(context: template.Context, case_id: Any) -> dict[str, Any]:
    user = _user(context)
    if user is None or not victim_record_policy.has_permission(user, VictimsPermission.VIEW):
        return {"rows": None}
    return {"rows": case_victims(actor=user, case_id=case_id)}


@register.inclusion_tag("victims/_home_counters.html", takes_context=True)
def victim_home_counters(context: template.Context) -> dict[str, Any]:
    user = _user(context)
    if user is None or not victim_record_policy.has_permission(user, VictimsPermission.VIEW):
        return {"counters": None}
    return {"counters": victim_counters(actor=user)}
