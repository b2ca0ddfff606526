"""Public intake throughput under gunicorn against PostgreSQL, compared with a bare
endpoint that does only one durable insert of a row shaped like the staging row, on the
same stack.

    . bench/tips/env.sh   # bench DATABASE_URL and throwaway keys
    .venv/bin/python bench/tips/bench_intake.py [--seconds 20] [--concurrency 4]
    .venv/bin/python bench/tips/bench_intake.py --profile 200   # statements and time per POST

The intake targets run in production shape: gunicorn and, beside it, the real task
worker (``manage.py db_worker``, ``--worker-nice`` to lower its priority) registering
the stored submissions while the load runs. After the load the script waits for the
worker to drain (no submission waiting, no task ready) and reports how long that took;
only then are receipts checked. ``--no-worker``: the request path alone; afterwards
the sweeper's drain runs in this process (its time is the "drain").

For each target the script starts gunicorn (``--workers 2``, sync workers, bench
settings ``bench.tips.intake_settings`` or ``bench.tips.bare_settings``: DEBUG off,
minimum fill time 0), drives it from this separate process over 127.0.0.1 with
``--concurrency`` threads (``http.client``, keep-alive) for ``--seconds`` or ``--max``
submissions, then stops it. A public submission is what a client must do: GET a
single-use token, then POST the tip; the bare submission is one POST. The ``post``
target is the intake endpoint alone: one POST per tip with a token minted in this
process by the server's own signer (``tokens.token_issue``, what the GET returns; the
token is stateless, decision 0009), so it compares endpoint with endpoint. Throughput is
completed submissions per second; latencies are of the whole submission and of the
POST alone. Afterwards every receipt issued is checked in the database: its lookup
prefix finds a receipt row whose slow hash matches and whose tip exists — a receipt of a
submission that was stored but never registered counts as lost."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench import _django  # noqa: E402 - after the path above

HOST = "127.0.0.1"
KINDS = ("bare", "post", "public")
SETTINGS = {
    "bare": "bench.tips.bare_settings",
    "post": "bench.tips.intake_settings",
    "public": "bench.tips.intake_settings",
}
WHAT = (
    "Chị tôi được một người quen hứa đưa sang Campuchia làm nhà hàng lương cao, đến nay "
    "đã ba tuần không liên lạc được, số điện thoại người đó là 0912 345 678."
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max", type=int, default=3000, help="submissions per target at most")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only", default=None, help=f"comma-separated targets among {', '.join(KINDS)}"
    )
    parser.add_argument("--rounds", type=int, default=1, help="alternate the targets N times")
    parser.add_argument("--one-province", action="store_true", help="all tips to one agency")
    parser.add_argument("--no-worker", action="store_true", help="no db_worker during load")
    parser.add_argument("--worker-nice", type=int, default=0, help="nice value of db_worker")
    parser.add_argument("--drain-timeout", type=float, default=600.0)
    parser.add_argument("--profile", type=int, default=0, help="in-process: N POSTs, SQL count")
    return parser.parse_args(argv)


@dataclass
class Result:
    total_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    drain_seconds: float = 0.0
    tasks: int = 0  # task rows the intake queued during the target's run
    load_avg: tuple[float, float, float] = (0.0, 0.0, 0.0)


def _request(
    conn: http.client.HTTPConnection, method: str, url: str, body: object = None
) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    conn.request(method, url, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    try:
        return response.status, json.loads(payload)
    except ValueError:
        return response.status, {"raw": payload[:200].decode(errors="replace")}


def _worker(
    kind: str,
    port: int,
    deadline: float,
    budget: list[int],
    lock: threading.Lock,
    result: Result,
    provinces: list[str],
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    rng = random.Random()
    while time.perf_counter() < deadline:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        started = time.perf_counter()
        try:
            if kind != "bare":
                if kind == "public":
                    status, body = _request(conn, "GET", "/api/v1/public/tips/token")
                    if status != 200:
                        raise RuntimeError(f"token {status} {body}")
                    token = body["token"]
                else:
                    from lachan.tips.public.tokens import token_issue

                    token = token_issue()[0]
                sent = time.perf_counter()
                status, body = _request(
                    conn,
                    "POST",
                    "/api/v1/public/tips",
                    {
                        "token": token,
                        "what": WHAT,
                        "province": rng.choice(provinces),
                        "danger": "unknown",
                    },
                )
            else:
                sent = started
                token = f"bare-{rng.getrandbits(128):032x}"
                status, body = _request(
                    conn, "POST", "/bench/bare/", {"token": token, "what": WHAT}
                )
            if status != 201:
                raise RuntimeError(f"submit {status} {str(body)[:120]}")
        except Exception as error:  # count and go on: the run reports errors
            key = str(error)[:80]
            with lock:
                result.errors[key] = result.errors.get(key, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        done = time.perf_counter()
        with lock:
            result.total_ms.append((done - started) * 1000)
            result.post_ms.append((done - sent) * 1000)
            result.receipts.append(body["receipt"])
    conn.close()


def _env(settings: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DJANGO_DEBUG": "false"}


def _start_worker(settings: str, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """The production worker of the database task backend, beside gunicorn."""
    command = [
        str(ROOT / ".venv/bin/python"),
        "manage.py",
        "db_worker",
        "--no-startup-delay",
        "--interval",
        "0.5",
        "--verbosity",
        "0",
    ]
    if args.worker_nice:
        command = ["nice", "-n", str(args.worker_nice), *command]
    return subprocess.Popen(command, env=_env(settings), cwd=ROOT)


def _waiting() -> int:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from lachan.tips.models import PublicSubmission

    waiting = PublicSubmission.objects.filter(registered_at__isnull=True).count()
    ready = DBTaskResult.objects.ready().count()
    connection.close()  # a fresh snapshot next time
    return waiting + ready


def _drain(timeout: float) -> float:
    """Seconds until nothing waits for registration (the worker has caught up)."""
    started = time.perf_counter()
    while _waiting():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"worker did not drain within {timeout:.0f} s")
        time.sleep(0.1)
    return time.perf_counter() - started


def _sweep() -> float:
    """Without a worker: the sweeper's task (what ``manage.py tips_cleanup`` runs) after
    the load, in this process; seconds it took."""
    from django.db import connection

    from lachan.tips.tasks import register_waiting_submissions

    started = time.perf_counter()
    register_waiting_submissions.call()
    connection.close()
    return time.perf_counter() - started


def _start(settings: str, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = _env(settings)
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"{HOST}:{args.port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, args.port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def _task_rows() -> int:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    count = DBTaskResult.objects.count()
    connection.close()
    return count


def run(kind: str, args: argparse.Namespace, provinces: list[str]) -> Result:
    tasks_before = _task_rows()
    proc = _start(SETTINGS[kind], args)
    worker = None if kind == "bare" or args.no_worker else _start_worker(SETTINGS[kind], args)
    try:
        result, lock, budget = Result(), threading.Lock(), [args.max]
        # A short warm-up so that both workers have imported and connected.
        warm = Result()
        _worker(kind, args.port, time.perf_counter() + 2, [10], lock, warm, provinces)
        result.receipts.extend(warm.receipts)
        started = time.perf_counter()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=_worker, args=(kind, args.port, deadline, budget, lock, result, provinces)
            )
            for _ in range(args.concurrency)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.seconds = time.perf_counter() - started
        result.load_avg = os.getloadavg()
        if kind != "bare":
            result.drain_seconds = _drain(args.drain_timeout) if worker else _sweep()
        result.tasks = _task_rows() - tasks_before
        return result
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)


def pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def verify_public(receipts: list[str]) -> tuple[int, int]:
    """(found, lost): every receipt must match a stored receipt row of a stored tip."""
    from lachan.tips.models import Tip, TipReceipt
    from lachan.tips.public import receipts as codes

    found = 0
    for code in receipts:
        rows = TipReceipt.objects.filter(lookup=codes.lookup_of(code))
        if any(
            codes.matches(code, r.salt, r.digest) and Tip.objects.filter(pk=r.tip_id).exists()
            for r in rows
        ):
            found += 1
    return found, len(receipts) - found


def verify_bare(receipts: list[str]) -> tuple[int, int]:
    from django.db import connection

    from bench.tips.bare_urls import TABLE

    with connection.cursor() as cursor:
        query = f"SELECT count(*) FROM {TABLE} WHERE id = ANY(%s::uuid[])"  # noqa: S608
        cursor.execute(query, [receipts])
        found = cursor.fetchone()[0]
    return found, len(receipts) - found


def report(kind: str, r: Result, found_lost: tuple[int, int]) -> float:
    n = len(r.total_ms)
    rate = n / r.seconds if r.seconds else 0.0
    print(
        f"{kind:6}: {n} submissions in {r.seconds:.1f} s = {rate:.1f}/s; "
        f"submission p50 {pct(r.total_ms, 50):.1f} ms p99 {pct(r.total_ms, 99):.1f} ms; "
        f"POST p50 {pct(r.post_ms, 50):.1f} ms p99 {pct(r.post_ms, 99):.1f} ms; "
        f"errors {sum(r.errors.values())} {r.errors or ''}; "
        f"receipts checked {found_lost[0]}, lost {found_lost[1]}; "
        + (
            f"{r.tasks} task rows; drained {r.drain_seconds:.1f} s after the load; "
            if kind != "bare"
            else ""
        )
        + "load avg {:.2f} {:.2f} {:.2f}".format(*r.load_avg),
        flush=True,
    )
    return rate


def staging_payload_chars(province_code: str) -> int:
    """Length of the stored (encrypted) staging payload of the benchmark's tip."""
    from lachan.geo import selectors as geo
    from lachan.tips.models import PublicSubmission
    from lachan.tips.public import services, staging

    province = next(p for p in geo.province_list() if p.code == province_code)
    data = services.PublicTipInput(what=WHAT, province=province)
    staged = staging.stage_check(
        content=services._content(data),
        contact="",
        province=province,
        urgent=False,
        files=(),
    )
    field_ = PublicSubmission._meta.get_field("payload")
    return len(field_.get_prep_value(staging._payload(staged)))


def profile(n: int, provinces: list[str]) -> None:
    """Statements and wall time of the intake POST in this process (no HTTP server):
    the request path only (the worker does not run)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lachan.tips.public.tokens import token_issue

    client = Client(HTTP_HOST="127.0.0.1")
    times, counts = [], []
    sample: list[str] = []
    for i in range(n):
        body = {"token": token_issue()[0], "what": WHAT, "province": provinces[i % len(provinces)]}
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.post("/api/v1/public/tips", body, content_type="application/json")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content
        counts.append(len(ctx.captured_queries))
        sample = [q["sql"][:90] for q in ctx.captured_queries]
    print(
        f"POST /api/v1/public/tips in-process, {n} requests: p50 {pct(times, 50):.2f} ms, "
        f"mean {statistics.mean(times):.2f} ms; SQL statements per POST: "
        f"{min(counts)}–{max(counts)} (BEGIN and COMMIT included). Last one:"
    )
    for sql in sample:
        print(f"  {sql}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.tips.intake_settings")
    _django.setup()
    from django.db import connection

    from bench.tips.bare_urls import CREATE
    from lachan.geo import selectors as geo

    with connection.cursor() as cursor:
        for statement in CREATE:
            cursor.execute(statement)
    provinces = [p.code for p in geo.province_list()]
    os.environ["BENCH_BARE_PAYLOAD_CHARS"] = str(staging_payload_chars(provinces[0]))
    if args.profile:
        profile(args.profile, provinces)
        return
    if args.one_province:
        provinces = provinces[:1]
    print(
        f"Database: {connection.vendor} ({connection.settings_dict['NAME']}); gunicorn "
        f"{args.workers} sync workers; {args.concurrency} client threads; {os.cpu_count()} CPUs; "
        f"db_worker {'off' if args.no_worker else f'on (nice {args.worker_nice})'}; "
        f"bare payload {os.environ['BENCH_BARE_PAYLOAD_CHARS']} chars"
    )
    rates: dict[str, list[float]] = {}
    for _round in range(args.rounds):
        for kind in args.only.split(",") if args.only else KINDS[:3]:
            result = run(kind, args, provinces)
            check = verify_bare if kind == "bare" else verify_public
            rates.setdefault(kind, []).append(report(kind, result, check(result.receipts)))
    if "bare" in rates:
        bare = statistics.median(rates["bare"])
        for kind in KINDS[1:]:
            if kind in rates and bare:
                ratio = statistics.median(rates[kind]) / bare
                print(f"{kind} / bare throughput (medians of {args.rounds} rounds): {ratio:.1%}")


if __name__ == "__main__":
    main()
