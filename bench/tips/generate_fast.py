"""Generate 1,000,000 tips for the queue benchmark inside PostgreSQL (no Python per row).

    . bench/tips/env.sh
    createdb -h 127.0.0.1 -U postgres lachan_bench_tips
    .venv/bin/python manage.py migrate
    flock /work/locks/heavy .venv/bin/python bench/tips/generate_fast.py --tips 1000000

PostgreSQL only. Brings the bench tips (tips of the bench agencies of ``bench/datagen.py``,
one per province, with the supervisor and officer of ``bench/bench_people.py``) to N with
one ``INSERT … SELECT`` over ``generate_series`` per chunk, the tip and its ``TipPlace``
in one statement. Same distributions as ``generate_tips.py``: communes drawn uniformly
(so provinces weighted by their communes), 55 % decided, 6 % transferred, 7 % suspended,
the rest running and at most 45 days old (overdue and due-soon queues populated), 15 % of
the later statuses complex; 30 % of the classified tips of province 31 assigned to the
bench officer. Deadlines follow the rule table's defaults in SQL: the end (23:59:59
local) of the 20th day after receipt, or of the same day two months later when complex,
moved off a weekend (public holidays not applied — a bench approximation). Register
numbers take globally unique sequence values, and the agency-year counters are then set
past them, so tips registered afterwards through the services never collide. The content
is one of 64 ciphertexts made by the model field (the pages decrypt them). Secondary
indexes of ``tips_tip`` and ``tips_tipplace`` are dropped for the load and rebuilt."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

CHUNK = 250_000
POOL = 64

SETUP = (
    "DROP TABLE IF EXISTS bench_tip_commune",
    """CREATE UNLOGGED TABLE bench_tip_commune AS
SELECT (row_number() OVER (ORDER BY c.code))::int AS n, c.id AS commune_id,
       c.province_id, a.id AS agency_id, p.code AS province_code
FROM geo_adminunit c
JOIN geo_adminunit p ON p.id = c.province_id
JOIN accounts_agency a ON a.admin_unit_id = p.id AND a.name = ANY(%(names)s)
WHERE c.era = %(era)s AND c.level = 'commune'""",
    "CREATE UNIQUE INDEX ON bench_tip_commune (n)",
)

INSERT = """
WITH cfg AS (SELECT count(*)::int AS communes FROM bench_tip_commune),
rows AS (
    SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
           1 + (hashint4(g::int # %(seed)s::int) & 2147483647) %% (SELECT communes FROM cfg) AS cn
    FROM generate_series(%(first)s::int, %(last)s::int) AS g
), drawn AS (
    SELECT rows.*, bc.commune_id, bc.province_id, bc.agency_id, bc.province_code,
        CASE WHEN r1 < 0.06 THEN 'received' WHEN r1 < 0.14 THEN 'classified'
             WHEN r1 < 0.32 THEN 'verifying' WHEN r1 < 0.38 THEN 'transferred'
             WHEN r1 < 0.93 THEN 'decided' ELSE 'suspended' END AS status
    FROM rows JOIN bench_tip_commune bc ON bc.n = rows.cn
), timed AS (
    SELECT drawn.*,
        now() - (CASE WHEN status IN ('received','classified','verifying','suspended')
                      THEN r2 * interval '45 days' ELSE r2 * interval '730 days' END)
            AS received,
        status IN ('verifying','suspended','decided') AND r3 < 0.15 AS complex
    FROM drawn
), dated AS (
    SELECT timed.*,
        (received AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
            + CASE WHEN complex THEN interval '2 months' ELSE interval '20 days' END AS raw_day
    FROM timed
), deadlined AS (
    SELECT dated.*,
        ((raw_day::date + CASE extract(isodow FROM raw_day) WHEN 6 THEN 2 WHEN 7 THEN 1
                          ELSE 0 END) + time '23:59:59') AT TIME ZONE 'Asia/Ho_Chi_Minh'
            AS due,
        status NOT IN ('received') AS classified,
        status NOT IN ('received') AND province_code = %(officer_province)s
            AND r3 * 10 - floor(r3 * 10) < 0.3 AS assigned,
        extract(year FROM received AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS year
    FROM dated
), tips AS (
    INSERT INTO tips_tip (
        id, created_at, updated_at, receiving_agency_id, register_year, register_seq,
        register_number, kind, channel, status, received_at, reporter_anonymous,
        reporter_name, reporter_phone, reporter_address, reporter_email,
        reporter_may_contact, reporter_contact_note, content, summary, place_id,
        place_province_id, trafficking_related, exploitation_type, urgent, child_involved,
        destination_country, classified_at, is_complex, complex_reason,
        extension_decision_number, decision, decision_number, decision_date, decided_at,
        case_number, decline_reason, suspension_reason, suspension_note, suspended_at,
        transferred_at, deadline_at, resolved_at, resolved_deadline_at, assignee_id,
        assigned_at
    )
    SELECT gen_random_uuid(), now(), now(), agency_id, year, g,
        lpad(g::text, 4, '0') || '/' || year || '/BCA',
        CASE WHEN r4 < 0.45 THEN 'denunciation' WHEN r4 < 0.90 THEN 'crime_report'
             ELSE 'prosecution_petition' END,
        (ARRAY['walk_in','hotline','web_form','letter','media','referral','hotline',
               'walk_in','hotline','web_form'])[1 + floor(r5 * 10)::int],
        status, received, r5 < 0.4, '', '', '', '', false, '',
        (%(contents)s::text[])[1 + g %% %(pool)s], '', commune_id, province_id,
        CASE WHEN classified THEN r3 < 0.7 END,
        CASE WHEN classified AND r3 < 0.7 THEN
            (ARRAY['sexual','forced_labour','forced_marriage','child_trafficking','other'])
                [1 + floor(r4 * 5)::int] ELSE '' END,
        r4 < 0.05, r5 < 0.1, '',
        CASE WHEN classified THEN received + r3 * interval '72 hours' END,
        complex, '', '',
        CASE WHEN status = 'decided' THEN (CASE WHEN r4 < 0.3 THEN 'prosecute'
                                                 ELSE 'decline' END) ELSE '' END,
        CASE WHEN status = 'decided' THEN g || '/QĐ' ELSE '' END,
        CASE WHEN status = 'decided'
             THEN ((received + r4 * interval '50 days') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
        END,
        CASE WHEN status = 'decided' THEN received + r4 * interval '50 days' END,
        '', '',
        CASE WHEN status = 'suspended' THEN 'key_documents' ELSE '' END, '',
        CASE WHEN status = 'suspended' THEN received + interval '10 days' END,
        CASE WHEN status = 'transferred' THEN received + r4 * interval '50 days' END,
        CASE WHEN status IN ('received','classified','verifying') THEN due END,
        CASE WHEN status IN ('decided','transferred') THEN received + r4 * interval '50 days'
        END,
        CASE WHEN status IN ('decided','transferred') THEN due END,
        CASE WHEN assigned THEN %(officer)s::uuid END,
        CASE WHEN assigned THEN received + interval '1 day' END
    FROM deadlined
    RETURNING id, place_id, place_province_id
)
INSERT INTO tips_tipplace (id, created_at, updated_at, role, text, admin_unit_id, province_id,
                           tip_id)
SELECT gen_random_uuid(), now(), now(), 'incident', '', place_id, place_province_id, id
FROM tips
"""

COUNTERS = """
INSERT INTO tips_tipregistercounter (agency_id, year, last_seq)
SELECT receiving_agency_id, register_year, max(register_seq) FROM tips_tip
WHERE receiving_agency_id IN (SELECT DISTINCT agency_id FROM bench_tip_commune)
GROUP BY receiving_agency_id, register_year
ON CONFLICT (agency_id, year) DO UPDATE
SET last_seq = GREATEST(tips_tipregistercounter.last_seq, EXCLUDED.last_seq)
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tips", type=int, required=True, help="size of the data set")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--province", default="31", help="province of the bench users")
    return parser.parse_args(argv)


def _contents() -> list[str]:
    from bench.tips.generate_tips import CONTENTS, COUNTRIES
    from lachan.tips.models import Tip

    field = Tip._meta.get_field("content")
    return [
        field.get_prep_value(
            CONTENTS[i % len(CONTENTS)].format(c=COUNTRIES[i % len(COUNTRIES)], p="Bến Nghé")
        )
        for i in range(POOL)
    ]


def _secondary_indexes(cursor: object, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [list(tables)],
    )
    return list(cursor.fetchall())  # type: ignore[attr-defined]


def generate(*, tips: int, seed: int, province: str) -> tuple[int, int, float]:
    from django.db import connection

    from bench.bench_people import bench_users
    from bench.datagen import BENCH_SUFFIX, bench_agencies
    from lachan.geo.models import Era
    from lachan.tips.models import Tip

    if connection.vendor != "postgresql":
        raise SystemExit("generate_fast.py needs PostgreSQL (generate_tips.py works on both).")
    started = time.perf_counter()
    agencies = bench_agencies()
    officer = bench_users(province)[1]
    existing = Tip.objects.filter(receiving_agency__name__endswith=BENCH_SUFFIX).count()
    if existing >= tips:
        return 0, existing, time.perf_counter() - started
    names = [a.name for a in agencies.values()]
    ctx = {
        "seed": seed,
        "contents": _contents(),
        "pool": POOL,
        "officer": officer.pk,
        "officer_province": province,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(register_seq), 0) FROM tips_tip")
        offset = cursor.fetchone()[0]
        for statement in SETUP:
            cursor.execute(
                statement,
                {"names": names, "era": Era.CURRENT} if "%(names)s" in statement else None,
            )
        indexes = _secondary_indexes(cursor, ("tips_tip", "tips_tipplace"))
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        try:
            _load(cursor, first=offset + 1, last_wanted=offset + tips - existing, ctx=ctx)
        finally:  # a failed load must not leave the table without its indexes
            cursor.execute("SET session_replication_role = DEFAULT")
            for name, definition in indexes:
                t0 = time.perf_counter()
                cursor.execute(definition)
                print(f"  index {name} ({time.perf_counter() - t0:.1f} s)", flush=True)
        cursor.execute(COUNTERS)
        cursor.execute("DROP TABLE bench_tip_commune")
        cursor.execute("VACUUM ANALYZE tips_tip")
        cursor.execute("VACUUM ANALYZE tips_tipplace")
    total = Tip.objects.filter(receiving_agency__name__endswith=BENCH_SUFFIX).count()
    return total - existing, total, time.perf_counter() - started


def _load(cursor: Any, *, first: int, last_wanted: int, ctx: dict[str, Any]) -> None:
    offset = first - 1
    while first <= last_wanted:
        last = min(last_wanted, first + CHUNK - 1)
        t0 = time.perf_counter()
        # Rows reference agencies, units and users that exist by construction: skip
        # the per-row foreign-key triggers (a superuser's bench database only).
        cursor.execute("SET session_replication_role = replica")
        params = {"first": first, "last": last, **ctx}
        cursor.execute(INSERT, params)
        cursor.execute("SET session_replication_role = DEFAULT")
        done = last - offset
        print(f"  {_django.fmt_int(done)} tips ({time.perf_counter() - t0:.1f} s)", flush=True)
        first = last + 1


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    created, total, seconds = generate(tips=args.tips, seed=args.seed, province=args.province)
    rate = created / seconds if seconds else 0.0
    print(
        f"Created {_django.fmt_int(created)} tips in {seconds:.1f} s "
        f"({_django.fmt_int(round(rate))} tips/s); bench data set: {_django.fmt_int(total)} tips."
    )


if __name__ == "__main__":
    main()
