"""Generate synthetic persons at national scale for the benchmarks.

    .venv/bin/python bench/generate.py --persons 100000 [--batch 5000] [--seed 2026]

Uses ``DJANGO_SETTINGS_MODULE`` (default ``config.settings.dev``) and ``DATABASE_URL``
like the application (SQLite or PostgreSQL; migrate the database first). Brings the
bench data set to N persons: running it again with the same N creates nothing, with a
larger N only the difference. Prints the rate in persons per second."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # after the path above


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, required=True, help="size of the data set")
    parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=2026, help="same seed, same people")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _django.setup()
    from django.db import connection

    from bench.datagen import generate

    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        print(f"  {_django.fmt_int(done)} / {_django.fmt_int(total)}  {elapsed:.1f} s", flush=True)

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    result = generate(persons=args.persons, batch=args.batch, seed=args.seed, progress=progress)
    print(
        f"Created {_django.fmt_int(result.created)} persons in {result.seconds:.1f} s "
        f"({_django.fmt_int(round(result.rate))} persons/s); "
        f"bench data set: {_django.fmt_int(result.total)} persons."
    )


if __name__ == "__main__":
    main()
