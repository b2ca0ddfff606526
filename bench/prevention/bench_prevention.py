"""Prevention and plans at national scale, against the configured database.

    . bench/prevention/env.sh
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/prevention/bench_prevention.py --activities 500000 [--tips 0]

1. Brings the bench activities to ``--activities`` (reference rows written directly in
   batches, spread over the bench agencies of ``bench/datagen.py`` — one per province —
   and their communes, over five years ending this year; kinds, formats and target
   groups drawn with realistic weights). ``--tips`` also brings the bench tips to that
   size with ``bench/tips/generate_tips.py`` (the tips indicators then count real rows).
2. A national plan for this year with one indicator per built-in measure, no place
   filter, computed for a national analyst (no agency: counts everything):
   ``plan_progress`` without trend and links (the "every indicator" figure), and with the
   monthly trend. Median and 95th percentile over ``--repeat`` runs after a warm-up.
3. The activity list page through Django's test client (view, policy, queries,
   template) for the supervisor of the bench agency of ``--province``: first page, a
   kind + date range filter, a commune, the second page. Median, p95 and queries."""

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

KINDS = (
    ("awareness", 60),
    ("media", 15),
    ("contest", 5),
    ("training", 8),
    ("border_meeting", 7),
    ("model_event", 2),
    ("other", 3),
)
FORMATS = (
    ("direct", 60),
    ("loudspeaker", 15),
    ("social_media", 10),
    ("portal", 5),
    ("integrated", 10),
)
GROUPS = ("women", "students", "ethnic_minorities", "workers_abroad", "border_residents", "youth")
YEARS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--tips", type=int, default=0)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--province", default="31")
    return parser.parse_args(argv)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


def generate(*, activities: int, batch: int, seed: int) -> tuple[int, float]:
    from bench.datagen import bench_agencies
    from lachan.geo.models import AdminUnit, Level
    from lachan.prevention.models import Activity, encode_groups

    agencies = bench_agencies()
    have = Activity.objects.filter(organiser__in=agencies.values()).count()
    if have >= activities:
        return 0, 0.0
    communes: dict[int, list[int]] = {}
    for pk, province_id in AdminUnit.objects.filter(level=Level.COMMUNE, era="2025").values_list(
        "pk", "province_id"
    ):
        communes.setdefault(province_id, []).append(pk)
    rng = random.Random(f"{seed}:{have}")
    today = dt.date.today()
    first = dt.date(today.year - YEARS + 1, 1, 1)
    span = (today - first).days
    by_code = list(agencies.items())
    started = time.perf_counter()
    made = 0
    while have + made < activities:
        rows = []
        for _ in range(min(batch, activities - have - made)):
            _code, agency = rng.choice(by_code)
            province_id = agency.admin_unit_id
            kind = _pick(rng, KINDS)
            sessions = 1 if kind in ("contest", "training", "border_meeting") else rng.randint(1, 5)
            day = first + dt.timedelta(days=rng.randrange(span + 1))
            rows.append(
                Activity(
                    id=uuid.uuid4(),
                    kind=kind,
                    title=f"Hoạt động thử tải {have + made + len(rows)}",
                    start_date=day,
                    end_date=day,
                    admin_unit_id=rng.choice(communes.get(province_id) or [province_id]),
                    province_id=province_id,
                    organiser=agency,
                    target_groups=encode_groups(rng.sample(GROUPS, rng.randint(0, 2))),
                    format=_pick(rng, FORMATS),
                    sessions=sessions,
                    attendees=sessions * rng.randint(10, 200),
                    budget_vnd=rng.choice((None, 1_000_000, 2_500_000)),
                )
            )
        Activity.objects.bulk_create(rows, batch_size=2000)
        made += len(rows)
        print(f"  {have + made} activities", flush=True)
    return made, time.perf_counter() - started


def national_plan() -> Any:
    from bench.datagen import bench_agencies
    from lachan.plans.measures import MEASURES, Unit
    from lachan.plans.models import Comparison, Indicator, IndicatorVersion, Plan

    year = dt.date.today().year
    agency = (
        bench_agencies()["01"]
        if "01" in bench_agencies()
        else next(iter(bench_agencies().values()))
    )
    plan = Plan.objects.filter(title="Kế hoạch quốc gia (thử tải)", start_year=year).first()
    if plan is None:  # reference data for the benchmark: written directly
        plan = Plan.objects.create(
            agency=agency, title="Kế hoạch quốc gia (thử tải)", start_year=year, end_year=year
        )
        for n, measure in enumerate(MEASURES.values()):
            indicator = Indicator.objects.create(
                plan=plan, code=measure.key.replace(".", "-"), position=n
            )
            IndicatorVersion.objects.create(
                indicator=indicator,
                version=1,
                label=str(measure.label),
                measure=measure.key,
                comparison=Comparison.GTE,
                target=90 if measure.unit == Unit.PERCENT else 1000,
            )
    return plan


def national_analyst() -> Any:
    from lachan.access.roles import Role
    from lachan.accounts.models import User

    user = User.objects.filter(username="bench.phantich").first()
    if user is None:
        user = User(
            username="bench.phantich", full_name="Phân tích quốc gia (thử tải)", role=Role.ANALYST
        )
        user.set_unusable_password()
        user.save()
    return user


def timed(fn: Any, *, repeat: int, warmup: int) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return statistics.median(times), p95


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.bench_people import Page, bench_users, client_for, measure, table
    from lachan.plans.selectors import plan_get, plan_progress
    from lachan.prevention.models import Activity

    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    made, seconds = generate(activities=args.activities, batch=args.batch, seed=args.seed)
    if made:
        print(f"generated {_django.fmt_int(made)} activities in {seconds:.0f} s")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE prevention_activity")
    if args.tips:
        from bench.tips.generate_tips import generate as generate_tips

        generate_tips(tips=args.tips, batch=5000, seed=args.seed)
    total = Activity.objects.count()
    year = dt.date.today().year
    this_year = Activity.objects.filter(start_date__year=year).count()
    print(f"activities: {_django.fmt_int(total)} ({_django.fmt_int(this_year)} this year)")

    analyst = national_analyst()
    plan = plan_get(actor=analyst, plan_id=national_plan().pk)
    with CaptureQueriesContext(connection) as queries:
        progress = plan_progress(actor=analyst, plan=plan, trend=False, records=False)
    for row in progress.indicators:
        print(f"  {row.measure:32} value={row.value} state={row.state} status={row.status}")
    p50, p95 = timed(
        lambda: plan_progress(actor=analyst, plan=plan, trend=False, records=False),
        repeat=args.repeat,
        warmup=args.warmup,
    )
    print(
        f"national plan, {len(progress.indicators)} indicators, no trend: "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, {len(queries)} queries"
    )
    t50, t95 = timed(
        lambda: plan_progress(actor=analyst, plan=plan, trend=True, records=False),
        repeat=max(3, args.repeat // 4),
        warmup=1,
    )
    print(f"national plan with monthly trend: p50 {t50:.0f} ms, p95 {t95:.0f} ms")

    supervisor, officer = bench_users(args.province)
    from lachan.geo.models import AdminUnit, Level

    commune = (
        AdminUnit.objects.filter(level=Level.COMMUNE, province__code=args.province, era="2025")
        .order_by("code")
        .first()
    )
    assert commune is not None
    from lachan.prevention.selectors import ActivityFilter, activity_page

    cursor = activity_page(actor=supervisor, filters=ActivityFilter()).next_cursor
    pages = [
        Page("list, first page", "/prevention/"),
        Page(
            "list, kind + dates",
            f"/prevention/?kind=awareness&start_from=01/01/{year}&start_to=30/06/{year}",
        ),
        Page(
            "list, one commune",
            f"/prevention/?place_province={args.province}&place_commune={commune.code}",
        ),
        Page("list, second page", f"/prevention/?cursor={cursor}"),
    ]
    rows = [
        measure(client_for(user), user, page, repeat=args.repeat, warmup=args.warmup)
        for user in (supervisor, officer)
        for page in pages
    ]
    print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
