"""Who may see and change persons.

Reach: one's own agency's records, records assigned to one, and live break-glass
grants; a supervisor also reaches the agencies below theirs and the persons living in
their jurisdiction. Identity (names, IDs, phones, addresses) is shown only for the own
agency's records, assigned records and break-glass grants — elsewhere it is masked.
Changes follow identity: a record is changed only where its identity may be shown (no
one corrects what they cannot see), so a supervisor's wider reach is read-only."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import AccessPermission, PeoplePermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.access.reach import (
    agency_subtree_ids,
    assigned_ids,
    break_glass_id_list,
    break_glass_ids,
    has_break_glass,
    is_assigned,
    jurisdiction_q,
)
from lachan.people.models import Person

LABEL = "people.person"


class PersonPolicy(Policy[Person]):
    model = Person

    def scope(self, actor: Any, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, PeoplePermission.VIEW):
            return queryset.none()
        reach = (
            Q(owner_agency_id=actor.agency_id)
            | Q(pk__in=assigned_ids(actor, LABEL))
            | Q(pk__in=break_glass_id_list(actor, LABEL))
        )
        if self.has_permission(actor, AccessPermission.BREAK_GLASS):  # supervisors
            reach |= Q(owner_agency_id__in=agency_subtree_ids(actor.agency))
            reach |= jurisdiction_q(actor.agency, field="admin_unit")
        return queryset.filter(reach)

    def can_on(self, actor: Any, action: Permission, obj: Person) -> bool:
        if not self.in_scope(actor, obj):
            return False
        if action in (PeoplePermission.VIEW_IDENTITY, PeoplePermission.CHANGE):
            return self.is_close(actor, obj)
        return True

    def is_close(self, actor: Any, obj: Person) -> bool:
        """Own agency's record, assigned, or opened by break-glass."""
        return (
            obj.owner_agency_id == actor.agency_id
            or is_assigned(actor, obj)
            or has_break_glass(actor, obj)
        )

    def identity_visible_ids(self, actor: Any, persons: list[Person]) -> set[Any]:
        """For a page of persons: which ones may be shown unmasked (two queries)."""
        if not self.has_permission(actor, PeoplePermission.VIEW_IDENTITY):
            return set()
        ids = [p.pk for p in persons]
        close = {p.pk for p in persons if p.owner_agency_id == actor.agency_id}
        close |= set(
            assigned_ids(actor, LABEL).filter(object_id__in=ids).values_list("object_id", flat=True)
        )
        close |= set(
            break_glass_ids(actor, LABEL)
            .filter(object_id__in=ids)
            .values_list("object_id", flat=True)
        )
        return close


person_policy = PersonPolicy()
register(person_policy)
