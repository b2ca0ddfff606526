"""Response times of the staff work queue at scale, through Django's test client
against the configured database (view, access policy, queries, template; no server).

    .venv/bin/python bench/tips/bench_queue.py [--tips 100000] [--repeat 30] [--province 31]

``--tips`` first brings the bench tips to that size (``generate_tips.py``; for
1,000,000 on PostgreSQL use ``generate_fast.py`` first, ~1 minute). The two
bench users of ``bench/bench_people.py`` (supervisor and officer of the bench agency of
``--province``) open: the first page, a page filtered by status + kind + a received
date range, a page filtered by a commune, the overdue queue and the deadline-sorted
queue. Median, 95th percentile over ``--repeat`` requests after ``--warmup``, and the
SQL queries of one request."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above
from bench.bench_people import Page


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tips", type=int, default=0, help="generate up to N tips first")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--province", default="31")
    return parser.parse_args(argv)


def queue_pages(province_code: str) -> list[Page]:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from lachan.geo.models import AdminUnit
    from lachan.tips.models import TipPlace

    busiest = (
        TipPlace.objects.filter(province__code=province_code)
        .values("admin_unit")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise SystemExit("No bench tip in this province: run with --tips first.")
    commune = AdminUnit.objects.get(pk=busiest["admin_unit"])
    today = timezone.localdate()
    since = (today - dt.timedelta(days=180)).strftime("%d/%m/%Y")
    until = today.strftime("%d/%m/%Y")
    base = reverse("tips:queue")
    return [
        Page("first page (all)", f"{base}?queue=all"),
        Page(
            "status+kind+dates",
            f"{base}?queue=all&status=decided&kind=crime_report"
            f"&received_from={since}&received_to={until}",
        ),
        Page(
            "place (commune)",
            f"{base}?queue=all&place_province={province_code}&place_commune={commune.code}",
        ),
        Page("overdue queue", f"{base}?queue=overdue"),
        Page("all, by deadline", f"{base}?queue=all&sort=deadline"),
    ]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection

    from bench.bench_people import bench_users, client_for, measure, table
    from bench.datagen import BENCH_SUFFIX
    from bench.tips.generate_tips import generate
    from lachan.access.policies.tips import tip_policy
    from lachan.tips.models import Tip

    if args.tips:
        created, _total, seconds = generate(tips=args.tips, batch=args.batch, seed=args.seed)
        if created:
            print(f"Generated {_django.fmt_int(created)} tips in {seconds:.1f} s.")
    users = bench_users(args.province)
    bench = Tip.objects.filter(receiving_agency__name__endswith=BENCH_SUFFIX).count()
    print(
        f"Database: {connection.vendor}; bench tips: {_django.fmt_int(bench)} "
        f"(all tips: {_django.fmt_int(Tip.objects.count())})"
    )
    for user in users:
        reach = tip_policy.scope(user, Tip.objects.all()).count()
        print(f"  {user.username} ({user.role}): {_django.fmt_int(reach)} tips in reach")
    pages = queue_pages(args.province)
    rows = []
    for user in users:
        client = client_for(user)
        for page in pages:
            rows.append(measure(client, user, page, repeat=args.repeat, warmup=args.warmup))
    print(f"{args.repeat} requests per page after {args.warmup} warm-up requests:")
    for line in table(rows):
        print(line)


if __name__ == "__main__":
    main()
