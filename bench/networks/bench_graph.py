"""The network graph at national scale, in memory: 1,000,000 persons and identifiers
joined by 5,000,000 links, through the same code the application runs
(``lachan.networks.graph``).

    .venv/bin/python bench/networks/bench_graph.py [--persons 600000] \
        [--identifiers 400000] [--links 5000000] [--samples 1000] [--seed 1]

Links join a random person to a random identifier (uniform: each identifier is shared
by about 12 persons; ``--skew`` draws identifiers from a heavy-tailed distribution with
hubs of thousands). Measured, in this order, each stage once:

- ``generate``: the link arrays (numpy);
- ``keys``: the node keys as stored (``p:<uuid hex>``, ``i:<64 hex>``);
- ``components``: ``graph.compute`` — the rustworkx graph built from the edge list,
  ``connected_components``, and degrees (what the background task does per version);
  ``rx connected_components`` alone is also timed;
- ``dump``/``load``: the snapshot payload written and read back, with the CSR
  adjacency and key index built (what a web process does once per version);
- ``2-hop``: for ``--samples`` random nodes, the plain 2-hop neighbourhood (each edge a
  hop: ``khop_edges``) and the application's walk (2 *record* hops, identifiers free,
  capped at 3,000 nodes, hubs over 100 links not crossed): p50, p95, max;
- peak resident memory (``ru_maxrss``) after each stage.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from lachan.networks import graph as g


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_cpu = [time.process_time()]


def stage(name: str, started: float) -> float:
    """Wall and CPU seconds since ``started`` (CPU: this process only — on a machine
    shared with other jobs the wall time includes waiting for a core)."""
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - _cpu[0]
    print(
        f"{name:<28} wall {elapsed:7.2f} s  cpu {cpu:7.2f} s   peak RSS {peak_mb():7.0f} MB",
        flush=True,
    )
    return cpu


def begin() -> float:
    _cpu[0] = time.process_time()
    return time.perf_counter()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=600_000)
    parser.add_argument("--identifiers", type=int, default=400_000)
    parser.add_argument("--links", type=int, default=5_000_000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skew", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n_p, n_i, n_l = args.persons, args.identifiers, args.links
    print(
        f"persons {n_p:,}  identifiers {n_i:,}  nodes {n_p + n_i:,}  links {n_l:,}"
        f"  skew {args.skew}"
    )

    t = begin()
    src = rng.integers(0, n_p, size=n_l, dtype=np.int64).astype(np.int32)
    if args.skew:
        # Pareto ranks: most identifiers shared by one or two, a few by thousands.
        ranks = np.minimum((rng.pareto(1.2, size=n_l) * n_i / 50).astype(np.int64), n_i - 1)
        dst = (n_p + ranks).astype(np.int32)
    else:
        dst = (n_p + rng.integers(0, n_i, size=n_l, dtype=np.int64)).astype(np.int32)
    kinds = np.concatenate(
        [
            np.full(n_p, int(g.NodeKind.PERSON), dtype=np.int8),
            np.full(n_i, int(g.NodeKind.IDENTIFIER), dtype=np.int8),
        ]
    )
    edge_kinds = np.full(n_l, int(g.EdgeKind.HOLDS), dtype=np.int8)
    stage("generate links", t)

    t = begin()
    keys = [f"p:{i:032x}" for i in range(n_p)] + [f"i:{i:064x}" for i in range(n_i)]
    arrays = g.GraphArrays(keys=keys, kinds=kinds, src=src, dst=dst, edge_kinds=edge_kinds)
    stage("node keys", t)

    t = begin()
    timings: dict[str, float] = {}
    computed = g.compute(arrays, timings=timings)
    compute_total = stage("compute (graph+cc+degree)", t)
    print(
        "  of which (wall): "
        + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
        + f"; components {len(computed.component_sizes):,},"
        f" largest {int(computed.component_sizes[0]):,}"
    )
    cc_alone = timings["components"]

    t = begin()
    payload = g.dump(computed)
    stage("dump snapshot", t)
    print(f"  payload {len(payload) / 1e6:.1f} MB")
    del computed

    t = begin()
    loaded = g.load(payload)
    load_time = stage("load snapshot (CSR+index)", t)
    del payload
    held = sum(
        a.nbytes
        for a in (
            loaded.kinds,
            loaded.edge_kinds,
            loaded.component,
            loaded.component_sizes,
            loaded.degree,
            loaded.targets,
            loaded.target_kinds,
            loaded.indptr,
        )
    )
    held += sys.getsizeof(loaded.index) + sys.getsizeof(loaded.keys)
    held += sum(sys.getsizeof(k) for k in loaded.keys)
    print(f"  a web process holds about {held / 1e6:.0f} MB for this graph")

    nodes = rng.integers(0, loaded.node_count, size=args.samples).tolist()
    cpu_raw: list[float] = []
    cpu_walk: list[float] = []
    raw: list[float] = []
    raw_sizes: list[int] = []
    for node in nodes:
        t0, c0 = time.perf_counter(), time.process_time()
        reached = g.khop_edges(loaded, node, 2)
        raw.append((time.perf_counter() - t0) * 1000)
        cpu_raw.append((time.process_time() - c0) * 1000)
        raw_sizes.append(len(reached))
    walk: list[float] = []
    walk_sizes: list[int] = []
    for node in nodes:
        t0, c0 = time.perf_counter(), time.process_time()
        ball = loaded.walk([node], hops=2, cap=3000, hub_degree=100)
        walk.append((time.perf_counter() - t0) * 1000)
        cpu_walk.append((time.process_time() - c0) * 1000)
        walk_sizes.append(len(ball.hops))
    print(f"peak RSS after walks           {peak_mb():8.0f} MB")

    def row(name: str, times: list[float], sizes: list[int]) -> None:
        print(
            f"{name:<28} p50 {percentile(times, 50):7.2f} ms  p95 {percentile(times, 95):7.2f} ms"
            f"  max {max(times):7.2f} ms   nodes median {int(statistics.median(sizes)):,}"
            f" max {max(sizes):,}"
        )

    row("2-hop plain, wall", raw, raw_sizes)
    row("2-hop plain, cpu", cpu_raw, raw_sizes)
    row("2-hop app walk, wall", walk, walk_sizes)
    row("2-hop app walk, cpu", cpu_walk, walk_sizes)
    print(
        f"SUMMARY cc_wall={cc_alone:.2f}s compute_cpu={compute_total:.2f}s "
        f"load_cpu={load_time:.2f}s "
        f"khop_p95={percentile(raw, 95):.2f}ms khop_max={max(raw):.2f}ms "
        f"walk_p95={percentile(walk, 95):.2f}ms walk_max={max(walk):.2f}ms peak={peak_mb():.0f}MB"
    )


if __name__ == "__main__":
    main()
