"""Access policies of the linkage domain (one policy object per model).

A candidate pair is in reach when the reviewer reaches at least one of its two persons
(``PersonPolicy.scope``); the other side may be out of reach, and then the reviewer
learns only that a possible match exists at its agency. Deciding a pair, merging and
unmerging need both records in reach. A cluster is in reach when any of its members
is. Runs (progress of a full re-link) are seen by those who may start them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.permissions import LinkagePermission, Permission
from lachan.access.policies.base import Policy, register
from lachan.access.policies.people import person_policy
from lachan.linkage.models import CandidatePair, LinkageRun, PersonCluster
from lachan.people.models import Person

_PAIR_ACTIONS = frozenset({LinkagePermission.REVIEW, LinkagePermission.MERGE})


def _reached_persons(actor: Any) -> QuerySet[Person]:
    return person_policy.scope(actor, Person.objects.all()).values("pk")  # type: ignore[return-value]


class CandidatePairPolicy(Policy[CandidatePair]):
    model = CandidatePair

    def scope(
        self, actor: Any, queryset: QuerySet[CandidatePair] | None = None
    ) -> QuerySet[CandidatePair]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, LinkagePermission.REVIEW):
            return queryset.none()
        reached = _reached_persons(actor)
        return queryset.filter(Q(person_a__in=reached) | Q(person_b__in=reached))

    def can_on(self, actor: Any, action: Permission, obj: CandidatePair) -> bool:
        if action not in _PAIR_ACTIONS:
            return False
        return self.both_in_reach(actor, obj)

    def both_in_reach(self, actor: Any, obj: CandidatePair) -> bool:
        ids = {obj.person_a_id, obj.person_b_id}
        return person_policy.scope(actor, Person.objects.filter(pk__in=ids)).count() == 2


class PersonClusterPolicy(Policy[PersonCluster]):
    model = PersonCluster

    def scope(
        self, actor: Any, queryset: QuerySet[PersonCluster] | None = None
    ) -> QuerySet[PersonCluster]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, LinkagePermission.REVIEW):
            return queryset.none()
        return queryset.filter(members__person__in=_reached_persons(actor)).distinct()

    def can_on(self, actor: Any, action: Permission, obj: PersonCluster) -> bool:
        if action is not LinkagePermission.MERGE:
            return self.in_scope(actor, obj)
        ids = list(obj.members.values_list("person_id", flat=True))
        reached = person_policy.scope(actor, Person.objects.filter(pk__in=ids)).count()
        return bool(ids) and reached == len(ids)


class LinkageRunPolicy(Policy[LinkageRun]):
    model = LinkageRun

    def scope(
        self, actor: Any, queryset: QuerySet[LinkageRun] | None = None
    ) -> QuerySet[LinkageRun]:
        queryset = self.base_queryset() if queryset is None else queryset
        if not self.has_permission(actor, LinkagePermission.RUN):
            return queryset.none()
        return queryset

    def can_on(self, actor: Any, action: Permission, obj: LinkageRun) -> bool:
        return action is LinkagePermission.RUN


pair_policy = register(CandidatePairPolicy())
cluster_policy = register(PersonClusterPolicy())
run_policy = register(LinkageRunPolicy())
