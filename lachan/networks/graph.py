"""The graph as arrays: building it from links, computing it with rustworkx, storing it,
and walking it.

Nodes are *records* (persons, tips, cases) and *connectors* (identifiers, addresses,
record-linkage clusters): what records share. Edges join a record to a connector or to
another record (a tip mentions a person, a person is a suspect of a case, a tip opened a
case). Hops count records only: two persons sharing a phone are one hop apart, as an
officer reads it ("linked through a phone"), and a connector costs nothing to cross.

Everything here is pure computation on integer arrays — no database, no access rules —
so that the benchmark (``bench/networks``) measures exactly the code the application
runs. ``selectors.py`` applies the access policies to what a walk returns."""

from __future__ import annotations

import gc
import io
import time
import zlib
from collections import deque
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import rustworkx as rx


class NodeKind(IntEnum):
    PERSON = 0
    IDENTIFIER = 1
    ADDRESS = 2
    TIP = 3
    CASE = 4
    CLUSTER = 5


class EdgeKind(IntEnum):
    HOLDS = 0  # person — identifier
    LIVES_AT = 1  # person — address
    MENTIONS = 2  # tip — identifier, tip — person
    SUSPECT = 3  # case — person
    OPENED = 4  # tip — case (the tip the case came from)
    SAME_PERSON = 5  # person — linkage cluster


KEY_PREFIX = {
    NodeKind.PERSON: "p",
    NodeKind.IDENTIFIER: "i",
    NodeKind.ADDRESS: "a",
    NodeKind.TIP: "t",
    NodeKind.CASE: "c",
    NodeKind.CLUSTER: "k",
}
PREFIX_KIND = {prefix: kind for kind, prefix in KEY_PREFIX.items()}
RECORD_KINDS = frozenset({NodeKind.PERSON, NodeKind.TIP, NodeKind.CASE})
CONNECTOR_KINDS = frozenset({NodeKind.IDENTIFIER, NodeKind.ADDRESS, NodeKind.CLUSTER})
_IS_CONNECTOR = np.array([k in CONNECTOR_KINDS for k in NodeKind], dtype=bool)


def node_key(kind: NodeKind, ident: object) -> str:
    """``p:<uuid hex>`` and the like; never personal content (identifiers are keyed by
    their blind index)."""
    value = ident.hex if hasattr(ident, "hex") and not isinstance(ident, str) else ident
    return f"{KEY_PREFIX[kind]}:{value}"


def key_kind(key: str) -> NodeKind | None:
    prefix, sep, rest = key.partition(":")
    if not sep or not rest:
        return None
    return PREFIX_KIND.get(prefix)


# -- building ------------------------------------------------------------------------------
class GraphBuilder:
    """Collects links by node key and gives integer arrays."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.kinds: list[int] = []
        self.src: list[int] = []
        self.dst: list[int] = []
        self.edge_kinds: list[int] = []

    def node(self, key: str, kind: NodeKind) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.kinds)
            self.kinds.append(int(kind))
        return found

    def link(self, a: str, a_kind: NodeKind, b: str, b_kind: NodeKind, edge_kind: EdgeKind) -> None:
        self.src.append(self.node(a, a_kind))
        self.dst.append(self.node(b, b_kind))
        self.edge_kinds.append(int(edge_kind))

    def arrays(self) -> GraphArrays:
        keys = [""] * len(self.kinds)
        for key, i in self.index.items():
            keys[i] = key
        return GraphArrays(
            keys=keys,
            kinds=np.asarray(self.kinds, dtype=np.int8),
            src=np.asarray(self.src, dtype=np.int32),
            dst=np.asarray(self.dst, dtype=np.int32),
            edge_kinds=np.asarray(self.edge_kinds, dtype=np.int8),
        )


@dataclass
class GraphArrays:
    keys: list[str]
    kinds: npt.NDArray[np.int8]
    src: npt.NDArray[np.int32]
    dst: npt.NDArray[np.int32]
    edge_kinds: npt.NDArray[np.int8]


# -- computing -----------------------------------------------------------------------------
@dataclass
class Computed:
    """What the background task computes once per version."""

    arrays: GraphArrays
    component: npt.NDArray[np.int32]  # component number per node (0 = largest)
    component_sizes: npt.NDArray[np.int32]
    degree: npt.NDArray[np.int32]
    seconds: float = 0.0


def rx_graph(node_count: int, src: npt.NDArray[np.int32], dst: npt.NDArray[np.int32]) -> rx.PyGraph:
    """An undirected rustworkx graph of integer nodes 0..n-1 (parallel edges kept: a
    multigraph loads fastest and the computations here do not care)."""
    graph: rx.PyGraph = rx.PyGraph(
        multigraph=True, node_count_hint=node_count, edge_count_hint=len(src)
    )
    graph.add_nodes_from([None] * node_count)
    graph.extend_from_edge_list(list(zip(src.tolist(), dst.tolist(), strict=True)))
    return graph


def compute(arrays: GraphArrays, *, timings: dict[str, float] | None = None) -> Computed:
    """Connected components (rustworkx) and degrees. ``timings`` receives the seconds
    (wall) of each part, for the benchmark. The cyclic garbage collector is paused
    meanwhile: millions of edge tuples would otherwise be traversed again and again."""
    timings = {} if timings is None else timings
    started = time.perf_counter()
    n = len(arrays.keys)
    collecting = gc.isenabled()
    gc.disable()
    try:
        graph = rx_graph(n, arrays.src, arrays.dst)
        timings["graph"] = time.perf_counter() - started
        mark = time.perf_counter()
        components = sorted(rx.connected_components(graph), key=len, reverse=True)
        timings["components"] = time.perf_counter() - mark
        del graph
    finally:
        if collecting:
            gc.enable()
    mark = time.perf_counter()
    component = np.empty(n, dtype=np.int32)
    sizes = np.empty(len(components), dtype=np.int32)
    for number, members in enumerate(components):
        component[np.fromiter(members, dtype=np.int64, count=len(members))] = number
        sizes[number] = len(members)
    degree = np.bincount(
        np.concatenate([arrays.src, arrays.dst]).astype(np.int64), minlength=n
    ).astype(np.int32)
    timings["labels"] = time.perf_counter() - mark
    return Computed(
        arrays=arrays,
        component=component,
        component_sizes=sizes,
        degree=degree,
        seconds=time.perf_counter() - started,
    )


# -- storing -------------------------------------------------------------------------------
def dump(computed: Computed) -> bytes:
    """The snapshot payload: the node keys deflated (fast level: they compress about
    4:1), the integer arrays as they are (random ids do not compress, and deflating
    them cost seconds for nothing)."""
    buffer = io.BytesIO()
    keys = zlib.compress("\n".join(computed.arrays.keys).encode("ascii"), 1)
    np.savez(
        buffer,
        keys=np.frombuffer(keys, dtype=np.uint8),
        kinds=computed.arrays.kinds,
        src=computed.arrays.src,
        dst=computed.arrays.dst,
        edge_kinds=computed.arrays.edge_kinds,
        component=computed.component,
        component_sizes=computed.component_sizes,
        degree=computed.degree,
    )
    return buffer.getvalue()


def load(payload: bytes, *, version: int = 0) -> LoadedGraph:
    with np.load(io.BytesIO(payload), allow_pickle=False) as data:
        raw = zlib.decompress(data["keys"].tobytes()).decode("ascii")
        keys = raw.split("\n") if raw else []
        return LoadedGraph(
            version=version,
            keys=keys,
            kinds=data["kinds"],
            src=data["src"],
            dst=data["dst"],
            edge_kinds=data["edge_kinds"],
            component=data["component"],
            component_sizes=data["component_sizes"],
            degree=data["degree"],
        )


# -- walking -------------------------------------------------------------------------------
@dataclass
class Ball:
    """What a walk reached: node -> hop, the edges among reached nodes, and whether the
    walk stopped at the cap."""

    hops: dict[int, int]
    truncated: bool = False
    edges: list[tuple[int, int, int]] = field(default_factory=list)


class LoadedGraph:
    """A snapshot in memory: compressed-sparse-row adjacency for fast walks, the key
    index for look-ups, components and degrees for summaries."""

    def __init__(
        self,
        *,
        version: int,
        keys: list[str],
        kinds: npt.NDArray[np.int8],
        src: npt.NDArray[np.int32],
        dst: npt.NDArray[np.int32],
        edge_kinds: npt.NDArray[np.int8],
        component: npt.NDArray[np.int32],
        component_sizes: npt.NDArray[np.int32],
        degree: npt.NDArray[np.int32],
    ) -> None:
        self.version = version
        self.keys = keys
        self.kinds = kinds
        self.edge_kinds = edge_kinds
        self.component = component
        self.component_sizes = component_sizes
        self.degree = degree
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.index = {key: i for i, key in enumerate(keys)}
        finally:
            if collecting:
                gc.enable()
        n = len(keys)
        # Both directions, sorted by source: neighbours of i are
        # targets[indptr[i]:indptr[i+1]], with the kind of the edge alongside.
        both_src = np.concatenate([src, dst])
        both_dst = np.concatenate([dst, src])
        both_kind = np.concatenate([edge_kinds, edge_kinds])
        order = np.argsort(both_src, kind="stable")
        self.targets = both_dst[order]
        self.target_kinds = both_kind[order]
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(both_src, minlength=n), out=self.indptr[1:])
        self.edge_count = len(src)

    @property
    def node_count(self) -> int:
        return len(self.keys)

    def neighbours(self, node: int) -> npt.NDArray[np.int32]:
        return self.targets[self.indptr[node] : self.indptr[node + 1]]

    def is_connector(self, node: int) -> bool:
        return bool(_IS_CONNECTOR[self.kinds[node]])

    def walk(
        self,
        starts: Iterable[int],
        *,
        hops: int,
        allowed: Container[int] | None = None,
        cap: int = 5000,
        hub_degree: int = 0,
    ) -> Ball:
        """Every node within ``hops`` record-hops of ``starts`` (connectors cost 0).

        ``allowed``: the nodes the walk may enter (the others are neither reached
        nor crossed). ``cap``: stop once that many nodes are reached (``truncated``).
        ``hub_degree``: a connector with more links than this is reached but not crossed
        (a hotline number written in hundreds of tips says nothing about who knows whom).
        """
        dist: dict[int, int] = {}
        queue: deque[int] = deque()
        starts = list(starts)
        starts_set = set(starts)
        for start in starts:
            if start not in dist:
                dist[start] = 0
                queue.append(start)
        truncated = False
        while queue:
            node = queue.popleft()
            d = dist[node]
            if (
                self.is_connector(node)
                and hub_degree
                and self.degree[node] > hub_degree
                and node not in starts_set  # a hub as the starting point is still opened
            ):
                continue
            for nb in self.neighbours(node).tolist():
                nd = d if self.is_connector(nb) else d + 1
                if nd > hops:
                    continue
                if allowed is not None and nb not in allowed:
                    continue
                old = dist.get(nb)
                if old is not None and old <= nd:
                    continue
                if old is None and len(dist) >= cap:
                    truncated = True
                    continue
                dist[nb] = nd
                if nd == d:
                    queue.appendleft(nb)  # 0-1 BFS: a free step goes first
                else:
                    queue.append(nb)
        return Ball(hops=dist, truncated=truncated)

    def edges_among(self, nodes: Iterable[int]) -> list[tuple[int, int, int]]:
        """(a, b, edge kind) for each edge with both ends in ``nodes`` (once each)."""
        inside = set(nodes)
        found: list[tuple[int, int, int]] = []
        for a in inside:
            start, end = self.indptr[a], self.indptr[a + 1]
            for b, kind in zip(
                self.targets[start:end].tolist(), self.target_kinds[start:end].tolist(), strict=True
            ):
                if a < b and b in inside:
                    found.append((a, b, kind))
        return sorted(set(found))

    def component_members(self, number: int, *, cap: int) -> list[int]:
        members = np.flatnonzero(self.component == number)
        return [int(m) for m in members[:cap]]


def khop_edges(graph: LoadedGraph, node: int, hops: int) -> npt.NDArray[np.int64]:
    """Every node within ``hops`` plain edge-hops (each edge counts): vectorised frontier
    expansion. What "2-hop neighbourhood" means in the benchmark's raw figure."""
    seen = np.zeros(graph.node_count, dtype=bool)
    seen[node] = True
    frontier = np.array([node], dtype=np.int64)
    for _ in range(hops):
        starts, ends = graph.indptr[frontier], graph.indptr[frontier + 1]
        lengths = ends - starts
        if not lengths.sum():
            break
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        reached = graph.targets[np.arange(lengths.sum()) + offsets]
        reached = np.unique(reached)
        frontier = reached[~seen[reached]].astype(np.int64)
        seen[frontier] = True
    return np.flatnonzero(seen)


# -- measures on a drawn view ---------------------------------------------------------------
@dataclass(frozen=True)
class Centrality:
    degree: dict[int, int]
    betweenness: dict[int, float]
    components: list[list[int]]  # largest first


def centrality(nodes: Sequence[int], edges: Sequence[tuple[int, int, int]]) -> Centrality:
    """Degree, betweenness (normalised) and components of the subgraph drawn — computed
    on what the officer sees only, so no figure carries anything of hidden records."""
    position = {node: i for i, node in enumerate(nodes)}
    graph: rx.PyGraph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(list(nodes))
    graph.extend_from_edge_list([(position[a], position[b]) for a, b, _ in edges])
    between = rx.graph_betweenness_centrality(graph, normalized=True)
    components = sorted(
        (sorted(nodes[i] for i in members) for members in rx.connected_components(graph)),
        key=lambda c: (-len(c), c),
    )
    return Centrality(
        degree={nodes[i]: graph.degree(i) for i in range(len(nodes))},
        betweenness={nodes[i]: float(between[i]) for i in range(len(nodes))},
        components=components,
    )


def spring_positions(
    nodes: Sequence[int], edges: Sequence[tuple[int, int, int]], *, seed: int = 7
) -> dict[int, tuple[float, float]]:
    """A force-directed layout for the server-side pictures (SVG, PNG)."""
    if not nodes:
        return {}
    position = {node: i for i, node in enumerate(nodes)}
    graph: rx.PyGraph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(list(nodes))
    graph.extend_from_edge_list([(position[a], position[b]) for a, b, _ in edges])
    layout = rx.spring_layout(graph, seed=seed, num_iter=100)
    return {nodes[i]: (float(x), float(y)) for i, (x, y) in layout.items()}
