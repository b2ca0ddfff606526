"""Case list and case page with 100,000 cases, against the configured database.

    . bench/cases/env.sh
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/cases/bench_cases.py --cases 100000 [--repeat 30]

1. Brings the bench cases to ``--cases``: reference rows written directly in batches
   (``bulk_create``), spread over the bench agencies of ``bench/datagen.py`` (one
   provincial police per province) with a quarter of them in ``--province`` (the
   heaviest reach measured); prosecution dates over five years; statuses with their key
   dates; 0–3 suspects per case (about 1.3 on average) drawn from a pool of bench
   persons, half of them arrested; a rescue or hand-over on one case in ten; the
   "open" history row of every case.
2. Measures pages through Django's test client (view, policy, selectors, queries,
   template; DEBUG off) for the supervisor and the officer of the province's bench
   agency: the list (first page, a status filter, sorted by number, a number prefix,
   the second page) and the case page (a case with three suspects, arrests and an
   event; the case page writes its ``case.view`` audit event, as in real use). Median,
   95th percentile and query count after a warm-up."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

OFFENCES = (("art150", 80), ("art151", 12), ("art348", 6), ("art153", 2))
STATUSES = (
    ("investigating", 10),
    ("solved", 25),
    ("suspended", 6),
    ("transferred", 20),
    ("indicted", 14),
    ("tried", 25),
)
ROLES = ("recruiter", "transporter", "broker", "harbourer", "exploiter", "buyer")
POOL = 20_000
YEARS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--province", default="31")
    return parser.parse_args(argv)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def person_pool(agencies: dict[str, Any], *, seed: int) -> list[uuid.UUID]:
    """Bench persons to draw suspects from (made once, written directly)."""
    from lachan.core import synthetic
    from lachan.people.indexing import name_index
    from lachan.people.models import Person

    have = list(
        Person.objects.filter(owner_agency__in=agencies.values())
        .order_by("created_at")
        .values_list("pk", flat=True)[:POOL]
    )
    if len(have) >= POOL:
        return have
    rng = random.Random(f"{seed}:pool")
    codes = list(agencies)
    rows = []
    for _ in range(POOL - len(have)):
        sex = "male" if rng.random() < 0.7 else "female"
        name = synthetic.full_name(rng, sex)
        rows.append(
            Person(
                owner_agency=agencies[rng.choice(codes)],
                full_name=name,
                name_index=name_index(name),
                sex=sex,
                birth_year=1965 + rng.randrange(40),
            )
        )
    Person.objects.bulk_create(rows, batch_size=2_000)
    return have + [p.pk for p in rows]


def generate(*, cases: int, batch: int, seed: int, province: str) -> tuple[int, float]:
    from bench.datagen import bench_agencies
    from lachan.cases.models import (
        ArrestEvent,
        Case,
        CaseEvent,
        CaseTransition,
        Suspect,
    )

    agencies = bench_agencies()
    have = Case.objects.filter(agency__in=agencies.values()).count()
    if have >= cases:
        return 0, 0.0
    started = time.perf_counter()
    pool = person_pool(agencies, seed=seed)
    codes = [c for c in agencies if c != province]
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    rng = random.Random(f"{seed}:{have}")
    made = have
    while made < cases:
        n = min(batch, cases - made)
        case_rows, transitions, suspects, arrests, events = [], [], [], [], []
        for i in range(made, made + n):
            code = province if rng.random() < 0.25 else rng.choice(codes)
            agency = agencies[code]
            prosecuted = today - dt.timedelta(days=rng.randrange(365 * YEARS))
            status = _pick(rng, STATUSES)
            solved = None
            if status not in ("investigating", "suspended"):
                solved = min(today, prosecuted + dt.timedelta(days=rng.randrange(5, 200)))
            case = Case(
                agency=agency,
                number=f"{i + 1}/{prosecuted.year}/HS",
                area_id=agency.admin_unit_id,
                province_id=agency.admin_unit_id,
                offence=_pick(rng, OFFENCES),
                prosecution_decision_number=f"{i + 1}/QĐ-KTVA",
                prosecution_date=prosecuted,
                status=status,
                solved_on=solved,
                suspended_on=prosecuted if status == "suspended" else None,
                destination_countries=[rng.choice(("CN", "LA", "KH", "MY", "TH"))],
                exploitation_type=rng.choice(("sexual", "forced_labour", "forced_marriage")),
                recruitment_means=[rng.choice(("online_romance", "false_job_offer"))],
            )
            case_rows.append(case)
            transitions.append(
                CaseTransition(
                    case=case,
                    action="open",
                    from_status="",
                    to_status="investigating",
                    on=prosecuted,
                    at=now,
                )
            )
            for _ in range(rng.choice((0, 1, 1, 1, 2, 3))):
                suspect = Suspect(case=case, person_id=rng.choice(pool), role=rng.choice(ROLES))
                suspects.append(suspect)
                if rng.random() < 0.5:
                    arrests.append(
                        ArrestEvent(suspect=suspect, kind="arrest", on=prosecuted, agency=agency)
                    )
            if rng.random() < 0.1:
                events.append(
                    CaseEvent(
                        case=case,
                        kind="handover",
                        on=prosecuted,
                        persons_count=rng.randint(1, 5),
                        border_gate="mong_cai",
                        foreign_country="CN",
                        foreign_authority="Công an Đông Hưng",
                    )
                )
        Case.objects.bulk_create(case_rows, batch_size=batch)
        CaseTransition.objects.bulk_create(transitions, batch_size=batch)
        # a person is a suspect once per case
        seen: set[tuple[Any, Any]] = set()
        unique = []
        for s in suspects:
            if (s.case.pk, s.person_id) not in seen:
                seen.add((s.case.pk, s.person_id))
                unique.append(s)
        Suspect.objects.bulk_create(unique, batch_size=batch)
        kept = {id(s) for s in unique}
        ArrestEvent.objects.bulk_create(
            [a for a in arrests if id(a.suspect) in kept], batch_size=batch
        )
        CaseEvent.objects.bulk_create(events, batch_size=batch)
        made += n
        print(f"  {_django.fmt_int(made)} cases", flush=True)
    return made - have, time.perf_counter() - started


def sample_case(agency: Any) -> Any:
    """A case of the agency with three suspects, arrests and an event (made once)."""
    from lachan.cases.models import Case

    case = (
        Case.objects.filter(agency=agency, events__isnull=False)
        .annotate(n=_count("suspects"))
        .filter(n=3)
        .order_by("number")
        .first()
    )
    if case is None:
        raise SystemExit("No bench case with three suspects: generate more cases.")
    return case


def _count(name: str) -> Any:
    from django.db.models import Count

    return Count(name, distinct=True)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection

    from bench.bench_people import Page, bench_users, client_for
    from bench.datagen import bench_agencies
    from lachan.cases.models import Case

    made, seconds = generate(
        cases=args.cases, batch=args.batch, seed=args.seed, province=args.province
    )
    if made:
        print(f"generated {_django.fmt_int(made)} cases in {seconds:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    agency = bench_agencies()[args.province]
    total = Case.objects.count()
    mine = Case.objects.filter(agency=agency).count()
    print(
        f"{connection.vendor}: {_django.fmt_int(total)} cases, "
        f"{_django.fmt_int(mine)} in province {args.province}'s bench agency"
    )
    supervisor, officer = bench_users(args.province)
    case = sample_case(agency)
    from lachan.cases.selectors import case_page

    cursor = case_page(actor=supervisor).next_cursor
    pages = [
        Page("list, first page", "/cases/"),
        Page("list, status solved", "/cases/?status=solved"),
        Page("list, by number", "/cases/?sort=number"),
        Page("list, number prefix", "/cases/?number=12"),
        Page("list, second page", f"/cases/?cursor={cursor}"),
        Page("case page", f"/cases/{case.pk}/"),
    ]
    print(
        "user | page | wall p50 | wall p95 | CPU p50 | CPU p95 | SQL p50 | queries | KiB"
        "   (ms; CPU = this process, SQL = summed query time)"
    )
    for user in (supervisor, officer):
        client = client_for(user)
        for page in [Page("home page (reference)", "/"), *pages]:
            print(measure_page(client, user, page, repeat=args.repeat, warmup=args.warmup))


def _p(values: list[float], q: int) -> float:
    import statistics

    return (
        statistics.quantiles(values, n=20, method="inclusive")[q] if len(values) > 1 else values[0]
    )


def measure_page(client: Any, user: Any, page: Any, *, repeat: int, warmup: int) -> str:
    """Wall time, this process's CPU time and the summed SQL time of ``repeat``
    requests: on a shared, oversubscribed machine the wall time mostly measures waiting
    for a core; CPU and SQL time show what the page itself costs."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(page.url)
    wall, cpu, sql = [], [], []
    queries = size = 0
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries, size = len(captured), len(response.content)
        if response.status_code != 200:
            raise SystemExit(f"{page.url} answered {response.status_code} for {user.username}")
    return (
        f"{user.username} | {page.label} | {statistics.median(wall):.0f} | {_p(wall, 18):.0f} | "
        f"{statistics.median(cpu):.0f} | {_p(cpu, 18):.0f} | {statistics.median(sql):.0f} | "
        f"{queries} | {size / 1024:.0f}"
    )


if __name__ == "__main__":
    main()
