"""The graph arithmetic, without a database."""

from __future__ import annotations

import numpy as np

from lachan.networks import graph as g

P, ID, C, T = g.NodeKind.PERSON, g.NodeKind.IDENTIFIER, g.NodeKind.CASE, g.NodeKind.TIP


def small() -> g.LoadedGraph:
    """p1–phone–p2–case2; p1–case1; p3 alone with its own phone; a hub phone shared by
    p4..p8 and p1."""
    b = g.GraphBuilder()
    b.link("p:1", P, "i:phone", ID, g.EdgeKind.HOLDS)
    b.link("p:2", P, "i:phone", ID, g.EdgeKind.HOLDS)
    b.link("c:2", C, "p:2", P, g.EdgeKind.SUSPECT)
    b.link("c:1", C, "p:1", P, g.EdgeKind.SUSPECT)
    b.link("p:3", P, "i:own", ID, g.EdgeKind.HOLDS)
    for n in range(4, 9):
        b.link(f"p:{n}", P, "i:hub", ID, g.EdgeKind.HOLDS)
    b.link("p:1", P, "i:hub", ID, g.EdgeKind.HOLDS)
    b.link("t:1", T, "i:phone", ID, g.EdgeKind.MENTIONS)
    return g.load(g.dump(g.compute(b.arrays())), version=4)


def by_key(graph: g.LoadedGraph, ball: g.Ball) -> dict[str, int]:
    return {graph.keys[n]: hop for n, hop in ball.hops.items()}


def test_round_trip_keeps_everything() -> None:
    graph = small()
    assert graph.version == 4
    assert graph.node_count == 14
    assert graph.edge_count == 12
    assert graph.keys[:3] == ["p:1", "i:phone", "p:2"]
    assert graph.component_sizes.tolist() == [12, 2]  # p3 and its phone apart
    assert graph.component[graph.index["p:3"]] == 1
    assert graph.degree[graph.index["i:phone"]] == 3


def test_connectors_cost_no_hop() -> None:
    graph = small()
    ball = graph.walk([graph.index["p:2"]], hops=1)
    assert by_key(graph, ball) == {
        "p:2": 0,
        "i:phone": 0,
        "p:1": 1,
        "t:1": 1,
        "c:2": 1,
        "i:hub": 1,  # p:1's other phone comes free with p:1
    }
    two = by_key(graph, graph.walk([graph.index["p:2"]], hops=2))
    assert two["c:1"] == 2 and two["i:hub"] == 1 and two["p:4"] == 2


def test_hubs_are_reached_but_not_crossed() -> None:
    graph = small()
    ball = by_key(graph, graph.walk([graph.index["p:2"]], hops=2, hub_degree=5))
    assert "i:hub" in ball and "p:4" not in ball
    # Started from, a hub is opened.
    opened = by_key(graph, graph.walk([graph.index["i:hub"]], hops=1, hub_degree=5))
    assert sorted(k for k in opened if k.startswith("p:")) == [f"p:{n}" for n in (1, 4, 5, 6, 7, 8)]


def test_cap_truncates_and_allowed_filters() -> None:
    graph = small()
    capped = graph.walk([graph.index["p:1"]], hops=3, cap=4)
    assert capped.truncated and len(capped.hops) == 4
    allowed = {graph.index[k] for k in ("p:1", "i:phone", "c:1", "c:2")}
    ball = by_key(graph, graph.walk([graph.index["p:1"]], hops=3, allowed=allowed))
    assert ball == {"p:1": 0, "i:phone": 0, "c:1": 1}  # c:2 only behind p:2


def test_plain_khop_and_edges_among() -> None:
    graph = small()
    reached = {graph.keys[n] for n in g.khop_edges(graph, graph.index["p:2"], 2)}
    assert reached == {"p:2", "i:phone", "c:2", "p:1", "t:1"}
    nodes = [graph.index[k] for k in ("p:1", "i:phone", "p:2")]
    edges = graph.edges_among(nodes)
    assert [(graph.keys[a], graph.keys[b], k) for a, b, k in edges] == [
        ("p:1", "i:phone", 0),
        ("i:phone", "p:2", 0),
    ]


def test_centrality_of_a_path() -> None:
    measures = g.centrality([10, 11, 12], [(10, 11, 0), (11, 12, 0)])
    assert measures.degree == {10: 1, 11: 2, 12: 1}
    assert measures.betweenness == {10: 0.0, 11: 1.0, 12: 0.0}
    assert measures.components == [[10, 11, 12]]


def test_keys() -> None:
    import uuid

    pk = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert g.node_key(P, pk) == "p:12345678123456781234567812345678"
    assert g.key_kind("c:abc") is C
    assert g.key_kind("x:abc") is None and g.key_kind("p:") is None
    assert np.all(g.load(g.dump(g.compute(g.GraphBuilder().arrays()))).kinds == [])
