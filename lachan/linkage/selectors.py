"""Reads of the linkage domain, always through the linkage and people policies.

A side of a pair that the reader does not reach is shown only as "a possible match
exists at <agency>": no id, no name, no birth year. Identity on the sides in reach is
masked unless the people policy lets the reader see it *and* they ask to reveal it;
revealing is audited (``linkage.view_pair`` naming the persons shown unmasked).

``canonical_person_expression`` is the helper other domains use to count people once:
it turns a person foreign key into the person's cluster id when they were merged and
their own id otherwise (see docs/decisions/0016-linkage.md)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    UUIDField,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import LinkagePermission
from lachan.access.policies.linkage import cluster_policy, pair_policy, run_policy
from lachan.access.policies.people import person_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.linkage import engine
from lachan.linkage.models import (
    CandidatePair,
    ClusterMember,
    ClusterMerge,
    LinkageRun,
    PairDecision,
    PairStatus,
    PersonCluster,
)
from lachan.people.models import Person
from lachan.people.selectors import PersonView, person_display

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# What each comparison is called on screen.
COMPARISON_LABELS = {
    "surname": _("Surname"),
    "middle": _("Middle name"),
    "given": _("Given name"),
    "birth": _("Birth"),
    "place": _("Place"),
    "sex": _("Sex"),
    "documents": _("ID document"),
    "phones": _("Phone"),
    "chain": _("Other records"),
}
LEVEL_LABELS = {
    "unknown": _("not known on both sides"),
    "exact with diacritics": _("identical, with diacritics"),
    "same without diacritics": _("same without diacritics"),
    "surname and given swapped": _("surname and given name swapped"),
    "dropped": _("missing on one side"),
    "differs only by Thị/Văn": _("differs only by Thị/Văn"),
    "same date": _("same date"),
    "same year, year only": _("same year (year only)"),
    "same year, dates differ": _("same year, different dates"),
    "dates one typing slip apart": _("dates one typing slip apart"),
    "one typing slip apart": _("one typing slip apart"),
    "year ±1": _("one year apart"),
    "year ±1, dates differ": _("one year apart, different dates"),
    "same province": _("same province (current units)"),
    "same commune and village": _("same commune and village"),
    "same commune, other village": _("same commune, another village"),
    "same commune": _("same commune"),
    "same district area": _("same (former) district"),
    "same legacy province, no commune on one side": _(
        "same former province, no commune on one side"
    ),
    "same province, other legacy province, no commune on one side": _(
        "same province, another former province, no commune on one side"
    ),
    "same province, no commune on one side": _("same province, no commune on one side"),
    "same province, other commune": _("same province, another commune"),
    "same document, one digit off": _("same ID document, one digit off"),
    engine.CHAIN_LEVEL: _("both closely match another record of the same person"),
    "same document": _("same ID document"),
    "conflicting document": _("different numbers of the same document"),
    "same phone": _("same phone number"),
    "Exact match on sex": _("same"),
    "All other comparisons": _("different"),
}


def level_label(level: str) -> Any:
    if level.startswith("Jaro-Winkler"):
        return _("similar spelling")
    return LEVEL_LABELS.get(level, level)


# -- canonical person ids (for other domains) ------------------------------------------------
def canonical_person_expression(field: str = "person_id") -> Coalesce:
    """An expression for querysets of any model with a person foreign key ``field``:
    the person's cluster id when merged, else the person id. Count people once with
    ``qs.aggregate(n=Count(canonical_person_expression("person_id"), distinct=True))``.
    One indexed sub-select per row (``ClusterMember.person`` is unique)."""
    cluster = ClusterMember.objects.filter(person_id=OuterRef(field)).values("cluster_id")[:1]
    return Coalesce(Subquery(cluster, output_field=UUIDField()), F(field))


def cluster_id_expression(field: str = "person_id") -> Coalesce:
    """Alias of ``canonical_person_expression``."""
    return canonical_person_expression(field)


def canonical_person_ids(person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """For code that holds ids in memory: person id → canonical id (one query)."""
    ids = list(person_ids)
    mapping = {pid: pid for pid in ids}
    for pid, cid in ClusterMember.objects.filter(person_id__in=ids).values_list(
        "person_id", "cluster_id"
    ):
        mapping[pid] = cid
    return mapping


def count_distinct_persons(queryset: QuerySet[Any], field: str = "person_id") -> int:
    """How many people (clusters count once) the rows of ``queryset`` refer to."""
    return int(queryset.aggregate(n=Count(canonical_person_expression(field), distinct=True))["n"])


# -- views ----------------------------------------------------------------------------------
@dataclass
class SideView:
    in_reach: bool
    agency_name: str
    person: PersonView | None = None
    cluster_id: uuid.UUID | None = None


@dataclass
class EvidenceRow:
    comparison: str
    label: Any
    level: str
    level_label: Any
    weight: float

    @property
    def direction(self) -> str:
        if self.weight > 0.5:
            return "for"
        if self.weight < -0.5:
            return "against"
        return "neutral"


@dataclass
class PairView:
    id: uuid.UUID
    probability: float
    weight: float
    status: str
    status_label: Any
    left: SideView
    right: SideView
    evidence: list[EvidenceRow] = field(default_factory=list)
    decidable: bool = False

    @property
    def percent(self) -> float:
        return round(self.probability * 100, 1)

    @property
    def proposed_same(self) -> bool:
        return self.probability >= engine.MATCH_THRESHOLD


def _evidence_rows(pair: CandidatePair) -> list[EvidenceRow]:
    rows = []
    for item in pair.evidence or []:
        name = str(item.get("comparison", ""))
        level = str(item.get("level", ""))
        rows.append(
            EvidenceRow(
                comparison=name,
                label=COMPARISON_LABELS.get(name, name),
                level=level,
                level_label=level_label(level),
                weight=float(item.get("weight", 0.0)),
            )
        )
    return rows


def _side(person: Person, reached: set[uuid.UUID], visible: set[Any]) -> SideView:
    if person.pk not in reached:
        return SideView(in_reach=False, agency_name=person.owner_agency.name)
    return SideView(
        in_reach=True,
        agency_name=person.owner_agency.name,
        person=person_display(person, identity_visible=person.pk in visible),
    )


def _pair_queryset() -> QuerySet[CandidatePair]:
    return CandidatePair.objects.select_related(
        "person_a__owner_agency",
        "person_a__admin_unit",
        "person_b__owner_agency",
        "person_b__admin_unit",
    )


def _reached(actor: User, persons: list[Person]) -> set[uuid.UUID]:
    ids = {p.pk for p in persons}
    return set(
        person_policy.scope(actor, Person.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )


def _view(pair: CandidatePair, reached: set[uuid.UUID], visible: set[Any]) -> PairView:
    left = _side(pair.person_a, reached, visible)
    right = _side(pair.person_b, reached, visible)
    return PairView(
        id=pair.pk,
        probability=pair.probability,
        weight=pair.weight,
        status=pair.status,
        status_label=PairStatus(pair.status).label,
        left=left,
        right=right,
        evidence=_evidence_rows(pair),
        decidable=left.in_reach and right.in_reach,
    )


@dataclass(frozen=True)
class PairPage:
    items: list[PairView]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


def pair_queue(
    *,
    actor: User,
    status: str = PairStatus.OPEN,
    offset: int = 0,
    limit: int = DEFAULT_PAGE_SIZE,
) -> PairPage:
    """Pairs in reach, most probable first (identity masked)."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    offset = max(0, offset)
    qs = pair_policy.scope(actor, _pair_queryset())
    if status:
        qs = qs.filter(status=status)
    total = qs.count()
    pairs = list(qs.order_by("-probability", "id")[offset : offset + limit])
    persons = [p for pair in pairs for p in (pair.person_a, pair.person_b)]
    reached = _reached(actor, persons)
    return PairPage(
        items=[_view(pair, reached, set()) for pair in pairs],
        total=total,
        offset=offset,
        limit=limit,
    )


def pair_get(*, actor: User, pair_id: Any) -> CandidatePair:
    return pair_policy.get(actor, pair_id, _pair_queryset())


def pair_detail(*, actor: User, pair: CandidatePair, reveal: bool = False) -> PairView:
    """One pair side by side. ``reveal`` unmasks the sides whose identity the reader
    may see (own agency, assigned, break-glass) — audited."""
    persons = [pair.person_a, pair.person_b]
    reached = _reached(actor, persons)
    visible: set[Any] = set()
    if reveal:
        in_reach = [p for p in persons if p.pk in reached]
        visible = person_policy.identity_visible_ids(actor, in_reach)
        if visible:
            audit_record(
                actor=actor,
                action="linkage.view_pair",
                target=pair,
                changes={"persons": sorted(str(pk) for pk in visible)},
            )
    view = _view(pair, reached, visible)
    memberships = dict(
        ClusterMember.objects.filter(person_id__in=reached).values_list("person_id", "cluster_id")
    )
    for side in (view.left, view.right):
        if side.person is not None:
            side.cluster_id = memberships.get(side.person.id)
    return view


# -- clusters ---------------------------------------------------------------------------------
@dataclass
class MergeView:
    """One merge of a cluster, oldest first: when, how many records it brought in, and
    whether it can be undone now (``blocked``: later merges joined one of them)."""

    id: uuid.UUID
    created_at: Any
    records: int
    blocked: bool


@dataclass
class ClusterView:
    id: uuid.UUID
    members: list[SideView]
    can_unmerge: bool
    merges: list[MergeView] = field(default_factory=list)


def merge_blockers(merge: ClusterMerge) -> list[ClusterMerge]:
    """The later merges of the cluster that rely on ``merge``: their pair involves a
    record ``merge`` brought in (or their pair is gone, so it cannot be told). Undoing
    ``merge`` first would leave them joining a record that is no longer there."""
    brought = set(merge.members.values_list("person_id", flat=True))
    later = (
        ClusterMerge.objects.filter(cluster_id=merge.cluster_id, created_at__gt=merge.created_at)
        .exclude(pk=merge.pk)
        .select_related("pair")
    )
    return [
        m for m in later if m.pair is None or {m.pair.person_a_id, m.pair.person_b_id} & brought
    ]


def _merge_views(cluster_id: uuid.UUID) -> list[MergeView]:
    merges = ClusterMerge.objects.filter(cluster_id=cluster_id).order_by("created_at")
    merges = merges.annotate(records=Count("members"))
    return [
        MergeView(
            id=m.pk, created_at=m.created_at, records=m.records, blocked=bool(merge_blockers(m))
        )
        for m in merges
    ]


def cluster_for_person(*, actor: User, person: Person) -> ClusterView | None:
    """The cluster the person (already checked to be in reach) belongs to, with its
    source records: those in reach masked, the others as their agency only."""
    membership = ClusterMember.objects.filter(person_id=person.pk).first()
    if membership is None:
        return None
    cluster = cluster_policy.scope(actor, PersonCluster.objects.filter(pk=membership.cluster_id))
    found = cluster.first()
    if found is None:
        return None
    members = list(
        Person.objects.filter(linkage_membership__cluster_id=found.pk)
        .select_related("owner_agency", "admin_unit")
        .order_by("created_at")
    )
    reached = _reached(actor, members)
    return ClusterView(
        id=found.pk,
        members=[_side(p, reached, set()) for p in members],
        can_unmerge=pair_policy.has_permission(actor, LinkagePermission.MERGE)
        and len(reached) == len(members),
        merges=_merge_views(found.pk),
    )


def cluster_get(*, actor: User, cluster_id: Any) -> PersonCluster:
    return cluster_policy.get(actor, cluster_id)


def has_possible_duplicate(*, actor: User, person: Person) -> bool:
    """The "possible duplicate" flag: an open pair at or above the match threshold."""
    return (
        pair_policy.scope(actor, CandidatePair.objects.all())
        .filter(Q(person_a=person) | Q(person_b=person))
        .filter(status=PairStatus.OPEN, probability__gte=engine.MATCH_THRESHOLD)
        .exists()
    )


def possible_duplicate_q(field: str = "pk") -> Exists:
    """For person lists: ``Person.objects.annotate(dup=possible_duplicate_q())``."""
    open_pairs = CandidatePair.objects.filter(
        status=PairStatus.OPEN, probability__gte=engine.MATCH_THRESHOLD
    )
    return Exists(
        open_pairs.filter(Q(person_a_id=OuterRef(field)) | Q(person_b_id=OuterRef(field)))
    )


# -- runs and labels --------------------------------------------------------------------------
def run_list(*, actor: User, limit: int = 10) -> list[LinkageRun]:
    return list(run_policy.scope(actor).defer("model").order_by("-created_at")[:limit])


def run_get(*, actor: User, run_id: Any) -> LinkageRun:
    return run_policy.get(actor, run_id, LinkageRun.objects.defer("model"))


@dataclass(frozen=True)
class LabelSummary:
    """How the model's proposals fared with reviewers (latest decision per pair)."""

    same: int
    different: int
    unsure: int
    proposed_and_same: int  # probability ≥ threshold and decided same
    proposed_and_different: int

    @property
    def precision(self) -> float | None:
        decided = self.proposed_and_same + self.proposed_and_different
        return self.proposed_and_same / decided if decided else None


def label_summary(*, actor: User) -> LabelSummary:
    """Counts over decided pairs in the reader's reach (labels for evaluation)."""
    qs = pair_policy.scope(actor, CandidatePair.objects.all())
    counts = dict(
        qs.exclude(status=PairStatus.OPEN)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    proposed = qs.filter(probability__gte=engine.MATCH_THRESHOLD)
    return LabelSummary(
        same=counts.get(PairStatus.SAME, 0),
        different=counts.get(PairStatus.DIFFERENT, 0),
        unsure=counts.get(PairStatus.UNSURE, 0),
        proposed_and_same=proposed.filter(status=PairStatus.SAME).count(),
        proposed_and_different=proposed.filter(status=PairStatus.DIFFERENT).count(),
    )


def decisions_as_labels() -> list[tuple[uuid.UUID, uuid.UUID, str, float]]:
    """Every decision as (person a, person b, decision, probability then) — the labels
    splink's ``estimate_m_from_pairwise_labels`` and the evaluation read (system use)."""
    return list(
        PairDecision.objects.values_list(
            "pair__person_a_id", "pair__person_b_id", "decision", "probability"
        )
    )
