"""Reports benchmark: the analysis page for a national year against one hand-written SQL
aggregate over the same rows, and the annual national report (Excel + PDF): time and
peak memory.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lachan_bench_reports
    .venv/bin/python bench/reports/generate.py --tips 5000000
    .venv/bin/python bench/reports/bench_reports.py [--year 2025] [--repeat 7]
        [--skip-refresh] [--skip-report] [--live]

Timings are medians of interleaved runs (the machine is shared: the ratio is the robust
figure). The report runs in a child process so that its peak RSS is its own."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from bench import _django  # after the path above

# The same numbers from the monthly summary, by hand: the statement the selector runs
# (same filters, same grouping: its SQL is this one). The selector also reads the
# summary's state row (is it built, up to when): HAND_SQL_STATE, so the fair comparison
# for the selector and the page is the two statements ("sql_summary_both").
HAND_SQL_STATE = "SELECT refreshed_at FROM reports_summarystate WHERE key = 'tips'"
HAND_SQL_SUMMARY = """
SELECT month, province_id, value, sum(tips)
FROM reports_tipmonthlycount
WHERE dimension = 'kind' AND month >= %s AND month <= %s
GROUP BY 1, 2, 3
"""
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


def measure(year: int, repeat: int, live: bool = False) -> dict[str, object]:
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
    timings: dict[str, list[float]] = {
        "sql": [],
        "sql_summary": [],
        "sql_summary_both": [],
        "selector": [],
        "page": [],
    }

    def sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, [low, high])
            cursor.fetchall()

    def sql_summary() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL_SUMMARY, [start, dt.date(year, 12, 1)])
            cursor.fetchall()

    def sql_summary_both() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL_STATE)
            cursor.fetchall()
            cursor.execute(HAND_SQL_SUMMARY, [start, dt.date(year, 12, 1)])
            cursor.fetchall()

    def selector() -> None:
        selectors.analysis(actor=user, filters=filters)  # type: ignore[arg-type]

    def page() -> None:
        response = client.get(f"/reports/?year={year}")
        assert response.status_code == 200, response.status_code

    assert selectors.analysis(actor=user, filters=filters).summarised_at is not None  # type: ignore[arg-type]

    def selector_live() -> None:  # the same numbers counted on the tips (no summary)
        scope = selectors.Scope(start=start, end=end)
        selectors._live_counts(user, filters, scope)  # type: ignore[arg-type]

    steps: tuple[tuple[str, Any], ...] = (
        ("sql", sql),
        ("sql_summary", sql_summary),
        ("sql_summary_both", sql_summary_both),
        ("selector", selector),
        ("page", page),
    )
    if live:
        steps += (("selector_live", selector_live),)
        timings["selector_live"] = []
    for _name, fn in steps:  # warm caches (province table, buffers)
        fn()
    for _ in range(repeat):
        for name, fn in steps:
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
        "ratio_selector_to_sql_summary": round(med["selector"] / med["sql_summary"], 2),
        "ratio_page_to_sql_summary": round(med["page"] / med["sql_summary"], 2),
        "ratio_selector_to_sql_summary_both": round(med["selector"] / med["sql_summary_both"], 2),
        "ratio_page_to_sql_summary_both": round(med["page"] / med["sql_summary_both"], 2),
        "queries_per_page": page_queries(client, year),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def page_queries(client: Any, year: int) -> int:
    """Statements one page view sends (session, user, the page's own, session save)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(f"/reports/?year={year}")
    return len(captured.captured_queries)


def refresh(touch: int, full: bool) -> dict[str, object]:
    """The summary's refresh: full (when asked or never built), then with nothing
    changed, then after ``touch`` tips spread over the five years were edited. Run it
    more than 10 minutes after generating the tips (the look-back of an incremental run:
    tips written just before would all count as changed)."""
    from django.db import connection

    from lachan.reports.models import SummaryState
    from lachan.reports.summary.refresh import refresh_tip_summary

    found: dict[str, object] = {}
    if full or not SummaryState.objects.filter(refreshed_at__isnull=False).exists():
        started = time.perf_counter()
        result = refresh_tip_summary(full=True)
        found["full_s"] = round(time.perf_counter() - started, 1)
        found["rows"] = result.rows
        with connection.cursor() as cursor:  # as autovacuum would, soon after
            cursor.execute("VACUUM ANALYZE reports_tipmonthlycount")
    started = time.perf_counter()
    result = refresh_tip_summary()
    found["nothing_changed_s"] = round(time.perf_counter() - started, 2)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tips_tip SET updated_at = now() WHERE register_seq %% %s = 0 "
            "AND register_seq <= %s",
            [max(1, 5_000_000 // max(touch, 1)), 5_000_000],
        )
        found["touched_tips"] = cursor.rowcount
    started = time.perf_counter()
    result = refresh_tip_summary()
    found["after_edits_s"] = round(time.perf_counter() - started, 1)
    found["groups_recomputed"] = result.groups
    return found


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
    parser.add_argument("--touch", type=int, default=1000, help="tips edited before a refresh")
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--full-refresh", action="store_true", help="rebuild the summary first")
    parser.add_argument("--live", action="store_true", help="also time the live count")
    parser.add_argument("--skip-report", action="store_true", help="no annual report run")
    args = parser.parse_args()
    _django.setup()
    if args.child:
        print(json.dumps(report_child(args.year)))
        return
    result: dict[str, object] = {}
    if not args.skip_refresh:
        result["summary_refresh"] = refresh(args.touch, args.full_refresh)
    result["analysis"] = measure(args.year, args.repeat, args.live)
    if args.skip_report:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
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
