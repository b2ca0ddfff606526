"""Generate tips at national scale for the reports benchmark, inside PostgreSQL.

    createdb -h 127.0.0.1 -U postgres lachan_bench_reports
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lachan_bench_reports
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/reports/generate.py --tips 5000000 [--per-province 20]

Agencies: per current province one provincial police and ``--per-province`` commune
police (each serving one commune of the province). Tips: one ``INSERT … SELECT`` over
``generate_series`` per million (no Python per row), received from 2021 to 2025, spread
over the agencies, each placed in its agency's commune (a provincial police's tips in one
of its province's communes); kinds, channels, statuses, exploitation types and
destination countries drawn with fixed weights; about half decided or transferred, with
deadlines; written (``created_at``/``updated_at``) when received and last changed within 30
days, as in real life (the reports' summary refresh looks for recently changed tips). The
content is one ciphertext made by the model field (the reports never read it). Brings the
count to N (re-running with the same N adds nothing)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

CHUNK = 500_000


def ensure_agencies(per_province: int) -> int:
    from lachan.accounts.models import Agency, AgencyType
    from lachan.core.text import fold
    from lachan.geo.models import AdminUnit, Era, Level

    if Agency.objects.filter(name__startswith="Bench ").exists():
        return Agency.objects.filter(name__startswith="Bench ").count()
    created = 0
    for province in AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE):
        parent = Agency.objects.create(
            name=f"Bench Công an {province.name}",
            name_key=fold(f"Bench Cong an {province.short_name}"),
            agency_type=AgencyType.PROVINCIAL_POLICE,
            admin_unit=province,
        )
        created += 1
        communes = list(
            AdminUnit.objects.filter(province=province, level=Level.COMMUNE).order_by("code")[
                :per_province
            ]
        )
        Agency.objects.bulk_create(
            Agency(
                name=f"Bench Công an {c.name}",
                name_key=fold(f"Bench Cong an {c.short_name}"),
                agency_type=AgencyType.COMMUNE_POLICE,
                admin_unit=c,
                parent=parent,
            )
            for c in communes
        )
        created += len(communes)
    return created


INSERT = """
WITH ag AS (
    SELECT array_agg(a.id ORDER BY a.id) AS ids,
           array_agg(CASE WHEN u.level = 'commune' THEN u.id
                          ELSE (SELECT min(c.id) FROM geo_adminunit c
                                WHERE c.province_id = u.id AND c.level = 'commune') END
                     ORDER BY a.id) AS places,
           array_agg(u.province_id ORDER BY a.id) AS provinces,
           count(*)::int AS n
    FROM accounts_agency a JOIN geo_adminunit u ON u.id = a.admin_unit_id
    WHERE a.name LIKE 'Bench %%'
), rows AS (
    SELECT g,
           1 + (hashint4(g) & 2147483647) %% (SELECT n FROM ag) AS a,
           random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
           timestamptz '2020-12-31 17:00+00' + random() * interval '1826 days' AS received
    FROM generate_series(%(first)s, %(last)s) AS g
)
INSERT INTO tips_tip (
    id, created_at, updated_at, receiving_agency_id, register_year, register_seq,
    register_number, kind, channel, status, received_at, reporter_anonymous, reporter_name,
    reporter_phone, reporter_address, reporter_email, reporter_may_contact,
    reporter_contact_note, content, summary, place_id, place_province_id,
    trafficking_related, exploitation_type, urgent, child_involved, destination_country,
    classified_at, is_complex, complex_reason, extension_decision_number, decision,
    decision_number, case_number, decline_reason, suspension_reason, suspension_note,
    deadline_at, resolved_at, resolved_deadline_at
)
SELECT gen_random_uuid(), received, LEAST(now(), received + interval '30 days'), ag.ids[a],
       2000, g, 'B' || g,
       (ARRAY['denunciation','crime_report','prosecution_petition'])[1 + floor(r1 * 3)::int],
       (ARRAY['walk_in','hotline','web_form','letter','media','referral','hotline',
              'walk_in'])[1 + floor(r2 * 8)::int],
       CASE WHEN r3 < 0.50 THEN 'decided' WHEN r3 < 0.56 THEN 'transferred'
            WHEN r3 < 0.62 THEN 'suspended' WHEN r3 < 0.80 THEN 'verifying'
            WHEN r3 < 0.90 THEN 'classified' ELSE 'received' END,
       received, true, '', '', '', '', false, '', %(content)s, '',
       ag.places[a], ag.provinces[a],
       CASE WHEN r3 < 0.90 THEN r4 < 0.6 ELSE NULL END,
       CASE WHEN r3 < 0.90 AND r4 < 0.6 THEN
           (ARRAY['sexual','forced_labour','forced_marriage','child_trafficking','other',
                  'forced_labour'])[1 + floor(r5 * 6)::int]
            ELSE '' END,
       false, r5 < 0.08,
       CASE WHEN r3 < 0.90 AND r4 < 0.6
            THEN (ARRAY['CN','KH','LA','MM','MY','TW','CN','KH'])[1 + floor(r1 * 8)::int]
            ELSE '' END,
       CASE WHEN r3 < 0.90 THEN received + interval '1 day' END,
       false, '', '',
       CASE WHEN r3 < 0.50 THEN (CASE WHEN r5 < 0.4 THEN 'prosecute' ELSE 'decline' END)
            ELSE '' END,
       '', '', '', '', '',
       received + interval '20 days',
       CASE WHEN r3 < 0.56 THEN received + r4 * interval '30 days' END,
       CASE WHEN r3 < 0.56 THEN received + interval '20 days' END
FROM rows, ag
"""


def generate(total: int) -> None:
    from django.db import connection

    from lachan.tips.models import Tip

    content = Tip._meta.get_field("content").get_prep_value(
        "Nội dung mẫu của nguồn tin dùng cho đo hiệu năng."
    )
    have = Tip.objects.count()
    print(f"tips present: {_django.fmt_int(have)}")
    first = have + 1
    if first > total:
        return
    # Bulk load: drop the plain indexes (kept: the primary key and the unique register
    # number, which other tables depend on), load, then build them again in one pass each.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tips_tip' "
            "AND indexname NOT IN ('tips_tip_pkey', 'tips_register_number_unique')"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    while first <= total:
        last = min(total, first + CHUNK - 1)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # Bulk load: the rows reference agencies and units that exist by construction;
            # skip the per-row foreign-key triggers (a superuser's bench database only).
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(INSERT, {"first": first, "last": last, "content": content})
            cursor.execute("SET session_replication_role = DEFAULT")
        print(f"  {_django.fmt_int(last)} tips ({time.perf_counter() - started:.1f} s)", flush=True)
        first = last + 1
    with connection.cursor() as cursor:
        for name, definition in indexes:
            started = time.perf_counter()
            cursor.execute(definition)
            print(f"  index {name} ({time.perf_counter() - started:.1f} s)", flush=True)
        cursor.execute("ANALYZE tips_tip")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tips", type=int, default=5_000_000)
    parser.add_argument("--per-province", type=int, default=20)
    args = parser.parse_args()
    _django.setup()
    started = time.perf_counter()
    print(f"agencies: {ensure_agencies(args.per_province)}")
    generate(args.tips)
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
