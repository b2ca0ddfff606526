"""Response times of the person pages at scale, through Django's test client against
the configured database (no web server, no network: the view, the access policy, the
queries and the templates).

    .venv/bin/python bench/bench_people.py [--persons 100000] [--repeat 30] [--province 31]

``--persons`` first brings the bench data set to that size (``bench/generate.py``).
Two bench users work in the bench agency of ``--province``: a supervisor (own agency,
agencies below, persons living in the province) and an officer (own agency). For each
page the table gives the median and 95th percentile over ``--repeat`` requests (after
``--warmup``) and the number of SQL queries of one request."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # after the path above

BENCH_USERS = {"bench.chihuy": "supervisor", "bench.dieutra": "officer"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=0, help="generate up to N persons first")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--province", default="31", help="province code of the bench users")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Page:
    label: str
    url: str


@dataclass(frozen=True)
class Measure:
    user: str
    page: str
    p50_ms: float
    p95_ms: float
    queries: int
    bytes: int


def bench_users(province_code: str) -> list[Any]:
    """The supervisor and the officer of the province's bench agency (made once)."""
    from bench.datagen import bench_agencies
    from lachan.access.roles import Role
    from lachan.accounts.models import User
    from lachan.core.text import fold

    agency = bench_agencies()[province_code]
    users = []
    for username, role in BENCH_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            full_name = f"Cán bộ thử tải {role}"
            user = User(
                username=username, full_name=full_name, name_key=fold(full_name), agency=agency
            )
            user.role = Role(role)
            user.set_unusable_password()  # never logs in: the client is logged in directly
            user.save()
        users.append(user)
    return users


def sample_pages(agency: Any) -> list[Page]:
    """A person of the agency to open, and their name and phone to search for."""
    from django.urls import reverse

    from lachan.core.identifiers import IdentifierKind
    from lachan.people.models import Person

    person = (
        Person.objects.filter(owner_agency=agency, identifiers__kind=IdentifierKind.PHONE)
        .order_by("created_at")
        .first()
    )
    if person is None:
        raise SystemExit("No bench person in this province: run with --persons first.")
    phone = person.identifiers.filter(kind=IdentifierKind.PHONE).first().value
    base = reverse("people:list")
    detail = reverse("people:detail", args=[person.pk])
    return [
        Page("list, first page", base),
        Page("list, name search", f"{base}?q={person.full_name}"),
        Page("list, phone search", f"{base}?q={phone}"),
        Page("detail", detail),
        Page("detail, identity shown", f"{detail}?reveal=1"),
    ]


def client_for(user: Any) -> Any:
    from django.conf import settings

    from lachan.core.testing.factories import logged_in_client

    hosts = [h for h in settings.ALLOWED_HOSTS if h and h not in ("*",) and not h.startswith(".")]
    return logged_in_client(user, HTTP_HOST=hosts[0] if hosts else "localhost")


def measure(client: Any, user: Any, page: Page, *, repeat: int, warmup: int) -> Measure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(page.url)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(page.url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{page.url} answered {response.status_code} for {user.username}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return Measure(
        user=user.username,
        page=page.label,
        p50_ms=statistics.median(times),
        p95_ms=p95,
        queries=len(queries),
        bytes=len(response.content),
    )


def table(rows: list[Measure]) -> list[str]:
    header = ("user", "page", "p50 ms", "p95 ms", "queries", "KiB")
    cells = [
        (
            m.user,
            m.page,
            f"{m.p50_ms:.1f}",
            f"{m.p95_ms:.1f}",
            str(m.queries),
            f"{m.bytes / 1024:.0f}",
        )
        for m in rows
    ]
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        # Text columns to the left, numbers to the right.
        pairs = enumerate(zip(row, widths, strict=True))
        return " | ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs)

    aligned = [line(r) for r in [header, *cells]]
    return [aligned[0], "-+-".join("-" * w for w in widths), *aligned[1:]]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection

    from bench.datagen import bench_person_count, generate
    from lachan.people.models import Person

    if args.persons:
        made = generate(persons=args.persons, batch=args.batch, seed=args.seed)
        if made.created:
            print(
                f"Generated {_django.fmt_int(made.created)} persons in {made.seconds:.1f} s "
                f"({_django.fmt_int(round(made.rate))} persons/s)."
            )
    users = bench_users(args.province)
    agency = users[0].agency
    print(
        f"Database: {connection.vendor}; bench persons: {_django.fmt_int(bench_person_count())} "
        f"(all persons: {_django.fmt_int(Person.objects.count())}); "
        f"agency: {agency.name} ({_django.fmt_int(agency.persons.count())} persons)"
    )
    pages = sample_pages(agency)
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
