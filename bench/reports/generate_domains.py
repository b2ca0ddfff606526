"""Generate the other domains at national scale for the reports benchmark, inside
PostgreSQL: cases (with suspects, arrests, rescues and hand-overs, cross-border
cooperation), victims (persons, reception episodes — one in ten persons trafficked
again, so with a second episode —, identification decisions, support ledger entries,
follow-up visits) and prevention activities.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lachan_bench_reports
    .venv/bin/python bench/reports/generate.py --tips 5000000       # agencies + tips first
    .venv/bin/python bench/reports/generate_domains.py [--cases 100000] \
        [--victims 200000] [--activities 500000]

Every table is filled by one ``INSERT … SELECT`` over ``generate_series`` (no Python per
row), spread over 2021–2025 and over the bench agencies made by ``generate.py`` (the 34
provincial police receive cases and victims; activities are organised by all 714).
Columns the reports do not read get the model field's own default (encrypted fields get
their real ciphertext of the default), so every row is one the application can read.
Foreign-key triggers are off during the load (bench database, by construction). A
table that already holds rows is left as it is (re-running adds nothing)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

# The 34 provincial bench agencies, with their province and one commune of it.
PROVINCIAL = """
WITH pa AS (
    SELECT array_agg(a.id ORDER BY u.code) AS ids,
           array_agg(u.id ORDER BY u.code) AS provinces,
           array_agg((SELECT min(c.id) FROM geo_adminunit c
                      WHERE c.province_id = u.id AND c.level = 'commune') ORDER BY u.code)
               AS communes,
           count(*)::int AS n
    FROM accounts_agency a JOIN geo_adminunit u ON u.id = a.admin_unit_id
    WHERE a.name LIKE 'Bench %%' AND u.level = 'province'
)
"""
ALL_AGENCIES = """
WITH aa AS (
    SELECT array_agg(a.id ORDER BY a.id) AS ids,
           array_agg(CASE WHEN u.level = 'commune' THEN u.id
                          ELSE (SELECT min(c.id) FROM geo_adminunit c
                                WHERE c.province_id = u.id AND c.level = 'commune') END
                     ORDER BY a.id) AS places,
           array_agg(COALESCE(u.province_id, u.id) ORDER BY a.id) AS provinces,
           count(*)::int AS n
    FROM accounts_agency a JOIN geo_adminunit u ON u.id = a.admin_unit_id
    WHERE a.name LIKE 'Bench %%'
)
"""
# A uniform draw in [0, 1) from a row number and a salt (repeatable, no random()).
R = "((hashtext({g} || '{salt}') & 2147483647)::float8 / 2147483648)"


def r(salt: str, g: str = "g") -> str:
    return R.format(g=f"({g})::text", salt=salt)


def pick(values: list[str], salt: str, g: str = "g") -> str:
    array = "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"
    return f"({array})[1 + floor({r(salt, g)} * {len(values)})::int]"


def _default(field: Any, connection: Any) -> Any:
    from django.db import models

    if field.has_default():
        value = field.get_default()
    elif isinstance(field, models.JSONField):
        value = []
    elif isinstance(field, models.BooleanField):
        value = False
    elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        value = 0
    else:
        value = ""
    return field.get_db_prep_save(value, connection)


def insert_select(
    model: Any, overrides: dict[str, str], source: str, params: dict[str, Any]
) -> int:
    """``INSERT INTO <model's table> (every column) SELECT <expressions> <source>``: a
    column in ``overrides`` gets its SQL expression, ``id``/``created_at``/``updated_at``
    theirs, a nullable one NULL, the others the field's default."""
    from django.db import connection

    columns, expressions = [], []
    values = dict(params)
    base = {"id": "gen_random_uuid()", "created_at": "now()", "updated_at": "now()"}
    for field in model._meta.concrete_fields:
        columns.append(f'"{field.column}"')
        if field.column in overrides:
            expressions.append(overrides[field.column])
        elif field.column in base:
            expressions.append(base[field.column])
        elif field.null:
            expressions.append("NULL")
        else:
            key = f"default_{field.column}"
            values[key] = _default(field, connection)
            expressions.append(f"%({key})s")
    head, _sep, rest = source.partition("@SELECT@")
    sql = (
        f"{head} INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} {rest}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, values)
        count = cursor.rowcount
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute(f"ANALYZE {model._meta.db_table}")
    return int(count)


def _timed(label: str, fn: Any) -> None:
    started = time.perf_counter()
    n = fn()
    print(
        f"  {label}: {_django.fmt_int(n)} rows ({time.perf_counter() - started:.1f} s)", flush=True
    )


DAY = "(date '2021-01-01' + floor({x} * 1826)::int)"


def persons(prefix: str, count: int, female_share: float) -> int:
    from lachan.people.models import Person

    full_name = Person._meta.get_field("full_name")
    from django.db import connection

    return insert_select(
        Person,
        {
            "id": f"md5('{prefix}' || g)::uuid",
            "full_name": "%(name)s",
            "name_index": "'bench'",
            "sex": f"CASE WHEN {r('sex')} < {female_share} THEN 'female' ELSE 'male' END",
            "birth_year": f"1960 + floor({r('by')} * 50)::int",
            "birth_precision": "'year'",
            "nationality": "'VN'",
            "owner_agency_id": "pa.ids[1 + g %% pa.n]",
        },
        PROVINCIAL + "@SELECT@ FROM generate_series(1, %(count)s) AS g, pa",
        {
            "count": count,
            "name": full_name.get_db_prep_save("Người thử tải", connection),
        },
    )


def cases(count: int) -> None:
    from lachan.cases.models import ArrestEvent, Case, CaseEvent, CooperationActivity, Suspect

    day = DAY.format(x=r("day"))
    _timed(
        "cases",
        lambda: insert_select(
            Case,
            {
                "id": "md5('case' || g)::uuid",
                "number": "'BR' || g || '/HS'",
                "offence": pick(["art150", "art150", "art151", "art153", "art348", "other"], "off"),
                "prosecution_decision_number": "'BR' || g || '/QĐ-KTVA'",
                "prosecution_date": day,
                "destination_countries": "jsonb_build_array("
                + pick(["CN", "LA", "KH", "MY"], "dc")
                + ")",
                "exploitation_type": pick(["sexual", "forced_labour", "forced_marriage"], "et"),
                "recruitment_means": "'[\"false_job_offer\"]'::jsonb",
                "status": f"CASE WHEN {r('st')} < 0.35 THEN 'investigating' "
                f"WHEN {r('st')} < 0.45 THEN 'suspended' WHEN {r('st')} < 0.70 THEN 'solved' "
                f"WHEN {r('st')} < 0.85 THEN 'indicted' ELSE 'tried' END",
                "solved_on": f"CASE WHEN {r('st')} >= 0.45 THEN {day} + 5 "
                f"+ floor({r('sv')} * 200)::int END",
                "suspended_on": f"CASE WHEN {r('st')} >= 0.35 AND {r('st')} < 0.45 THEN {day} END",
                "agency_id": "pa.ids[1 + g %% pa.n]",
                "area_id": "pa.provinces[1 + g %% pa.n]",
                "province_id": "pa.provinces[1 + g %% pa.n]",
            },
            PROVINCIAL + "@SELECT@ FROM generate_series(1, %(count)s) AS g, pa",
            {"count": count},
        ),
    )
    _timed("suspect persons", lambda: persons("sp", 40_000, 0.3))
    _timed(
        "suspects",
        lambda: insert_select(
            Suspect,
            {
                "id": "md5('sus' || c.g || '-' || s)::uuid",
                "role": pick(
                    ["recruiter", "transporter", "broker", "exploiter"], "role", "c.g + s"
                ),
                "nationality": f"CASE WHEN {r('nat', 'c.g + s')} < 0.1 THEN 'CN' ELSE 'VN' END",
                "case_id": "md5('case' || c.g)::uuid",
                "person_id": "md5('sp' || (1 + (c.g * 3 + s) %% 40000))::uuid",
            },
            "@SELECT@ FROM generate_series(1, %(count)s) AS c(g) "
            f"CROSS JOIN LATERAL generate_series(1, 1 + floor({r('ns', 'c.g')} * 3)::int) AS s",
            {"count": count},
        ),
    )
    _timed(
        "arrests",
        lambda: insert_select(
            ArrestEvent,
            {
                "kind": "'arrest'",
                "on": "c.prosecution_date + 3",
                "agency_id": "c.agency_id",
                "suspect_id": "s.id",
            },
            "@SELECT@ FROM cases_suspect s JOIN cases_case c ON c.id = s.case_id "
            "WHERE hashtext(s.id::text) %% 2 = 0",
            {},
        ),
    )
    _timed(
        "rescues and hand-overs",
        lambda: insert_select(
            CaseEvent,
            {
                "kind": "CASE WHEN hashtext(c.id::text) %% 2 = 0 THEN 'rescue' ELSE 'handover' END",
                "on": "c.prosecution_date + 10",
                "persons_count": "1 + abs(hashtext(c.number)) %% 5",
                "foreign_country": "'CN'",
                "case_id": "c.id",
                "agency_id": "c.agency_id",
            },
            "@SELECT@ FROM cases_case c WHERE abs(hashtext(c.number)) %% 10 = 0",
            {},
        ),
    )
    _timed(
        "cooperation activities",
        lambda: insert_select(
            CooperationActivity,
            {
                "kind": pick(["border_meeting", "liaison_meeting", "joint_operation"], "ck"),
                "on": DAY.format(x=r("cday")),
                "counterpart_country": pick(["CN", "LA", "KH"], "cc"),
                "subject": "'Trao đổi thông tin'",
                "persons_handed_over": "floor(" + r("ph") + " * 4)::int",
                "agency_id": "pa.ids[1 + g %% pa.n]",
                "province_id": "pa.provinces[1 + g %% pa.n]",
            },
            PROVINCIAL + "@SELECT@ FROM generate_series(1, %(count)s) AS g, pa",
            {"count": count // 20},
        ),
    )


def victims(count: int) -> None:
    from lachan.victims.models import FollowUpVisit, SupportEntry, VictimRecord

    # Record g belongs to person g, except every tenth: a second episode of person g - 1.
    received = "(timestamptz '2020-12-31 17:00+00' + " + r("rcv") + " * interval '1826 days')"
    status = (
        f"CASE WHEN {r('vs')} < 0.55 THEN 'victim' WHEN {r('vs')} < 0.70 THEN 'not_victim' "
        f"WHEN {r('vs')} < 0.85 THEN 'being_identified' ELSE 'signal' END"
    )
    age = f"(8 + floor({r('age')} * 45)::int)"
    _timed("victim persons", lambda: persons("vp", count, 0.8))
    _timed(
        "reception episodes (with identification)",
        lambda: insert_select(
            VictimRecord,
            {
                "id": "md5('vr' || g)::uuid",
                "code": "'BR-' || g",
                "channel": pick(
                    ["rescued", "handed_over", "self_returned", "reported_by_family"], "ch"
                ),
                "received_at": received,
                "location": "'in_vietnam'",
                "status": status,
                "verification_due_at": f"{received} + interval '3 days'",
                "verified_at": f"CASE WHEN {r('vs')} < 0.85 THEN {received} "
                "+ interval '2 days' END",
                "decided_on": f"CASE WHEN {r('vs')} < 0.70 THEN "
                f"(({received} + interval '20 days') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END",
                "decision_number": f"CASE WHEN {r('vs')} < 0.70 THEN 'BR' || g || '/QĐ' "
                "ELSE '' END",
                "deciding_agency_id": f"CASE WHEN {r('vs')} < 0.70 THEN pa.ids[1 + g %% pa.n] END",
                "exploitation_type": pick(
                    ["sexual", "forced_labour", "forced_marriage", "child_trafficking", "other"],
                    "vet",
                ),
                "exploitation_country": pick(["CN", "KH", "LA", "MY", "MM", "TW"], "vec"),
                "is_child": f"{age} < 18",
                "sex": f"CASE WHEN {r('sex', 'CASE WHEN g %% 10 = 0 THEN g - 1 ELSE g END')} < 0.8 "
                "THEN 'female' ELSE 'male' END",
                "age_at_reception": age,
                "owner_agency_id": "pa.ids[1 + g %% pa.n]",
                "receiving_agency_id": "pa.ids[1 + g %% pa.n]",
                "reception_province_id": "pa.provinces[1 + g %% pa.n]",
                "reception_unit_id": "pa.communes[1 + g %% pa.n]",
                "person_id": "md5('vp' || CASE WHEN g %% 10 = 0 THEN g - 1 ELSE g END)::uuid",
            },
            PROVINCIAL + "@SELECT@ FROM generate_series(1, %(count)s) AS g, pa",
            {"count": count},
        ),
    )
    _timed(
        "support entries",
        lambda: insert_select(
            SupportEntry,
            {
                "measure": "(ARRAY['a','b','c','d','dd','e','g','h','i','k'])"
                "[1 + (abs(hashtext(v.code)) + s) %% 10]",
                "beneficiary": "'person'",
                "delivered_on": "v.decided_on + s * 7",
                "amount_vnd": "CASE WHEN s = 1 THEN 1000000 END",
                "document_ref": "'QĐ ' || s",
                "within_entitlement": "true",
                "approval_status": "'not_needed'",
                "provider_agency_id": "v.owner_agency_id",
                "record_id": "v.id",
            },
            "@SELECT@ FROM victims_victimrecord v "
            "CROSS JOIN LATERAL generate_series(1, 1 + abs(hashtext(v.code)) %% 3) AS s "
            "WHERE v.status = 'victim'",
            {},
        ),
    )
    _timed(
        "follow-up visits",
        lambda: insert_select(
            FollowUpVisit,
            {
                "visited_on": "v.decided_on + 90",
                "outcomes": "jsonb_build_array((ARRAY['employed','with_family','in_training',"
                "'needs_support'])[1 + abs(hashtext(v.code)) %% 4])",
                "agency_id": "v.owner_agency_id",
                "record_id": "v.id",
            },
            "@SELECT@ FROM victims_victimrecord v WHERE v.status = 'victim'",
            {},
        ),
    )


def activities(count: int) -> None:
    from lachan.prevention.models import Activity

    day = DAY.format(x=r("aday"))
    groups = ["women", "students", "ethnic_minorities", "workers_abroad", "youth", "general_public"]
    _timed(
        "prevention activities",
        lambda: insert_select(
            Activity,
            {
                "kind": pick(
                    [
                        "awareness",
                        "awareness",
                        "awareness",
                        "contest",
                        "training",
                        "media",
                        "border_meeting",
                        "model_event",
                    ],
                    "kind",
                ),
                "title": "'Hoạt động thử tải ' || g",
                "start_date": day,
                "end_date": day,
                "target_groups": f"',' || {pick(groups, 'tg')} || ','",
                "format": pick(
                    ["direct", "direct", "loudspeaker", "portal", "social_media"], "fmt"
                ),
                "sessions": f"1 + floor({r('ses')} * 4)::int",
                "attendees": f"10 + floor({r('att')} * 190)::int",
                "budget_vnd": f"CASE WHEN {r('bud')} < 0.5 THEN 2500000 END",
                "admin_unit_id": "aa.places[1 + g %% aa.n]",
                "organiser_id": "aa.ids[1 + g %% aa.n]",
                "province_id": "aa.provinces[1 + g %% aa.n]",
            },
            ALL_AGENCIES + "@SELECT@ FROM generate_series(1, %(count)s) AS g, aa",
            {"count": count},
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--victims", type=int, default=200_000)
    parser.add_argument("--activities", type=int, default=500_000)
    args = parser.parse_args()
    _django.setup()
    from lachan.accounts.models import Agency
    from lachan.cases.models import Case
    from lachan.prevention.models import Activity
    from lachan.victims.models import VictimRecord

    if not Agency.objects.filter(name__startswith="Bench ").exists():
        sys.exit("Run bench/reports/generate.py first (it makes the bench agencies).")
    started = time.perf_counter()
    if not Case.objects.exists():
        cases(args.cases)
    if not VictimRecord.objects.exists():
        victims(args.victims)
    if not Activity.objects.exists():
        activities(args.activities)
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
