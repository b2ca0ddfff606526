"""Staff pages for networks. Reads through the selectors (which apply the people, tips
and cases policies to every node), writes through the services; a node out of reach is
a 404 like one that does not exist. Every page is complete without JavaScript (tables);
with it, Cytoscape.js draws the same elements."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lachan.access.permissions import NetworksPermission
from lachan.access.policies.networks import tracked_network_policy
from lachan.accounts.actors import view_actor
from lachan.accounts.models import User
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind
from lachan.networks import selectors, services
from lachan.networks.graph import NodeKind, node_key
from lachan.networks.models import TrackedNetwork, TrackedStatus


def _require_draw(request: HttpRequest) -> User:
    actor = view_actor(request)
    if not tracked_network_policy.may_draw(actor):
        raise Http404
    return actor


class IdentifierSearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(k.value, IDENTIFIER_LABELS[k]) for k in IdentifierKind],
        initial=IdentifierKind.PHONE.value,
    )
    value = forms.CharField(label=gettext_lazy("Number or account"), max_length=200)


class TrackForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the network"), max_length=200)
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=2000, required=False, widget=forms.Textarea
    )


def _hops(request: HttpRequest) -> int | None:
    raw = request.GET.get("hops") or request.POST.get("hops")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1  # the selector refuses it with a message


def _collapse(request: HttpRequest) -> bool:
    """Records of one person drawn as one node unless the form says "0"."""
    return (request.GET.get("collapse") or request.POST.get("collapse")) != "0"


@require_GET
def network_home(request: HttpRequest) -> HttpResponse:
    actor = _require_draw(request)
    form = IdentifierSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            key = selectors.identifier_node(form.cleaned_data["kind"], form.cleaned_data["value"])
        except ValidationFailed as exc:
            for message in exc.fields.get("value", [str(exc.message)]):
                form.add_error("value", message)
        else:
            return redirect(f"{reverse('networks:view')}?{urlencode({'node': key})}")
    return render(
        request,
        "networks/home.html",
        {
            "form": form,
            "components": selectors.components_in_reach(actor=actor),
            "tracked": selectors.tracked_network_list(actor=actor),
        },
    )


def _view_url(key: str, hops: int | None = None) -> str:
    params = {"node": key} | ({"hops": str(hops)} if hops else {})
    return f"{reverse('networks:view')}?{urlencode(params)}"


@require_GET
def person_network(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    return redirect(_view_url(node_key(NodeKind.PERSON, person_id), _hops(request)))


@require_GET
def case_network(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return redirect(_view_url(node_key(NodeKind.CASE, case_id), _hops(request)))


@require_GET
def tip_network(request: HttpRequest, tip_id: uuid.UUID) -> HttpResponse:
    return redirect(_view_url(node_key(NodeKind.TIP, tip_id), _hops(request)))


def _page(
    request: HttpRequest,
    view: selectors.NetworkView,
    *,
    export_url: str,
    extra: dict[str, Any],
) -> HttpResponse:
    actor = view_actor(request)
    context = {
        "view": view,
        "elements": view.cytoscape_elements(),
        "edge_rows": [
            (view.by_key[e.source].label, e.label, view.by_key[e.target].label) for e in view.edges
        ],
        "export_url": export_url,
        "hops_choices": list(range(1, selectors.MAX_HOPS + 1)),
        "may_track": tracked_network_policy.may_track(actor),
        "track_form": TrackForm(),
        "hidden_caption": services.hidden_caption(view),
        "collapse": _collapse(request),
        **extra,
    }
    return render(request, "networks/network.html", context)


@require_GET
def network_page(request: HttpRequest) -> HttpResponse:
    actor = _require_draw(request)
    node = request.GET.get("node", "")
    try:
        view = selectors.network_view(
            actor=actor, node=node, hops=_hops(request), collapse=_collapse(request)
        )
    except NotFound:
        raise Http404 from None
    except ValidationFailed as exc:
        messages.error(request, "; ".join(m for ms in exc.fields.values() for m in ms))
        return redirect(_view_url(node))
    return _page(
        request, view, export_url=reverse("networks:export"), extra={"node": node, "network": None}
    )


@require_POST
def network_export(request: HttpRequest) -> HttpResponse:
    actor = _require_draw(request)
    node = request.POST.get("node", "")
    try:
        view = selectors.network_view(
            actor=actor, node=node, hops=_hops(request), audit=False, collapse=_collapse(request)
        )
        file = services.network_export(
            actor=actor,
            view=view,
            fmt=request.POST.get("format", ""),
            source={"node": node},
        )
    except (NotFound, ValidationFailed):
        raise Http404 from None
    return _file_response(file)


def _file_response(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def tracked_create(request: HttpRequest) -> HttpResponse:
    actor = _require_draw(request)
    node = request.POST.get("node", "")
    form = TrackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the network a name."))
        return redirect(_view_url(node, _hops(request)))
    try:
        network = services.tracked_network_create(
            actor=actor,
            name=form.cleaned_data["name"],
            note=form.cleaned_data["note"],
            node=node,
            hops=_hops(request),
        )
    except NotFound:
        raise Http404 from None
    except (PermissionDenied, ValidationFailed) as exc:
        messages.error(request, str(exc.message))
        return redirect(_view_url(node, _hops(request)))
    messages.success(request, _("The network is tracked."))
    return redirect("networks:tracked", network_id=network.pk)


def _tracked(request: HttpRequest, network_id: uuid.UUID) -> TrackedNetwork:
    try:
        return selectors.tracked_network_get(actor=view_actor(request), network_id=network_id)
    except NotFound:
        raise Http404 from None


@require_GET
def tracked_page(request: HttpRequest, network_id: uuid.UUID) -> HttpResponse:
    actor = _require_draw(request)
    network = _tracked(request, network_id)
    try:
        view = selectors.tracked_network_view(actor=actor, network=network)
    except NotFound:
        view = None
    may_manage = tracked_network_policy.can(actor, NetworksPermission.MANAGE, network)
    if view is None:
        return render(
            request,
            "networks/tracked_empty.html",
            {"network": network, "may_manage": may_manage},
        )
    return _page(
        request,
        view,
        export_url=reverse("networks:tracked_export", kwargs={"network_id": network.pk}),
        extra={
            "network": network,
            "may_manage": may_manage and network.status == TrackedStatus.ACTIVE,
            "rename_form": TrackForm(initial={"name": network.name, "note": network.note}),
            "node": network.center_key,
        },
    )


def _manage(request: HttpRequest, network_id: uuid.UUID, action: Any) -> HttpResponse:
    _require_draw(request)
    network = _tracked(request, network_id)
    try:
        message = action(network)
    except NotFound:
        raise Http404 from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from None
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, message)
    return redirect("networks:tracked", network_id=network.pk)


@require_POST
def tracked_refresh(request: HttpRequest, network_id: uuid.UUID) -> HttpResponse:
    def act(network: TrackedNetwork) -> str:
        added, removed = services.tracked_network_refresh(
            actor=view_actor(request), network=network
        )
        return _("Members updated: %(added)s added, %(removed)s removed.") % {
            "added": added,
            "removed": removed,
        }

    return _manage(request, network_id, act)


@require_POST
def tracked_rename(request: HttpRequest, network_id: uuid.UUID) -> HttpResponse:
    def act(network: TrackedNetwork) -> str:
        services.tracked_network_rename(
            actor=view_actor(request),
            network=network,
            name=request.POST.get("name", ""),
            note=request.POST.get("note", ""),
        )
        return _("The changes have been saved.")

    return _manage(request, network_id, act)


@require_POST
def tracked_remove_member(request: HttpRequest, network_id: uuid.UUID) -> HttpResponse:
    def act(network: TrackedNetwork) -> str:
        services.tracked_network_remove_member(
            actor=view_actor(request), network=network, node=request.POST.get("member", "")
        )
        return _("The member has been removed.")

    return _manage(request, network_id, act)


@require_POST
def tracked_close(request: HttpRequest, network_id: uuid.UUID) -> HttpResponse:
    def act(network: TrackedNetwork) -> str:
        services.tracked_network_close(actor=view_actor(request), network=network)
        return _("The network is closed.")

    return _manage(request, network_id, act)


@require_POST
def tracked_export(request: HttpRequest, network_id: uuid.UUID) -> HttpResponse:
    actor = _require_draw(request)
    network = _tracked(request, network_id)
    try:
        view = selectors.tracked_network_view(actor=actor, network=network, audit=False)
        file = services.network_export(
            actor=actor,
            view=view,
            fmt=request.POST.get("format", ""),
            source={"tracked_network": str(network.pk)},
        )
    except (NotFound, ValidationFailed):
        raise Http404 from None
    return _file_response(file)
