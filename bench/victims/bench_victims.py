"""Victim list and victim page with 200,000 victim records and 2,000,000 support ledger
rows, and the entitlement computation per person, against the configured database.

    . bench/victims/env.sh
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/victims/bench_victims.py [--records 200000] [--ledger-per 10]

1. Brings the bench data to ``--records`` files: one bench social work centre per
   province (reference rows written directly), a quarter of the files managed by the
   Nghệ An centre (the heaviest reach measured), the rest spread over the others;
   persons written directly (encrypted names, about 10% of them with a second episode);
   files over five years in every status; then ``--ledger-per`` support rows per file
   in one ``INSERT … SELECT`` (PostgreSQL) — 2,000,000 for the defaults.
2. Measures pages through Django's test client (view, policy, selectors, queries,
   template; DEBUG off) for a social worker of the Nghệ An centre: the list (first page,
   open files, overdue, second page, names revealed) and the victim page (a file with
   ten ledger rows; masked and revealed — both write their audit event, as in real
   use — and with one action form opened by ``?action=``). Median and 95th percentile
   (wall, this process's CPU, summed SQL), queries.
3. Times ``compute_entitlement(entitlement_facts(record))`` over 100,000 calls, and the
   whole a–k checklist of one file with its ledger rows."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

SUFFIX = " (thử tải)"
STATUSES = (("signal", 4), ("being_identified", 6), ("victim", 80), ("not_victim", 10))
CHANNELS = (("handed_over", 45), ("self_returned", 35), ("rescued", 15), ("reported_by_family", 5))
TYPES = ("forced_marriage", "sexual", "forced_labour", "forced_criminality", "unknown")
COUNTRIES = ("CN", "LA", "KH", "MY", "TH", "VN")
YEARS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--ledger-per", type=int, default=10)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument(
        "--python-records",
        type=int,
        default=10_000,
        help="files drawn in Python; the rest are copies made in SQL (PostgreSQL)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--province", default="40")
    return parser.parse_args(argv)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def centres() -> dict[str, Any]:
    from lachan.accounts.models import Agency, AgencyType
    from lachan.core.text import fold
    from lachan.geo import selectors as geo

    found = {}
    for province in geo.province_list():
        name = f"Trung tâm CTXH {province.name}{SUFFIX}"
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            agency = Agency.objects.create(
                name=name,
                name_key=fold(name),
                agency_type=AgencyType.SOCIAL_SERVICES,
                admin_unit=province,
            )
        found[province.code] = agency
    return found


def generate(args: argparse.Namespace, agencies: dict[str, Any]) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from lachan.core import synthetic
    from lachan.geo.models import AdminUnit, Era, Level
    from lachan.people.indexing import name_index
    from lachan.people.models import Person
    from lachan.victims.models import SupportEntry, VictimRecord

    have = VictimRecord.objects.filter(owner_agency__in=agencies.values()).count()
    rng = random.Random(f"{args.seed}:victims:{have}")
    communes: dict[str, list[AdminUnit]] = {}
    for unit in AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).select_related(
        "province"
    ):
        communes.setdefault(unit.province.code, []).append(unit)  # type: ignore[union-attr]
    codes = [c for c in agencies if c in communes]
    now = timezone.now()
    start = time.perf_counter()
    while have < min(args.records, args.python_records):
        n = min(args.batch, min(args.records, args.python_records) - have)
        persons, records = [], []
        previous: list[Person] = []
        for _ in range(n):
            province = args.province if rng.random() < 0.25 else rng.choice(codes)
            agency = agencies[province]
            sex = "female" if rng.random() < 0.8 else "male"
            if previous and rng.random() < 0.1:
                person = rng.choice(previous)  # re-trafficked: a second episode
            else:
                name = synthetic.full_name(rng, sex)
                person = Person(
                    owner_agency=agency,
                    full_name=name,
                    name_index=name_index(name),
                    sex=sex,
                    birth_year=rng.randint(1965, 2012),
                    birth_precision="year",
                    nationality="VN",
                )
                persons.append(person)
                previous.append(person)
            received = now - dt.timedelta(minutes=rng.randint(0, YEARS * 365 * 24 * 60))
            status = _pick(rng, STATUSES)
            unit = rng.choice(communes[province])
            records.append(
                VictimRecord(
                    person=person,
                    code="NN-" + uuid.uuid4().hex[:8].upper(),
                    channel=_pick(rng, CHANNELS),
                    receiving_agency=agency,
                    owner_agency=agency,
                    received_at=received,
                    reception_unit=unit,
                    reception_province_id=unit.province_id,
                    verification_due_at=received + dt.timedelta(days=3),
                    verified_at=None if status == "signal" else received + dt.timedelta(days=2),
                    status=status,
                    decided_on=received.date() + dt.timedelta(days=20)
                    if status in ("victim", "not_victim")
                    else None,
                    exploitation_type=rng.choice(TYPES),
                    exploitation_country=rng.choice(COUNTRIES),
                    is_child=person.birth_year is not None
                    and received.year - person.birth_year < 18,
                    sex=sex,
                    age_at_reception=received.year - (person.birth_year or 1990),
                )
            )
        with transaction.atomic():
            Person.objects.bulk_create(persons, batch_size=2_000)
            VictimRecord.objects.bulk_create(records, batch_size=2_000)
        have += n
        print(f"  {_django.fmt_int(have)} files ({time.perf_counter() - start:.0f} s)", flush=True)
    if have < args.records and connection.vendor == "postgresql":
        copy_up_to(args.records, have)
        have = VictimRecord.objects.count()
    wanted = have * args.ledger_per
    ledger = SupportEntry.objects.count()
    if ledger < wanted and connection.vendor == "postgresql":
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO victims_supportentry (id, created_at, updated_at, record_id,
                    measure, beneficiary, delivered_on, provider_agency_id, amount_vnd,
                    document_ref, note, within_entitlement, approval_status,
                    approval_reason, approved_by_id, approved_at, recorded_by_id)
                SELECT gen_random_uuid(), now(), now(), r.id,
                    (ARRAY['a','b','c','d','dd','e','g','h','i','k'])[g],
                    'person', (r.received_at + (g * interval '9 days'))::date,
                    r.owner_agency_id,
                    CASE WHEN g IN (1, 6, 10) THEN 100000 * (1 + (random() * 30)::int) END,
                    'QĐ ' || g, '', true, 'not_needed', '', NULL, NULL, NULL
                FROM victims_victimrecord r CROSS JOIN generate_series(1, %s) AS g
                WHERE NOT EXISTS (SELECT 1 FROM victims_supportentry s WHERE s.record_id = r.id)
                """,
                [args.ledger_per],
            )
            cursor.execute("ANALYZE victims_supportentry; ANALYZE victims_victimrecord;")
        print(f"  ledger written in {time.perf_counter() - t0:.0f} s", flush=True)
    print(
        f"files: {_django.fmt_int(VictimRecord.objects.count())}, "
        f"ledger rows: {_django.fmt_int(SupportEntry.objects.count())}"
    )


def _columns(table: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_up_to(target: int, have: int) -> None:
    """Multiply the Python-drawn persons and files in SQL (copy g of each row gets a
    derived id, a fresh code and a reception shifted by up to a year): drawing 200,000
    files in Python takes half an hour on the shared machine, this takes seconds. The
    copies keep the drawn distributions; names repeat (encrypted tokens are copied)."""
    from django.db import connection

    copies = -(-target // have) - 1
    t0 = time.perf_counter()
    person_cols = _columns("people_person")
    record_cols = _columns("victims_victimrecord")

    def pick(cols: list[str], overrides: dict[str, str], alias: str) -> str:
        return ", ".join(overrides.get(c, f"{alias}.{c}") for c in cols)

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO people_person ({', '.join(person_cols)}) "  # noqa: S608 - bench
            f"SELECT {pick(person_cols, {'id': 'md5(p.id::text || g)::uuid'}, 'p')} "
            "FROM people_person p CROSS JOIN generate_series(1, %s) AS g "
            "WHERE p.id IN (SELECT person_id FROM victims_victimrecord)",
            [copies],
        )
        overrides = {
            "id": "md5(r.id::text || g)::uuid",
            "person_id": "md5(r.person_id::text || g)::uuid",
            "code": "'NN-' || upper(substr(md5(r.id::text || g || 'c'), 1, 12))",
            "received_at": "r.received_at - (g * interval '17 days')",
            "verification_due_at": "r.verification_due_at - (g * interval '17 days')",
        }
        cursor.execute(
            f"INSERT INTO victims_victimrecord ({', '.join(record_cols)}) "  # noqa: S608
            f"SELECT {pick(record_cols, overrides, 'r')} "
            "FROM victims_victimrecord r CROSS JOIN generate_series(1, %s) AS g "
            "ORDER BY r.received_at LIMIT %s",
            [copies, target - have],
        )
        cursor.execute("ANALYZE people_person; ANALYZE victims_victimrecord;")
    print(f"  copied up to {_django.fmt_int(target)} files in {time.perf_counter() - t0:.0f} s")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def measure_page(client: Any, label: str, url: str, *, repeat: int, warmup: int) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    wall, cpu, sql = [], [], []
    queries = 0
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries = len(captured)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return (
        f"{label} | {statistics.median(wall):.0f} | {_p95(wall):.0f} | "
        f"{statistics.median(cpu):.0f} | {_p95(cpu):.0f} | {statistics.median(sql):.0f} | "
        f"{queries}"
    )


def main() -> None:
    args = parse_args()
    _django.setup()
    from lachan.access.roles import Role
    from lachan.accounts.models import User
    from lachan.core.testing.factories import logged_in_client
    from lachan.victims.entitlements import compute_entitlement
    from lachan.victims.facts import entitlement_facts
    from lachan.victims.models import VictimRecord
    from lachan.victims.selectors import entitlement_checklist, victim_list

    agencies = centres()
    generate(args, agencies)
    centre = agencies[args.province]
    worker, _ = User.objects.get_or_create(
        username="bench.victims.ctxh",
        defaults={"role": Role.SOCIAL_WORKER, "agency": centre, "full_name": "Cán sự thử tải"},
    )
    client = logged_in_client(worker, SERVER_NAME="localhost")
    sample = (
        VictimRecord.objects.filter(owner_agency=centre, status="victim")
        .select_related("person")
        .order_by("-received_at")
        .first()
    )
    assert sample is not None
    cursor = victim_list(actor=worker).next_cursor
    pages = [
        ("list, first page", "/victims/"),
        ("list, open files", "/victims/?queue=open"),
        ("list, verification overdue", "/victims/?queue=overdue"),
        ("list, second page", f"/victims/?cursor={cursor}"),
        ("list, names revealed", "/victims/?reveal=1"),
        ("victim page", f"/victims/{sample.pk}/"),
        ("victim page, identity revealed", f"/victims/{sample.pk}/?reveal=1"),
        # One action form opened (`?action=`): the support form with its agency list.
        ("victim page, support form opened", f"/victims/{sample.pk}/?action=support"),
        ("victim page, situation form opened", f"/victims/{sample.pk}/?action=situation"),
    ]
    print("page | wall p50 | wall p95 | CPU p50 | CPU p95 | SQL p50 | queries   (ms)")
    for label, url in pages:
        print(measure_page(client, label, url, repeat=args.repeat, warmup=args.warmup))

    facts = entitlement_facts(sample)
    n = 100_000
    t0 = time.perf_counter()
    for _ in range(n):
        compute_entitlement(facts)
    per_call = (time.perf_counter() - t0) / n * 1e6
    t0 = time.perf_counter()
    for _ in range(n):
        entitlement_facts(sample)
    facts_call = (time.perf_counter() - t0) / n * 1e6
    entries = list(sample.support.all())
    t0 = time.perf_counter()
    for _ in range(1_000):
        entitlement_checklist(sample, entries)
    checklist = (time.perf_counter() - t0) / 1_000 * 1e6
    t0 = time.perf_counter()
    for _ in range(100):
        entitlement_checklist(sample)  # with its ledger query
    with_query = (time.perf_counter() - t0) / 100 * 1e3
    print(
        f"entitlement: compute {per_call:.2f} µs/call; facts {facts_call:.2f} µs; "
        f"a–k checklist with {len(entries)} ledger rows {checklist:.0f} µs; "
        f"including its ledger query {with_query:.2f} ms"
    )


if __name__ == "__main__":
    main()
