"""``{% break_glass_offer %}``: on the 404 page, a supervisor who followed a link to a
record that can be opened by break-glass is offered the break-glass form. It is shown
whether the record exists or not, so it reveals nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import Resolver404, resolve, reverse

from lachan.access.breakglass import parse_object_id, target_for_url_name
from lachan.access.policies.access import break_glass_grant_policy

register = template.Library()


def break_glass_offer_url(request: Any) -> str | None:
    if request is None or not break_glass_grant_policy.may_open(getattr(request, "user", None)):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    target = target_for_url_name(match.view_name)
    arguments = list(match.kwargs.values()) or list(match.args)
    if target is None or len(arguments) != 1:
        return None
    object_id = parse_object_id(arguments[0])
    if object_id is None:
        return None
    query = urlencode({"type": target.object_type, "id": str(object_id)})
    return f"{reverse('access:break_glass')}?{query}"


@register.inclusion_tag("access/_break_glass_offer.html", takes_context=True)
def break_glass_offer(context: template.Context) -> dict[str, Any]:
    return {"offer_url": break_glass_offer_url(context.get("request"))}
