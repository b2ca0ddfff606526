"""Reports benchmark: the analysis page for a national year against one hand-written SQL
aggregate over the same rows, and the annual national report (Excel + PDF): time and
peak memory.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lachan_bench_reports
    .venv/bin/python bench/reports/generate.py --tips 5000000
    .venv/bin/python bench/reports/bench_reports.py [--year 2025] [--repeat 7]

Timings are medians of interleaved runs (the machine is shared: the ratio is the robust
figure). The report runs in a child process so that its peak RSS is its own."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

HAND_SQL = """
SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS month,
       place_province_id, kind, count(*)
FROM tips_tip
WHERE received_at >= %s AND received_at < %s
GROUP BY 1, 2, 3
"""


def analyst() -> object:
    from lachan.access.roles import Role
    from lachan.accounts.models import User

    user, _ = User.objects.get_or_create(
        username="bench.reports.analyst",
        defaults={"role": Role.ANALYST, "full_name": "Bench analyst", "agency": None},
    )
    return user


def measure(year: int, repeat: int) -> dict[str, object]:
    import datetime as dt

    from django.conf import settings
    from django.db import connection

    from lachan.core.testing.factories import logged_in_client
    from lachan.reports import selectors
    from lachan.tips.models import Tip
    from lachan.tips.selectors import start_of_day

    user = analyst()
    settings.ALLOWED_HOSTS = ["testserver"]
    client = logged_in_client(user)  # type: ignore[arg-type]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    low, high = start_of_day(start), start_of_day(end + dt.timedelta(days=1))
    filters = selectors.AnalysisFilter(start=start, end=end)
    rows_in_year = Tip.objects.filter(received_at__gte=low, received_at__lt=high).count()
    timings: dict[str, list[float]] = {"sql": [], "selector": [], "page": []}

    def sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, [low, high])
            cursor.fetchall()

    def selector() -> None:
        selectors.analysis(actor=user, filters=filters)  # type: ignore[arg-type]

    def page() -> None:
        response = client.get(f"/reports/?year={year}")
        assert response.status_code == 200, response.status_code

    for fn in (sql, selector, page):  # warm caches (province table, buffers)
        fn()
    for _ in range(repeat):
        for name, fn in (("sql", sql), ("selector", selector), ("page", page)):
            started = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - started)
    med = {k: statistics.median(v) for k, v in timings.items()}
    return {
        "tips_total": Tip.objects.count(),
        "tips_in_year": rows_in_year,
        "median_ms": {k: round(v * 1000, 1) for k, v in med.items()},
        "min_ms": {k: round(min(v) * 1000, 1) for k, v in timings.items()},
        "ratio_selector_to_sql": round(med["selector"] / med["sql"], 2),
        "ratio_page_to_sql": round(med["page"] / med["sql"], 2),
    }


def report_child(year: int) -> dict[str, object]:
    """Run in a fresh process: request and produce the national annual report."""
    from lachan.reports import services
    from lachan.reports.periods import parse_period

    user = analyst()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = services.period_report_request(actor=user, period=parse_period(str(year)))  # type: ignore[arg-type]
    started = time.perf_counter()
    done = services.period_report_produce(report_id=report.pk)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert done is not None and done.status == "done"
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "rss_before_mb": round(before / 1024, 1),
        "excel_kb": round(len(bytes(done.excel or b"")) / 1024, 1),
        "pdf_kb": round(len(bytes(done.pdf or b"")) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    _django.setup()
    if args.child:
        print(json.dumps(report_child(args.year)))
        return
    result = {"analysis": measure(args.year, args.repeat)}
    child = subprocess.run(
        [sys.executable, __file__, "--child", "--year", str(args.year)],
        capture_output=True,
        text=True,
        check=True,
    )
    result["annual_report"] = json.loads(child.stdout.strip().splitlines()[-1])
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
