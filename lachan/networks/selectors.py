"""Network views: what an officer sees of the graph, always through the people, tips and
cases policies.

How a view is drawn (``_draw``):
1. walk the whole graph from the starting node(s) up to ``hops`` record-hops (capped);
2. ask the policies which of the records reached the officer may see (one scoped query
   per record kind);
3. walk again, entering only visible records (and the connectors between them): nothing
   behind a record outside the officer's reach is reached through it;
4. every record outside reach adjacent to a drawn node is counted on that node and in
   the total ("records outside your reach") — never drawn, never named, no id;
5. connectors that join nothing (a person's own phone, shared with no one) are dropped;
6. degree, betweenness and components are computed on the drawn subgraph only.

Labels carry no identity: persons by masked name, identifiers by kind and masked value,
addresses by their commune, tips and cases by register and case numbers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from lachan.access.policies import policy_for
from lachan.access.policies.networks import tracked_network_policy
from lachan.access.policies.people import person_policy
from lachan.access.policies.tips import tip_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, ValidationFailed
from lachan.core.identifiers import (
    IDENTIFIER_LABELS,
    IdentifierKind,
    identifier_index,
    mask_identifier,
)
from lachan.networks import graph as g
from lachan.networks.models import TrackedMember, TrackedNetwork
from lachan.networks.store import GraphInfo, current_graph

DEFAULT_HOPS = 2
MAX_HOPS = 6


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def ball_cap() -> int:
    """Nodes a first walk may reach before it stops (bounds the policy queries)."""
    return _setting("LACHAN_NETWORKS_BALL_CAP", 3000)


def draw_cap() -> int:
    """Nodes a view draws at most (a layout stays readable at a few hundred)."""
    return _setting("LACHAN_NETWORKS_DRAW_CAP", 400)


def hub_degree() -> int:
    """A connector linking more records than this is drawn but not crossed."""
    return _setting("LACHAN_NETWORKS_HUB_DEGREE", 100)


KIND_NAMES = {
    g.NodeKind.PERSON: "person",
    g.NodeKind.IDENTIFIER: "identifier",
    g.NodeKind.ADDRESS: "address",
    g.NodeKind.TIP: "tip",
    g.NodeKind.CASE: "case",
    g.NodeKind.CLUSTER: "cluster",
}
EDGE_NAMES = {
    g.EdgeKind.HOLDS: "holds",
    g.EdgeKind.LIVES_AT: "lives_at",
    g.EdgeKind.MENTIONS: "mentions",
    g.EdgeKind.SUSPECT: "suspect",
    g.EdgeKind.OPENED: "opened",
    g.EdgeKind.SAME_PERSON: "same_person",
}


def kind_label(kind: str) -> str:
    return {
        "person": _("Person"),
        "identifier": _("Identifier"),
        "address": _("Address"),
        "tip": _("Tip"),
        "case": _("Case"),
        "cluster": _("Same person (record linkage)"),
    }[kind]


def edge_label(kind: str) -> str:
    return {
        "holds": _("uses"),
        "lives_at": _("lives at"),
        "mentions": _("mentions"),
        "suspect": _("suspect in"),
        "opened": _("opened"),
        "same_person": _("same person"),
    }[kind]


@dataclass
class ViewNode:
    key: str
    kind: str
    kind_label: str
    label: str
    detail: str
    url: str
    hop: int
    degree: int = 0
    betweenness: float = 0.0
    component: int = 0
    hidden_links: int = 0
    is_center: bool = False
    member: bool = False
    new: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ViewEdge:
    source: str
    target: str
    kind: str
    label: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ViewComponent:
    number: int
    node_keys: list[str]
    persons: int
    cases: int
    tips: int


@dataclass
class NetworkView:
    title: str
    center_keys: list[str]
    hops: int
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    hidden_count: int
    truncated: bool
    components: list[ViewComponent]
    central: list[ViewNode]
    graph_version: int
    built_at: dt.datetime | None
    stale: bool
    missing_members: int = 0
    by_key: dict[str, ViewNode] = field(default_factory=dict)

    @property
    def cases(self) -> list[ViewNode]:
        return [n for n in self.nodes if n.kind == "case"]

    @property
    def tips(self) -> list[ViewNode]:
        return [n for n in self.nodes if n.kind == "tip"]

    @property
    def persons(self) -> list[ViewNode]:
        return [n for n in self.nodes if n.kind == "person"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "center_keys": self.center_keys,
            "hops": self.hops,
            "nodes": [n.as_dict() for n in self.nodes],
            "edges": [e.as_dict() for e in self.edges],
            "hidden_count": self.hidden_count,
            "truncated": self.truncated,
            "components": [c.__dict__ for c in self.components],
            "central": [n.key for n in self.central],
            "graph_version": self.graph_version,
            "built_at": self.built_at,
            "stale": self.stale,
            "missing_members": self.missing_members,
        }

    def cytoscape_elements(self) -> list[dict[str, Any]]:
        """The elements as Cytoscape.js reads them (ids are node keys)."""
        elements: list[dict[str, Any]] = []
        for n in self.nodes:
            elements.append(
                {
                    "group": "nodes",
                    "data": {
                        "id": n.key,
                        "label": n.label,
                        "kind": n.kind,
                        "url": n.url,
                        "hidden": n.hidden_links,
                        "center": n.is_center,
                        "new": n.new,
                        "size": round(20 + 40 * n.betweenness, 1),
                    },
                }
            )
        for i, e in enumerate(self.edges):
            elements.append(
                {
                    "group": "edges",
                    "data": {"id": f"e{i}", "source": e.source, "target": e.target, "kind": e.kind},
                }
            )
        return elements


# -- access ---------------------------------------------------------------------------------
def _require_draw(actor: User) -> None:
    if not tracked_network_policy.may_draw(actor):
        raise NotFound(_("Not found."))


def _uuid(hexvalue: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=hexvalue)
    except ValueError:
        return None


def _visible_records(actor: User, graph: g.LoadedGraph, nodes: Iterable[int]) -> set[int]:
    """Which of ``nodes`` (records) the actor may see: one scoped query per kind."""
    wanted: dict[g.NodeKind, dict[uuid.UUID, int]] = {
        g.NodeKind.PERSON: {},
        g.NodeKind.TIP: {},
        g.NodeKind.CASE: {},
    }
    for node in nodes:
        kind = g.NodeKind(int(graph.kinds[node]))
        if kind in wanted:
            pk = _uuid(graph.keys[node][2:])
            if pk is not None:
                wanted[kind][pk] = node
    visible: set[int] = set()
    for kind, by_id in wanted.items():
        if by_id:
            for pk in _scoped(actor, kind, list(by_id)).values_list("pk", flat=True):
                visible.add(by_id[pk])
    return visible


def _scoped(actor: User, kind: g.NodeKind, ids: list[uuid.UUID]) -> QuerySet[Any]:
    """The records of ``kind`` among ``ids`` that the actor reaches (its policy)."""
    from lachan.cases.models import Case
    from lachan.people.models import Person
    from lachan.tips.models import Tip

    if kind is g.NodeKind.PERSON:
        return person_policy.scope(actor, Person.objects.filter(pk__in=ids))
    if kind is g.NodeKind.TIP:
        return tip_policy.scope(actor, Tip.objects.filter(pk__in=ids))
    if kind is g.NodeKind.CASE:
        return policy_for(Case).scope(actor, Case.objects.filter(pk__in=ids))
    return Person.objects.none()


# -- drawing -------------------------------------------------------------------------------
def _draw(
    actor: User,
    info: GraphInfo,
    starts: Sequence[int],
    *,
    hops: int,
    title: str,
    members: set[int] | None = None,
    collapse: bool = True,
) -> NetworkView:
    graph = info.graph
    ball = graph.walk(starts, hops=hops, cap=ball_cap(), hub_degree=hub_degree())
    reached = list(ball.hops)
    visible_records = _visible_records(
        actor, graph, [n for n in reached if not graph.is_connector(n)]
    )
    allowed = visible_records | {n for n in reached if graph.is_connector(n)}
    visible_starts = [
        s
        for s in starts
        if s in visible_records
        or (
            graph.is_connector(s)
            and any(int(nb) in visible_records for nb in graph.neighbours(s).tolist())
        )
    ]
    if not visible_starts:
        raise NotFound(_("Not found."))
    drawn_ball = graph.walk(
        visible_starts, hops=hops, allowed=allowed, cap=draw_cap(), hub_degree=hub_degree()
    )
    in_ball = set(reached)
    hidden_of: dict[int, set[int]] = {}
    for node in drawn_ball.hops:
        hidden_of[node] = {
            nb
            for nb in graph.neighbours(node).tolist()
            if nb in in_ball and not graph.is_connector(nb) and nb not in visible_records
        }
    drawn = set(drawn_ball.hops)
    # A connector that joins nothing (one drawn record, nobody hidden) is noise.
    for node in list(drawn):
        if graph.is_connector(node) and node not in visible_starts:
            linked = [nb for nb in graph.neighbours(node).tolist() if nb in drawn]
            if len(set(linked)) < 2 and not hidden_of[node]:
                drawn.discard(node)
    order = sorted(drawn, key=lambda n: (drawn_ball.hops[n], int(graph.kinds[n]), graph.keys[n]))
    edges = graph.edges_among(order)
    labels = _labels(actor, graph, order, visible_records)
    if collapse:
        order, edges = _collapse_clusters(
            graph, order, edges, hidden_of, drawn_ball, labels, keep=set(visible_starts)
        )
    measures = g.centrality(order, edges)
    component_of = {n: i for i, comp in enumerate(measures.components) for n in comp}
    center_set = set(visible_starts)
    nodes: list[ViewNode] = []
    for n in order:
        kind = KIND_NAMES[g.NodeKind(int(graph.kinds[n]))]
        label, detail, url = labels.get(n, ("", "", ""))
        nodes.append(
            ViewNode(
                key=graph.keys[n],
                kind=kind,
                kind_label=kind_label(kind),
                label=label,
                detail=detail,
                url=url,
                hop=drawn_ball.hops[n],
                degree=measures.degree[n],
                betweenness=round(measures.betweenness[n], 4),
                component=component_of[n],
                hidden_links=len(hidden_of[n]),
                is_center=n in center_set,
                member=members is not None and n in members,
                new=members is not None and n not in members,
            )
        )
    by_key = {node.key: node for node in nodes}
    view_edges = [
        ViewEdge(
            source=graph.keys[a],
            target=graph.keys[b],
            kind=EDGE_NAMES[g.EdgeKind(kind)],
            label=edge_label(EDGE_NAMES[g.EdgeKind(kind)]),
        )
        for a, b, kind in edges
    ]
    components = []
    for number, comp in enumerate(measures.components):
        kinds = Counter(by_key[graph.keys[n]].kind for n in comp)
        components.append(
            ViewComponent(
                number=number,
                node_keys=[graph.keys[n] for n in comp],
                persons=kinds["person"],
                cases=kinds["case"],
                tips=kinds["tip"],
            )
        )
    central = sorted(
        (n for n in nodes if n.degree > 0),
        key=lambda n: (-n.betweenness, -n.degree, n.key),
    )[:10]
    hidden_total = set().union(*hidden_of.values()) if hidden_of else set()
    return NetworkView(
        title=title,
        center_keys=[graph.keys[s] for s in visible_starts],
        hops=hops,
        nodes=nodes,
        edges=view_edges,
        hidden_count=len(hidden_total),
        truncated=ball.truncated or drawn_ball.truncated,
        components=components,
        central=central,
        graph_version=graph.version,
        built_at=info.built_at,  # type: ignore[arg-type]
        stale=info.stale,
        by_key=by_key,
    )


def _collapse_clusters(
    graph: g.LoadedGraph,
    order: list[int],
    edges: list[tuple[int, int, int]],
    hidden_of: dict[int, set[int]],
    ball: g.Ball,
    labels: dict[int, tuple[str, str, str]],
    *,
    keep: set[int],
) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Drawn records of one person (a linkage cluster) become one node: the first
    record stands for them, its label naming each. Only *drawn* records merge, so a
    record outside reach never lends its links to a visible one."""
    drawn = set(order)
    stands_for: dict[int, int] = {}
    for node in order:
        if g.NodeKind(int(graph.kinds[node])) is not g.NodeKind.CLUSTER:
            continue
        persons = sorted(
            nb
            for nb in set(graph.neighbours(node).tolist())
            if nb in drawn and g.NodeKind(int(graph.kinds[nb])) is g.NodeKind.PERSON
        )
        if len(persons) < 2:
            continue
        first = next((p for p in persons if p in keep), persons[0])  # a start stays
        for other in [*(p for p in persons if p != first), node]:
            stands_for[other] = first
        names = " = ".join(labels.get(p, ("", "", ""))[0] for p in persons)
        detail = _("%(count)s records of one person") % {"count": len(persons)}
        labels[first] = (names, detail, labels.get(first, ("", "", ""))[2])
    if not stands_for:
        return order, edges
    for merged, first in stands_for.items():
        hidden_of[first] = hidden_of[first] | hidden_of[merged]
        ball.hops[first] = min(ball.hops[first], ball.hops[merged])
    merged_edges = {
        (min(a2, b2), max(a2, b2), kind)
        for a, b, kind in edges
        if (a2 := stands_for.get(a, a)) != (b2 := stands_for.get(b, b))
    }
    return [n for n in order if n not in stands_for], sorted(merged_edges)


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _labels(
    actor: User, graph: g.LoadedGraph, nodes: Sequence[int], visible: set[int]
) -> dict[int, tuple[str, str, str]]:
    """(label, detail, url) per drawn node, identity masked; a few queries in all."""
    from lachan.cases.models import Case
    from lachan.geo.models import AdminUnit, Era
    from lachan.people.models import Person, PersonIdentifier
    from lachan.people.selectors import mask_name
    from lachan.tips.models import Tip, TipIdentifier

    by_kind: dict[g.NodeKind, dict[str, int]] = {}
    for n in nodes:
        by_kind.setdefault(g.NodeKind(int(graph.kinds[n])), {})[graph.keys[n][2:]] = n
    labels: dict[int, tuple[str, str, str]] = {}
    persons = by_kind.get(g.NodeKind.PERSON, {})
    person_ids = {pk: n for hexid, n in persons.items() if (pk := _uuid(hexid)) is not None}
    if person_ids:
        for p in Person.objects.filter(pk__in=list(person_ids)).only(
            "full_name", "birth_year", "owner_agency"
        ):
            born = f" ({p.birth_year})" if p.birth_year else ""
            labels[person_ids[p.pk]] = (
                mask_name(p.full_name) + born,
                "",
                _url("people:detail", person_id=p.pk),
            )
    tips = {pk: n for hexid, n in by_kind.get(g.NodeKind.TIP, {}).items() if (pk := _uuid(hexid))}
    if tips:
        for pk, number in Tip.objects.filter(pk__in=list(tips)).values_list(
            "pk", "register_number"
        ):
            labels[tips[pk]] = (
                _("Tip %(number)s") % {"number": number},
                "",
                _url("tips:detail", tip_id=pk),
            )
    cases = {pk: n for hexid, n in by_kind.get(g.NodeKind.CASE, {}).items() if (pk := _uuid(hexid))}
    if cases:
        for pk, number in Case.objects.filter(pk__in=list(cases)).values_list("pk", "number"):
            labels[cases[pk]] = (
                _("Case %(number)s") % {"number": number},
                "",
                _url("cases:detail", case_id=pk),
            )
    identifiers = by_kind.get(g.NodeKind.IDENTIFIER, {})
    if identifiers:
        visible_person_ids = [
            pk
            for n in visible
            if g.NodeKind(int(graph.kinds[n])) is g.NodeKind.PERSON
            and (pk := _uuid(graph.keys[n][2:]))
        ]
        visible_tip_ids = [
            pk
            for n in visible
            if g.NodeKind(int(graph.kinds[n])) is g.NodeKind.TIP
            and (pk := _uuid(graph.keys[n][2:]))
        ]
        found: dict[str, tuple[str, str]] = {}
        for index, kind, value in PersonIdentifier.objects.filter(
            value_index__in=list(identifiers), person_id__in=visible_person_ids
        ).values_list("value_index", "kind", "value"):
            found.setdefault(index, (kind, value))
        missing = [i for i in identifiers if i not in found]
        if missing and visible_tip_ids:
            for index, kind, value in TipIdentifier.objects.filter(
                value_index__in=missing, tip_id__in=visible_tip_ids
            ).values_list("value_index", "kind", "value"):
                found.setdefault(index, (kind, value))
        for index, n in identifiers.items():
            if index in found:
                kind, value = found[index]
                labels[n] = (
                    mask_identifier(kind, value),
                    str(IDENTIFIER_LABELS[IdentifierKind(kind)]),
                    "",
                )
            else:
                labels[n] = (_("Identifier"), "", "")
    addresses = by_kind.get(g.NodeKind.ADDRESS, {})
    if addresses:
        codes = {rest.split(":", 1)[0] for rest in addresses}
        names = dict(
            AdminUnit.objects.filter(era=Era.CURRENT, code__in=codes).values_list("code", "name")
        )
        for rest, n in addresses.items():
            code = rest.split(":", 1)[0]
            labels[n] = (_("Shared address"), names.get(code, ""), "")
    for n in by_kind.get(g.NodeKind.CLUSTER, {}).values():
        labels[n] = (_("Same person (record linkage)"), "", "")
    return labels


# -- entry points ---------------------------------------------------------------------------
def _clean_hops(hops: int | None) -> int:
    if hops is None:
        return DEFAULT_HOPS
    if not 1 <= hops <= MAX_HOPS:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"hops": [_("Choose between 1 and 6 hops.")]},
        )
    return hops


def network_view(
    *,
    actor: User,
    node: str,
    hops: int | None = None,
    audit: bool = True,
    collapse: bool = True,
) -> NetworkView:
    """The network around one node (a person, identifier, tip or case key), ``hops``
    record-hops deep. NotFound when the node is absent or outside reach.

    ``collapse``: the records a linkage cluster says are one person, when drawn, are
    drawn as one node (``False``: each record and the cluster link between them).

    Who looked at which network is investigative information: each view is one
    ``network.view`` audit event (node key, hops, counts drawn and hidden)."""
    _require_draw(actor)
    hops = _clean_hops(hops)
    kind = g.key_kind(node)
    if kind is None or kind is g.NodeKind.ADDRESS or kind is g.NodeKind.CLUSTER:
        raise NotFound(_("Not found."))
    info = current_graph()
    index = info.graph.index.get(node)
    if index is None:
        view = _lonely(actor, info, node, kind, hops)
    else:
        view = _draw(
            actor, info, [index], hops=hops, title=_title(actor, node, kind), collapse=collapse
        )
    if audit:
        _audit_view(actor, {"node": node}, view)
    return view


def _audit_view(actor: User, source: dict[str, Any], view: NetworkView) -> None:
    audit_record(
        actor=actor,
        action="network.view",
        object_type="networks.graph",
        changes={
            **source,
            "hops": view.hops,
            "nodes": len(view.nodes),
            "hidden": view.hidden_count,
            "version": view.graph_version,
        },
    )


def _title(actor: User, key: str, kind: g.NodeKind) -> str:
    return {
        g.NodeKind.PERSON: _("Network around a person"),
        g.NodeKind.IDENTIFIER: _("Network around an identifier"),
        g.NodeKind.TIP: _("Network around a tip"),
        g.NodeKind.CASE: _("Network around a case"),
    }.get(kind, _("Network"))


def _lonely(actor: User, info: GraphInfo, key: str, kind: g.NodeKind, hops: int) -> NetworkView:
    """A record in reach that links to nothing (yet): drawn alone."""
    pk = _uuid(key[2:])
    if pk is None or kind not in g.RECORD_KINDS or not _scoped(actor, kind, [pk]).exists():
        raise NotFound(_("Not found."))
    name = KIND_NAMES[kind]
    node = ViewNode(
        key=key, kind=name, kind_label=kind_label(name), label="", detail="", url="", hop=0
    )
    node.is_center = True
    # Labels through the same helper: a one-node graph of its own.
    lone = g.GraphBuilder()
    lone.node(key, kind)
    lone_graph = g.load(g.dump(g.compute(lone.arrays())))
    node.label, node.detail, node.url = _labels(actor, lone_graph, [0], {0}).get(0, ("", "", ""))
    return NetworkView(
        title=_title(actor, key, kind),
        center_keys=[key],
        hops=hops,
        nodes=[node],
        edges=[],
        hidden_count=0,
        truncated=False,
        components=[
            ViewComponent(
                number=0,
                node_keys=[key],
                persons=int(name == "person"),
                cases=int(name == "case"),
                tips=int(name == "tip"),
            )
        ],
        central=[],
        graph_version=info.graph.version,
        built_at=info.built_at,  # type: ignore[arg-type]
        stale=info.stale,
        by_key={key: node},
    )


def identifier_node(kind: str, value: str) -> str:
    """The node key of an identifier as an officer types it (any notation)."""
    try:
        return f"i:{identifier_index(kind, value)}"
    except (ValidationFailed, ValueError):
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"value": [_("This is not a valid identifier of that kind.")]},
        ) from None


def tracked_network_get(*, actor: User, network_id: Any) -> TrackedNetwork:
    return tracked_network_policy.get(actor, network_id)


def tracked_network_list(*, actor: User) -> list[TrackedNetwork]:
    return list(
        tracked_network_policy.scope(actor)
        .select_related("owner_agency", "created_by")
        .order_by("status", "-created_at")[:200]
    )


def tracked_network_view(
    *, actor: User, network: TrackedNetwork, audit: bool = True
) -> NetworkView:
    """The members (as far as the actor reaches them) and what links to them directly
    now; nodes that joined since the network was tracked are marked ``new``."""
    _require_draw(actor)
    info = current_graph()
    keys = list(TrackedMember.objects.filter(network=network).values_list("node_key", flat=True))
    present = [info.graph.index[k] for k in keys if k in info.graph.index]
    if not present:
        raise NotFound(_("Not found."))
    view = _draw(actor, info, present, hops=1, title=network.name, members=set(present))
    view.missing_members = len(keys) - len(present)
    if audit:
        _audit_view(actor, {"tracked_network": str(network.pk)}, view)
    return view


@dataclass
class ComponentSummary:
    node_key: str  # a visible record of the component, to open it from
    label: str
    persons: int
    cases: int
    tips: int
    hidden: int  # records of the component outside the actor's reach


# How many record nodes one call checks against the actor's reach at most: the list
# walks the components from the largest down and stops when it has enough, so a
# national graph costs a few bounded queries, not a pass over every record in reach.
COMPONENT_SCAN_BUDGET = 50_000
_SCAN_BATCH = 5_000


def components_in_reach(*, actor: User, limit: int = 20) -> list[ComponentSummary]:
    """The largest connected components (by their number of records) that hold records
    the actor may see, largest first: how many of their persons, cases and tips are
    visible and how many records are not."""
    import numpy as np

    _require_draw(actor)
    graph = current_graph().graph
    if graph.node_count == 0:
        return []
    is_record = ~np.isin(graph.kinds, [int(k) for k in g.CONNECTOR_KINDS])
    record_nodes = np.flatnonzero(is_record)
    records_per_component = np.bincount(
        graph.component[record_nodes], minlength=len(graph.component_sizes)
    )
    # Record nodes grouped by component, so a component's records are one slice.
    grouped = record_nodes[np.argsort(graph.component[record_nodes], kind="stable")]
    starts = np.concatenate(([0], np.cumsum(records_per_component)))
    largest = [
        int(c)
        for c in np.argsort(-records_per_component, kind="stable")
        if records_per_component[c] > 1
    ]
    found: list[int] = []
    visible: dict[int, list[int]] = {}
    scanned = 0
    position = 0
    while position < len(largest) and len(found) < limit and scanned < COMPONENT_SCAN_BUDGET:
        batch: list[int] = []
        nodes: list[int] = []
        while position < len(largest) and (not batch or len(nodes) < _SCAN_BATCH):
            c = largest[position]
            position += 1
            batch.append(c)
            nodes.extend(int(n) for n in grouped[starts[c] : starts[c + 1]])
        scanned += len(nodes)
        for node in _visible_nodes(actor, graph, nodes):
            visible.setdefault(int(graph.component[node]), []).append(node)
        found.extend(c for c in batch if c in visible)
    found = found[:limit]
    best = {c: max(visible[c], key=lambda n: (graph.degree[n], -n)) for c in found}
    labels = _labels(actor, graph, list(best.values()), {n for c in found for n in visible[c]})
    summaries = []
    for c in found:
        kinds = Counter(KIND_NAMES[g.NodeKind(int(graph.kinds[n]))] for n in visible[c])
        summaries.append(
            ComponentSummary(
                node_key=graph.keys[best[c]],
                label=labels.get(best[c], ("", "", ""))[0],
                persons=kinds["person"],
                cases=kinds["case"],
                tips=kinds["tip"],
                hidden=int(records_per_component[c]) - len(visible[c]),
            )
        )
    return summaries


def _visible_nodes(actor: User, graph: g.LoadedGraph, nodes: Sequence[int]) -> list[int]:
    """Which of these record nodes the actor may see: one scoped query per kind."""
    from lachan.cases.models import Case
    from lachan.people.models import Person
    from lachan.tips.models import Tip

    scopes = {
        g.NodeKind.PERSON: person_policy.scope(actor, Person.objects.all()),
        g.NodeKind.TIP: tip_policy.scope(actor, Tip.objects.all()),
        g.NodeKind.CASE: policy_for(Case).scope(actor, Case.objects.all()),
    }
    by_kind: dict[g.NodeKind, dict[uuid.UUID, int]] = {}
    for n in nodes:
        kind = g.NodeKind(int(graph.kinds[n]))
        pk = _uuid(graph.keys[n][2:]) if kind in scopes else None
        if pk is not None:
            by_kind.setdefault(kind, {})[pk] = n
    seen: list[int] = []
    for kind, ids in by_kind.items():
        keys = list(ids)
        for i in range(0, len(keys), 2000):  # bounded IN lists (SQLite's variable limit)
            chunk = keys[i : i + 2000]
            allowed = scopes[kind].filter(pk__in=chunk).values_list("pk", flat=True)
            seen.extend(ids[pk] for pk in allowed)
    return seen
