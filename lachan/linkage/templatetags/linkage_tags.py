"""Linkage pieces shown on other domains' pages (the person page's source records)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("linkage/_person_records.html", takes_context=True)
def linkage_person_records(context: template.Context, person_id: Any) -> dict[str, Any]:
    """The source records merged with this person (the person is already in reach:
    the page showing it checked). Nothing for a reader without linkage permissions."""
    from lachan.access.permissions import LinkagePermission
    from lachan.access.policies.linkage import pair_policy
    from lachan.linkage import selectors
    from lachan.people.models import Person

    request = context.get("request")
    actor = getattr(request, "user", None)
    if actor is None or not pair_policy.can(actor, LinkagePermission.REVIEW):
        return {"shown": False}
    person = Person(pk=person_id)
    cluster = selectors.cluster_for_person(actor=actor, person=person)
    return {
        "shown": True,
        "cluster": cluster,
        "person_id": person_id,
        "duplicate": selectors.has_possible_duplicate(actor=actor, person=person),
        "request": request,
    }


@register.filter
def percent_vi(value: float) -> str:
    """90.54 → "90,5%"."""
    return f"{value:.1f}".replace(".", ",") + "%"


@register.filter
def weight_vi(value: float) -> str:
    """+4.94 → "+4,9"."""
    return f"{value:+.1f}".replace(".", ",")
