"""Loading the network graph from PostgreSQL: what the background task pays per graph
version, at a scale this shared machine can hold, to extrapolate honestly.

    . bench/networks/env.sh   # bench DATABASE_URL and throwaway keys
    .venv/bin/python bench/networks/bench_pg_load.py --persons 20000 --persons 100000

For each ``--persons`` scale the script empties the link tables of its own database
(``lachan_bench_networks``), writes that many persons with 5 phone identifiers each
(drawn from a pool of 2/3 as many numbers, the shape of the 1,000,000-node benchmark:
600,000 persons and 400,000 identifiers, 5,000,000 links) with ``COPY``, and then
measures ``store.rebuild(force=True)`` split into its parts:

- ``read``: ``sources.build_from_database`` — the id columns streamed from PostgreSQL
  into the builder;
- ``compute``: rustworkx components and degrees;
- ``dump`` and ``save``: the snapshot payload written to its row;
- ``load``: a web process reading the row and building its in-memory graph
  (``store.current_graph`` after ``forget_cache``).

Wall and CPU (this process) seconds are printed; PostgreSQL's own CPU is not in the CPU
column. The per-link cost of the largest scale is extrapolated to 5,000,000 links.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench._django import fmt_int, setup

LINKS_PER_PERSON = 5
TARGET_LINKS = 5_000_000


def timed(label: str, fn, results: dict[str, tuple[float, float]]):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    results[label] = (time.perf_counter() - wall, time.process_time() - cpu)
    return value


def fill(persons: int, seed: int) -> int:
    """Persons and identifiers by COPY (constant encrypted tokens: loading the graph
    reads ids and blind indexes only). Returns the number of links."""
    import random

    from django.db import connection

    from lachan.accounts.models import Agency, AgencyType
    from lachan.core.crypto import encrypt
    from lachan.core.testing.factories import unit

    agency, _ = Agency.objects.get_or_create(
        name="Công an bench",
        defaults={
            "name_key": "cong an bench",
            "agency_type": AgencyType.PROVINCIAL_POLICE,
            "admin_unit": unit("31"),
        },
    )
    rng = random.Random(seed)
    name, value = encrypt("Nguyễn Văn Bench"), encrypt("0912345678")
    pool = max(1, persons * 2 // 3)
    indexes = [f"{rng.getrandbits(256):064x}" for _ in range(pool)]
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE people_personidentifier, people_personaddress, people_personnametoken,"
            " networks_graphsnapshot, cases_suspect CASCADE"
        )
        cursor.execute("DELETE FROM people_person")
    now = "2025-09-01 00:00:00+00"
    person_rows = io.StringIO()
    ident_rows = io.StringIO()
    links = 0
    for _ in range(persons):
        pk = uuid.UUID(int=rng.getrandbits(128), version=4)
        person_rows.write(f"{pk}\t{now}\t{now}\t{agency.pk}\t{name}\tx\tunknown\t\tunknown\t\tVN\n")
        chosen = {rng.randrange(pool) for _ in range(LINKS_PER_PERSON)}
        for i in chosen:
            ident_rows.write(
                f"{uuid.UUID(int=rng.getrandbits(128), version=4)}\t{now}\t{now}\t{pk}\tphone"
                f"\t{value}\t{indexes[i]}\n"
            )
            links += 1
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY people_person (id, created_at, updated_at, owner_agency_id, full_name,"
            " name_index, sex, birth_date, birth_precision, ethnicity, nationality)"
            " FROM STDIN"
        ) as copy:
            copy.write(person_rows.getvalue())
        with cursor.copy(
            "COPY people_personidentifier (id, created_at, updated_at, person_id, kind,"
            " value, value_index) FROM STDIN"
        ) as copy:
            copy.write(ident_rows.getvalue())
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person; ANALYZE people_personidentifier")
    return links


def measure(persons: int) -> tuple[int, dict[str, tuple[float, float]]]:
    from lachan.networks import graph as g
    from lachan.networks.models import GraphSnapshot
    from lachan.networks.sources import build_from_database
    from lachan.networks.store import current_graph, forget_cache, networks_mark_stale

    links = fill(persons, seed=persons)
    results: dict[str, tuple[float, float]] = {}
    builder = timed("read", build_from_database, results)
    arrays = builder.arrays()
    computed = timed("compute", lambda: g.compute(arrays), results)
    payload = timed("dump", lambda: g.dump(computed), results)
    networks_mark_stale()

    def save() -> None:
        from django.utils import timezone

        from lachan.networks.store import state_version

        GraphSnapshot.objects.create(
            version=state_version(),
            built_at=timezone.now(),
            node_count=len(arrays.keys),
            edge_count=len(arrays.src),
            component_count=len(computed.component_sizes),
            payload=payload,
        )

    timed("save", save, results)
    forget_cache()
    info = timed("load", current_graph, results)
    assert info.graph.edge_count == links, (info.graph.edge_count, links)
    print(
        f"  nodes {fmt_int(len(arrays.keys))}, links {fmt_int(links)},"
        f" payload {len(payload) / 1e6:.1f} MB"
    )
    return links, results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, action="append")
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    last: tuple[int, dict[str, tuple[float, float]]] | None = None
    for persons in args.persons or [20_000, 100_000]:
        print(f"persons {fmt_int(persons)}:")
        links, results = measure(persons)
        for label, (wall, cpu) in results.items():
            print(f"  {label:<8} wall {wall:7.2f} s  cpu {cpu:7.2f} s")
        total_wall = sum(w for w, _ in results.values())
        total_cpu = sum(c for _, c in results.values())
        print(f"  total    wall {total_wall:7.2f} s  cpu {total_cpu:7.2f} s")
        last = (links, results)
    if last is not None:
        links, results = last
        factor = TARGET_LINKS / links
        print(f"extrapolated linearly to {fmt_int(TARGET_LINKS)} links (x{factor:.1f}):")
        for label, (wall, cpu) in results.items():
            print(f"  {label:<8} wall {wall * factor:7.1f} s  cpu {cpu * factor:7.1f} s")


if __name__ == "__main__":
    main()
