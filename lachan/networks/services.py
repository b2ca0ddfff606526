"""Writes of the networks domain: tracking a network as a unit, and exports.

Every service takes the acting user first, checks the policy, validates before writing,
and records one audit event in the same transaction. Audit events carry counts, codes
and node keys (record ids and blind indexes), never a name or an identifier's value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.access.permissions import NetworksPermission
from lachan.access.policies.networks import tracked_network_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.text import squash_spaces
from lachan.networks import export, selectors
from lachan.networks.graph import key_kind
from lachan.networks.models import TrackedMember, TrackedNetwork, TrackedStatus
from lachan.networks.store import networks_mark_stale

__all__ = [
    "ExportFile",
    "network_export",
    "networks_mark_stale",
    "tracked_network_close",
    "tracked_network_create",
    "tracked_network_refresh",
    "tracked_network_remove_member",
    "tracked_network_rename",
]

MAX_NAME_LENGTH = 200
MAX_NOTE_LENGTH = 2000
EXPORT_FORMATS = ("graphml", "svg", "png")


def _require_manage(actor: User, network: TrackedNetwork) -> None:
    """NotFound out of reach; PermissionDenied when the actor may see it only."""
    if tracked_network_policy.can(actor, NetworksPermission.MANAGE, network):
        return
    if tracked_network_policy.can(actor, NetworksPermission.VIEW, network):
        raise PermissionDenied(_("Only the agency tracking this network may change it."))
    raise NotFound(_("Not found."))


def _clean_name(name: str, note: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    name = squash_spaces(name or "")
    note = (note or "").strip()
    if not name:
        errors["name"] = [_("Give the network a name.")]
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = [_("The name is too long (200 characters).")]
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"] = [_("The note is too long (2,000 characters).")]
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)
    return name, note


def _store_members(network: TrackedNetwork, view: selectors.NetworkView) -> tuple[int, int]:
    """Members := the nodes the view draws. Returns (added, removed)."""
    now = timezone.now()
    wanted = {n.key: n.kind for n in view.nodes}
    existing = set(TrackedMember.objects.filter(network=network).values_list("node_key", flat=True))
    removed = existing - set(wanted)
    TrackedMember.objects.filter(network=network, node_key__in=removed).delete()
    TrackedMember.objects.bulk_create(
        [
            TrackedMember(network=network, node_key=key, kind=wanted[key], added_at=now)
            for key in sorted(set(wanted) - existing)
        ]
    )
    return len(set(wanted) - existing), len(removed)


def tracked_network_create(
    *, actor: User, name: str, node: str, hops: int | None = None, note: str = ""
) -> TrackedNetwork:
    """Name the network drawn around ``node`` and track it: its members are the nodes
    the actor's view draws now."""
    if not tracked_network_policy.may_draw(actor):
        raise NotFound(_("Not found."))
    if not tracked_network_policy.may_track(actor):
        raise PermissionDenied(_("Your role cannot track networks."))
    name, note = _clean_name(name, note)
    view = selectors.network_view(actor=actor, node=node, hops=hops, audit=False)
    agency = actor.agency
    assert agency is not None  # may_track requires one
    with transaction.atomic():
        network = TrackedNetwork.objects.create(
            name=name,
            note=note,
            owner_agency=agency,
            created_by=actor,
            center_key=node,
            hops=view.hops,
            refreshed_at=timezone.now(),
        )
        added, _removed = _store_members(network, view)
        audit_record(
            actor=actor,
            action="tracked_network.create",
            target=network,
            changes={"fields": ["name", "note"], "members": added, "hops": view.hops},
        )
    return network


def tracked_network_refresh(*, actor: User, network: TrackedNetwork) -> tuple[int, int]:
    """Members := what the view around the original node draws now (added, removed)."""
    _require_manage(actor, network)
    if network.status != TrackedStatus.ACTIVE:
        raise ValidationFailed(_("This network is closed."), code="closed")
    view = selectors.network_view(
        actor=actor, node=network.center_key, hops=network.hops, audit=False
    )
    with transaction.atomic():
        added, removed = _store_members(network, view)
        network.refreshed_at = timezone.now()
        network.save(update_fields=["refreshed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="tracked_network.refresh",
            target=network,
            changes={"added": added, "removed": removed},
        )
    return added, removed


def tracked_network_rename(
    *, actor: User, network: TrackedNetwork, name: str, note: str = ""
) -> TrackedNetwork:
    _require_manage(actor, network)
    name, note = _clean_name(name, note)
    changed = [f for f, v in (("name", name), ("note", note)) if getattr(network, f) != v]
    if not changed:
        return network
    with transaction.atomic():
        network.name, network.note = name, note
        network.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="tracked_network.update", target=network, changes=changed)
    return network


def tracked_network_remove_member(*, actor: User, network: TrackedNetwork, node: str) -> None:
    _require_manage(actor, network)
    with transaction.atomic():
        deleted, _rows = TrackedMember.objects.filter(network=network, node_key=node).delete()
        if not deleted:
            raise NotFound(_("Not found."))
        kind = key_kind(node)
        audit_record(
            actor=actor,
            action="tracked_network.remove_member",
            target=network,
            changes={"member": node, "kind": kind.name.lower() if kind is not None else ""},
        )


def tracked_network_close(*, actor: User, network: TrackedNetwork) -> TrackedNetwork:
    _require_manage(actor, network)
    if network.status == TrackedStatus.CLOSED:
        return network
    with transaction.atomic():
        network.status = TrackedStatus.CLOSED
        network.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="tracked_network.close",
            target=network,
            changes={"status": [TrackedStatus.ACTIVE.value, TrackedStatus.CLOSED.value]},
        )
    return network


# -- exports ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def hidden_caption(view: selectors.NetworkView) -> str:
    if not view.hidden_count:
        return _("No linked record outside your reach.")
    return _("Linked records outside your reach (not drawn): %(count)s.") % {
        "count": view.hidden_count
    }


def network_export(
    *, actor: User, view: selectors.NetworkView, fmt: str, source: dict[str, Any]
) -> ExportFile:
    """The view as a file; one ``network.export`` audit event naming the format, what
    was drawn from (node key or tracked network) and how many nodes left."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"format": [_("Choose GraphML, SVG or PNG.")]},
        )
    if fmt == "graphml":
        content, ctype = export.to_graphml(view), "application/graphml+xml"
    elif fmt == "svg":
        content, ctype = export.to_svg(view, hidden_caption=hidden_caption(view)), "image/svg+xml"
    else:
        content, ctype = export.to_png(view, hidden_caption=hidden_caption(view)), "image/png"
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="network.export",
            object_type="networks.graph",
            changes={
                "format": fmt,
                **source,
                "nodes": len(view.nodes),
                "hidden": view.hidden_count,
            },
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(content=content, content_type=ctype, filename=f"duong-day-{stamp}.{fmt}")
