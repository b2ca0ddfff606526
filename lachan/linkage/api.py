"""Record linkage over the API (/api/v1/linkage/). Same selectors and services as the
staff pages: the review queue, a pair with its evidence, decisions (``same`` merges
when the caller may merge), the cluster of a person, unmerge, and the full re-link
with its progress. Out of reach is 404 ``not_found``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.access.permissions import LinkagePermission
from lachan.access.policies.linkage import pair_policy
from lachan.accounts.actors import api_actor
from lachan.core.errors import NotFound
from lachan.linkage import selectors, services
from lachan.linkage.models import PairStatus
from lachan.linkage.schemas import ClusterOut, DecisionIn, PairOut, PairPageOut, RunOut
from lachan.people.selectors import person_get

router = Router(tags=["linkage"])


class QueueQuery(Schema):
    status: str = PairStatus.OPEN
    offset: int = 0
    limit: int = selectors.DEFAULT_PAGE_SIZE


def _side(side: selectors.SideView) -> dict[str, Any]:
    person = side.person
    return {
        "in_reach": side.in_reach,
        "agency_name": side.agency_name,
        "cluster_id": side.cluster_id,
        "person": None
        if person is None
        else {
            "id": person.id,
            "identity_visible": person.identity_visible,
            "full_name": person.full_name,
            "sex": person.sex,
            "birth_year": person.birth_year,
            "admin_unit_code": person.admin_unit_code,
            "owner_agency_name": person.owner_agency_name,
        },
    }


def _pair(view: selectors.PairView) -> dict[str, Any]:
    return {
        "id": view.id,
        "probability": view.probability,
        "weight": view.weight,
        "status": view.status,
        "proposed_same": view.proposed_same,
        "decidable": view.decidable,
        "left": _side(view.left),
        "right": _side(view.right),
        "evidence": [
            {
                "comparison": e.comparison,
                "level": e.level,
                "weight": e.weight,
                "direction": e.direction,
            }
            for e in view.evidence
        ],
    }


@router.get("/pairs", response=PairPageOut, url_name="linkage_pairs")
def list_pairs(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, Any]:
    """The review queue: pairs in reach, most probable first (identity masked)."""
    actor = api_actor(request)
    if not pair_policy.can(actor, LinkagePermission.REVIEW):
        raise NotFound(_("Not found."))
    page = selectors.pair_queue(
        actor=actor, status=query.status, offset=query.offset, limit=query.limit
    )
    return {
        "items": [_pair(item) for item in page.items],
        "total": page.total,
        "next_offset": page.next_offset,
    }


@router.get("/pairs/{pair_id}", response=PairOut, url_name="linkage_pair")
def get_pair(request: HttpRequest, pair_id: str, reveal: bool = False) -> dict[str, Any]:
    """One pair side by side with the evidence; `reveal=true` unmasks the sides the
    caller may see (audited)."""
    actor = api_actor(request)
    pair = selectors.pair_get(actor=actor, pair_id=pair_id)
    return _pair(selectors.pair_detail(actor=actor, pair=pair, reveal=reveal))


@router.post("/pairs/{pair_id}/decision", response=PairOut, url_name="linkage_decide")
def decide_pair(request: HttpRequest, pair_id: str, payload: DecisionIn) -> dict[str, Any]:
    """`same`, `different` or `unsure`; `same` also merges when the caller may merge."""
    actor = api_actor(request)
    pair = selectors.pair_get(actor=actor, pair_id=pair_id)
    services.pair_decide(actor=actor, pair=pair, decision=payload.decision)
    pair = selectors.pair_get(actor=actor, pair_id=pair_id)
    return _pair(selectors.pair_detail(actor=actor, pair=pair))


@router.get("/persons/{person_id}/cluster", response=ClusterOut, url_name="linkage_cluster")
def person_cluster(request: HttpRequest, person_id: str) -> dict[str, Any]:
    """The source records merged with a person in reach (404 when not merged)."""
    actor = api_actor(request)
    if not pair_policy.can(actor, LinkagePermission.REVIEW):
        raise NotFound(_("Not found."))
    person = person_get(actor=actor, person_id=person_id)
    cluster = selectors.cluster_for_person(actor=actor, person=person)
    if cluster is None:
        raise NotFound(_("Not found."))
    return {
        "id": cluster.id,
        "members": [_side(m) for m in cluster.members],
        "can_unmerge": cluster.can_unmerge,
    }


@router.post("/clusters/{cluster_id}/unmerge", response={204: None}, url_name="linkage_unmerge")
def unmerge(request: HttpRequest, cluster_id: str, merge_id: str | None = None) -> Status[None]:
    """Undo one merge of the cluster: the latest, or ``merge_id`` (409 when later
    merges joined a record it brought in: undo those first)."""
    actor = api_actor(request)
    cluster = selectors.cluster_get(actor=actor, cluster_id=cluster_id)
    services.cluster_unmerge(actor=actor, cluster=cluster, merge_id=merge_id)
    return Status(204, None)


def _run(run: Any) -> dict[str, Any]:
    return {
        field: getattr(run, field)
        for field in (
            "id", "kind", "status", "progress", "stage", "records", "pairs", "created_at",
            "finished_at",
        )
    }  # fmt: skip


@router.post("/runs", response={202: RunOut}, url_name="linkage_relink")
def start_run(request: HttpRequest) -> Status[dict[str, Any]]:
    """Queue a full re-link (background task); poll the run for its progress."""
    run = services.relink_start(actor=api_actor(request))
    return Status(202, _run(run))


@router.get("/runs/{run_id}", response=RunOut, url_name="linkage_run")
def get_run(request: HttpRequest, run_id: str) -> dict[str, Any]:
    return _run(selectors.run_get(actor=api_actor(request), run_id=run_id))
