"""``{% network_link "person" person.id %}``: a link to the network around a record, for
other domains' pages; renders nothing for a user who may not draw networks."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lachan.access.policies.networks import tracked_network_policy

register = template.Library()

_ROUTES = {"person": ("networks:person", "person_id"), "case": ("networks:case", "case_id")}
_ROUTES["tip"] = ("networks:tip", "tip_id")


@register.simple_tag(takes_context=True)
def network_link(context: dict[str, Any], kind: str, record_id: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if kind not in _ROUTES or user is None or not tracked_network_policy.may_draw(user):
        return SafeString("")
    name, kwarg = _ROUTES[kind]
    return format_html(
        '<a class="button secondary" href="{}" data-testid="network-link">{}</a>',
        reverse(name, kwargs={kwarg: record_id}),
        _("Network"),
    )
