"""Networks over the API (/api/v1/networks/). Same selectors and services as the staff
pages: a node or tracked network out of reach is 404 ``not_found``; views and exports
are audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from lachan.accounts.actors import api_actor
from lachan.core.errors import NotFound
from lachan.networks import selectors, services
from lachan.networks.graph import NodeKind, node_key
from lachan.networks.models import TrackedNetwork
from lachan.networks.schemas import (
    ComponentSummaryOut,
    ExportIn,
    MemberIn,
    NetworkViewOut,
    RefreshOut,
    RenameIn,
    TrackedExportIn,
    TrackedNetworkOut,
    TrackIn,
)

router = Router(tags=["networks"])


def _view(
    request: HttpRequest, node: str, hops: int | None, collapse: bool = True
) -> dict[str, Any]:
    return selectors.network_view(
        actor=api_actor(request), node=node, hops=hops, collapse=collapse
    ).as_dict()


def _uuid_key(kind: NodeKind, value: str) -> str:
    import uuid

    try:
        return node_key(kind, uuid.UUID(value))
    except ValueError:
        raise NotFound(_("Not found.")) from None


@router.get("/view", response=NetworkViewOut, url_name="networks_view")
def view(
    request: HttpRequest, node: str, hops: int | None = None, collapse: bool = True
) -> dict[str, Any]:
    """The network around a node key, `hops` record-hops deep (default 2, at most 6).
    `collapse=false` draws each record of a linkage cluster separately."""
    return _view(request, node, hops, collapse)


@router.get("/persons/{person_id}", response=NetworkViewOut, url_name="networks_person")
def person_view(request: HttpRequest, person_id: str, hops: int | None = None) -> dict[str, Any]:
    return _view(request, _uuid_key(NodeKind.PERSON, person_id), hops)


@router.get("/cases/{case_id}", response=NetworkViewOut, url_name="networks_case")
def case_view(request: HttpRequest, case_id: str, hops: int | None = None) -> dict[str, Any]:
    return _view(request, _uuid_key(NodeKind.CASE, case_id), hops)


@router.get("/tips/{tip_id}", response=NetworkViewOut, url_name="networks_tip")
def tip_view(request: HttpRequest, tip_id: str, hops: int | None = None) -> dict[str, Any]:
    return _view(request, _uuid_key(NodeKind.TIP, tip_id), hops)


@router.get("/identifier", response=NetworkViewOut, url_name="networks_identifier")
def identifier_view(
    request: HttpRequest, kind: str, value: str, hops: int | None = None
) -> dict[str, Any]:
    """The network around an identifier typed in any notation (e.g. kind=phone)."""
    return _view(request, selectors.identifier_node(kind, value), hops)


@router.get("/components", response=list[ComponentSummaryOut], url_name="networks_components")
def components(request: HttpRequest) -> list[Any]:
    """The largest connected components holding records within reach."""
    return [c.__dict__ for c in selectors.components_in_reach(actor=api_actor(request))]


def _file(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@router.post("/export", url_name="networks_export", response={200: None})
def export(request: HttpRequest, payload: ExportIn) -> HttpResponse:
    """The view as GraphML, SVG or PNG (audited)."""
    actor = api_actor(request)
    view = selectors.network_view(actor=actor, node=payload.node, hops=payload.hops, audit=False)
    return _file(
        services.network_export(
            actor=actor, view=view, fmt=payload.format, source={"node": payload.node}
        )
    )


def _tracked_out(network: TrackedNetwork) -> dict[str, Any]:
    return {
        "id": network.pk,
        "name": network.name,
        "note": network.note,
        "status": network.status,
        "owner_agency_name": network.owner_agency.name,
        "center_key": network.center_key,
        "hops": network.hops,
        "member_count": network.members.count(),
        "created_at": network.created_at,
        "refreshed_at": network.refreshed_at,
    }


def _tracked(request: HttpRequest, network_id: str) -> TrackedNetwork:
    return selectors.tracked_network_get(actor=api_actor(request), network_id=network_id)


@router.get("/tracked", response=list[TrackedNetworkOut], url_name="networks_tracked_list")
def tracked_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_tracked_out(n) for n in selectors.tracked_network_list(actor=api_actor(request))]


@router.post("/tracked", response={201: TrackedNetworkOut}, url_name="networks_tracked_create")
def tracked_create(request: HttpRequest, payload: TrackIn) -> Status[dict[str, Any]]:
    network = services.tracked_network_create(
        actor=api_actor(request),
        name=payload.name,
        note=payload.note,
        node=payload.node,
        hops=payload.hops,
    )
    return Status(201, _tracked_out(network))


@router.get("/tracked/{network_id}", response=TrackedNetworkOut, url_name="networks_tracked")
def tracked_get(request: HttpRequest, network_id: str) -> dict[str, Any]:
    return _tracked_out(_tracked(request, network_id))


@router.get("/tracked/{network_id}/view", response=NetworkViewOut, url_name="networks_tracked_view")
def tracked_view(request: HttpRequest, network_id: str) -> dict[str, Any]:
    """Members within reach and what links to them now (``new``: joined since)."""
    network = _tracked(request, network_id)
    return selectors.tracked_network_view(actor=api_actor(request), network=network).as_dict()


@router.patch(
    "/tracked/{network_id}", response=TrackedNetworkOut, url_name="networks_tracked_update"
)
def tracked_update(request: HttpRequest, network_id: str, payload: RenameIn) -> dict[str, Any]:
    network = services.tracked_network_rename(
        actor=api_actor(request),
        network=_tracked(request, network_id),
        name=payload.name,
        note=payload.note,
    )
    return _tracked_out(network)


@router.post(
    "/tracked/{network_id}/refresh", response=RefreshOut, url_name="networks_tracked_refresh"
)
def tracked_refresh(request: HttpRequest, network_id: str) -> dict[str, int]:
    added, removed = services.tracked_network_refresh(
        actor=api_actor(request), network=_tracked(request, network_id)
    )
    return {"added": added, "removed": removed}


@router.post(
    "/tracked/{network_id}/remove-member",
    response=TrackedNetworkOut,
    url_name="networks_tracked_remove_member",
)
def tracked_remove_member(
    request: HttpRequest, network_id: str, payload: MemberIn
) -> dict[str, Any]:
    network = _tracked(request, network_id)
    services.tracked_network_remove_member(
        actor=api_actor(request), network=network, node=payload.node
    )
    return _tracked_out(network)


@router.post(
    "/tracked/{network_id}/close", response=TrackedNetworkOut, url_name="networks_tracked_close"
)
def tracked_close(request: HttpRequest, network_id: str) -> dict[str, Any]:
    network = services.tracked_network_close(
        actor=api_actor(request), network=_tracked(request, network_id)
    )
    return _tracked_out(network)


@router.post(
    "/tracked/{network_id}/export", url_name="networks_tracked_export", response={200: None}
)
def tracked_export(request: HttpRequest, network_id: str, payload: TrackedExportIn) -> HttpResponse:
    actor = api_actor(request)
    network = _tracked(request, network_id)
    view = selectors.tracked_network_view(actor=actor, network=network, audit=False)
    return _file(
        services.network_export(
            actor=actor, view=view, fmt=payload.format, source={"tracked_network": str(network.pk)}
        )
    )
