"""Generate synthetic tips at national scale for the tips benchmarks.

    .venv/bin/python bench/tips/generate_tips.py --tips 100000 [--batch 5000] [--seed 2026]

Uses ``DJANGO_SETTINGS_MODULE`` (default ``config.settings.dev``, DEBUG off) and
``DATABASE_URL`` like the application (migrate first). Brings the bench tips to N: run
again with the same N creates nothing, with a larger N only the difference.

Rows are what ``lachan.tips.services.tip_register`` and the transitions would leave,
computed with the same functions: the register number (``numbering.format_register_number``
and the agency-year counter, advanced once per batch), the legal deadline
(``deadlines.compute_deadline`` over ``load_rules()``), encrypted content and summary (the
model fields encrypt in ``bulk_create``), the first place denormalised on the tip plus one
``TipPlace`` row. Not written: transitions history, triage suggestions, identifiers,
per-tip audit events (one ``bench.generate`` audit event per batch instead). Tips spread
over the bench agencies of ``bench/datagen.py`` (one per province), weighted like persons.
Open tips are recent (last 45 days) so that the overdue and due-soon queues hold a
realistic share; decided/transferred tips span two years."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

CONTENTS = (
    "Có người quen rủ con gái tôi sang {c} làm việc nhà hàng lương cao, đến nay mất liên lạc.",
    "Tôi nghi một nhóm môi giới đưa phụ nữ ở xã {p} sang {c} lấy chồng, thu tiền của gia đình.",
    "Em trai tôi đi làm ở {c} theo lời hứa việc nhẹ lương cao, bị giữ hộ chiếu, bắt làm cả ngày.",
    "Trên mạng có tài khoản tuyển người đi {c}, bao vé máy bay, yêu cầu nộp căn cước gốc.",
    "Một cháu bé ở {p} được người lạ đón đi nói là cho làm con nuôi, gia đình không rõ ở đâu.",
    "Co nguoi goi dien noi chau toi dang bi nhot o {c}, doi tien chuoc moi tha ve.",
)
COUNTRIES = ("Campuchia", "Trung Quốc", "Lào", "Myanmar", "Malaysia", "Đài Loan")
# (status, weight): about half decided, a quarter still running.
STATUSES = (
    ("received", 6),
    ("classified", 8),
    ("verifying", 18),
    ("transferred", 6),
    ("decided", 55),
    ("suspended", 7),
)
KINDS = (("denunciation", 45), ("crime_report", 45), ("prosecution_petition", 10))
CHANNELS = (
    ("walk_in", 25),
    ("hotline", 30),
    ("web_form", 20),
    ("letter", 8),
    ("media", 4),
    ("referral", 13),
)
EXPLOITATION = ("sexual", "forced_labour", "forced_marriage", "child_trafficking", "other")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tips", type=int, required=True, help="size of the data set")
    parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _number(tips: list[Any]) -> None:
    """Give the batch its register numbers, inside the writing transaction: the
    agency-year counters are locked (as ``numbering.next_register_seq`` does one at a
    time), advanced by the batch, and written back, so that tips registered meanwhile
    through the services (e.g. the intake benchmark) never get the same number."""
    from lachan.tips.models import TipRegisterCounter
    from lachan.tips.numbering import format_register_number

    keys = {(tip.receiving_agency_id, tip.register_year) for tip in tips}
    for agency_id, year in keys:
        TipRegisterCounter.objects.get_or_create(agency_id=agency_id, year=year)
    rows = {
        (row.agency_id, row.year): row
        for row in TipRegisterCounter.objects.select_for_update().filter(
            agency_id__in={k[0] for k in keys}
        )
    }
    for tip in tips:
        row = rows[(tip.receiving_agency_id, tip.register_year)]
        row.last_seq += 1
        tip.register_seq = row.last_seq
        tip.register_number = format_register_number(
            seq=row.last_seq, year=tip.register_year, agency=tip.receiving_agency
        )
        if tip.decision_number:
            tip.decision_number = f"{row.last_seq}/QĐ"
    TipRegisterCounter.objects.bulk_update(rows.values(), ["last_seq"])


def _draw(index: int, rng: random.Random, ctx: dict[str, Any], out: list[Any]) -> None:
    from lachan.tips.deadlines import TipFacts, compute_deadline, local_zone
    from lachan.tips.models import Tip, TipPlace

    world, agencies, rules, now = ctx["world"], ctx["agencies"], ctx["rules"], ctx["now"]
    province = rng.choices(world.provinces, world.weights)[0]
    agency = agencies[province.code]
    commune_id, commune_name = rng.choice(world.communes[province.pk])
    status = _pick(rng, STATUSES)
    open_ = status in ("received", "classified", "verifying", "suspended")
    age = dt.timedelta(minutes=rng.randint(0, (45 if open_ else 730) * 24 * 60))
    received = now - age
    year = received.astimezone(local_zone()).year
    channel = _pick(rng, CHANNELS)
    is_complex = status in ("verifying", "suspended", "decided") and rng.random() < 0.15
    facts = TipFacts(
        status=status,
        received_at=received,
        agency_type=agency.agency_type,
        agency_remote=agency.is_remote,
        is_complex=is_complex,
    )
    tip = Tip(
        receiving_agency=agency,
        register_year=year,
        kind=_pick(rng, KINDS),
        channel=channel,
        status=status,
        received_at=received,
        reporter_anonymous=channel == "web_form" or rng.random() < 0.4,
        content=rng.choice(CONTENTS).format(c=rng.choice(COUNTRIES), p=commune_name)
        + f" (#{index})",
        summary="",
        place_id=commune_id,
        place_province_id=province.pk,
        urgent=rng.random() < 0.05,
        child_involved=rng.random() < 0.1,
        is_complex=is_complex,
        deadline_at=compute_deadline(facts, rules),
    )
    if status != "received":
        tip.trafficking_related = rng.random() < 0.7
        tip.exploitation_type = rng.choice(EXPLOITATION) if tip.trafficking_related else ""
        tip.classified_at = received + dt.timedelta(hours=rng.randint(1, 72))
        if province.code == ctx["officer_province"] and rng.random() < 0.3:
            tip.assignee_id, tip.assigned_at = ctx["officer_id"], tip.classified_at
    if status in ("decided", "transferred"):
        running = TipFacts(**{**facts.__dict__, "status": "verifying"})
        tip.resolved_deadline_at = compute_deadline(running, rules)
        tip.resolved_at = received + dt.timedelta(days=rng.randint(1, 50))
        if status == "decided":
            tip.decision = "prosecute" if rng.random() < 0.3 else "decline"
            tip.decided_at = tip.resolved_at
            tip.decision_date = tip.resolved_at.astimezone(local_zone()).date()
            tip.decision_number = "pending"  # numbered with the tip
        else:
            tip.transferred_at = tip.resolved_at
    if status == "suspended":
        tip.suspension_reason, tip.suspended_at = "key_documents", received + dt.timedelta(days=10)
    out[0].append(tip)
    out[1].append(
        TipPlace(tip=tip, role="incident", admin_unit_id=commune_id, province_id=province.pk)
    )


def generate(*, tips: int, batch: int, seed: int) -> tuple[int, int, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.bench_people import bench_users
    from bench.datagen import BENCH_SUFFIX, _geography, bench_agencies
    from lachan.audit.services import audit_record
    from lachan.tips.deadlines import load_rules
    from lachan.tips.models import Tip, TipPlace

    started = time.perf_counter()
    agencies = bench_agencies()
    officer = bench_users("31")[1]
    ctx = {
        "world": _geography(),
        "agencies": agencies,
        "rules": load_rules(),
        "now": timezone.now(),
        "officer_province": "31",
        "officer_id": officer.pk,
    }
    existing = Tip.objects.filter(receiving_agency__name__endswith=BENCH_SUFFIX).count()
    for first in range(existing, tips, batch):
        last = min(first + batch, tips)
        rng = random.Random(f"{seed}-tips-{first}")
        out: list[list[Any]] = [[], []]
        for index in range(first, last):
            _draw(index, rng, ctx, out)
        with transaction.atomic():
            _number(out[0])
            Tip.objects.bulk_create(out[0])
            TipPlace.objects.bulk_create(out[1])
            audit_record(
                actor=None,
                action="bench.generate",
                object_type="tips.tip",
                changes={"tips": len(out[0]), "first": first, "seed": seed},
            )
        elapsed = time.perf_counter() - started
        print(f"  {_django.fmt_int(last)} / {_django.fmt_int(tips)}  {elapsed:.1f} s", flush=True)
    created = max(0, tips - existing)
    if created and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Tip, TipPlace):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return created, existing + created, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    created, total, seconds = generate(tips=args.tips, batch=args.batch, seed=args.seed)
    rate = created / seconds if seconds else 0.0
    print(
        f"Created {_django.fmt_int(created)} tips in {seconds:.1f} s "
        f"({_django.fmt_int(round(rate))} tips/s); bench data set: {_django.fmt_int(total)} tips."
    )


if __name__ == "__main__":
    main()
