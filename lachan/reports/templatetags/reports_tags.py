"""``{% reports_home %}``: the home dashboard for users who see aggregates (nothing for
the others): reports running or ready, the agency's plan indicators against targets,
and tips received by month."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from lachan.reports import charts
from lachan.reports.selectors import home_dashboard

register = template.Library()


@register.inclusion_tag("reports/_home.html", takes_context=True)
def reports_home(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"dashboard": None}
    dashboard = home_dashboard(actor=user)
    result: dict[str, Any] = {"dashboard": dashboard}
    if dashboard is not None and dashboard.trend:
        result["trend_svg"] = charts.line_chart(
            [(m.strftime("%m/%Y"), v) for m, v in dashboard.trend],
            title=_("Tips received by month (last 12 months)"),
            height=200,
        )
    return result
