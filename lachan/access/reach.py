"""The building blocks of a user's reach: agency subtree, jurisdiction (admin-unit
subtree), assignments and live break-glass grants. Policies combine them."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lachan.access.models import Assignment, BreakGlassGrant

if TYPE_CHECKING:
    from lachan.accounts.models import Agency


def is_staff_actor(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active and actor.role)


def agency_subtree_ids(agency: Agency | None) -> set[uuid.UUID]:
    """The agency and every agency below it."""
    if agency is None:
        return set()
    from lachan.accounts.models import Agency

    children: dict[uuid.UUID, list[uuid.UUID]] = {}
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found = {agency.pk}
    frontier = [agency.pk]
    while frontier:
        nxt = [child for pk in frontier for child in children.get(pk, [])]
        frontier = [pk for pk in nxt if pk not in found]
        found.update(frontier)
    return found


def jurisdiction_q(agency: Agency | None, *, field: str) -> Q:
    """Records whose admin unit (``field``) lies in the unit the agency serves: a
    province-level agency reaches every commune of the province."""
    if agency is None:
        return Q(pk__in=[])
    from lachan.geo.models import Level

    unit = agency.admin_unit
    if unit.level == Level.PROVINCE:
        return Q(**{f"{field}__province_id": unit.pk})
    return Q(**{field: unit.pk})


def assigned_ids(actor: Any, object_type: str) -> QuerySet[Assignment, Any]:
    return Assignment.objects.filter(user=actor, object_type=object_type).values("object_id")


# Standing reach: set while a decision must not rest on emergency access (e.g. handing a
# record to someone, which would turn a 4-hour grant into a lasting one).
_ignore_break_glass: ContextVar[bool] = ContextVar("lachan_ignore_break_glass", default=False)


@contextlib.contextmanager
def standing_reach_only() -> Iterator[None]:
    """Within this block, live break-glass grants bring nothing into reach."""
    token = _ignore_break_glass.set(True)
    try:
        yield
    finally:
        _ignore_break_glass.reset(token)


def break_glass_ids(actor: Any, object_type: str) -> QuerySet[BreakGlassGrant, Any]:
    if _ignore_break_glass.get():
        return BreakGlassGrant.objects.none().values("object_id")
    return BreakGlassGrant.objects.filter(
        user=actor, object_type=object_type, expires_at__gt=timezone.now()
    ).values("object_id")


def break_glass_id_list(actor: Any, object_type: str) -> list[uuid.UUID]:
    """The same ids, fetched first as a short list (usually empty). Inside a scope's
    ``OR`` a sub-query keeps PostgreSQL from using the other branches' indexes; a literal
    list does not (measured in docs/benchmarks.md, tips work queue)."""
    return list(break_glass_ids(actor, object_type).values_list("object_id", flat=True))


def is_assigned(actor: Any, obj: Any) -> bool:
    return Assignment.objects.filter(
        user=actor, object_type=obj._meta.label_lower, object_id=obj.pk
    ).exists()


def has_break_glass(actor: Any, obj: Any) -> bool:
    if _ignore_break_glass.get():
        return False
    return BreakGlassGrant.objects.filter(
        user=actor,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        expires_at__gt=timezone.now(),
    ).exists()
