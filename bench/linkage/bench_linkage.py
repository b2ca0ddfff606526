"""Linkage benchmark: precision, recall, F1, blocking recall, records/s.

    .venv/bin/python -m bench.linkage.bench_linkage --records 10000 --seed 2025 \
        --choose-threshold-on 7,3,5,13
    .venv/bin/python -m bench.linkage.bench_linkage --records 1000000 --no-baseline

Generates seeded multi-agency records with known truth (``generate_records``), links
them with the Vietnamese-aware model and with the naive baseline (raw strings, same
library, same training), and prints the figures. Pairwise evaluation: a true pair is
two records of the same person; predicted pairs are those at or above the threshold
plus the pairs joined through others by near-certain pairs (``engine.implied_links``:
what the system proposes). ``--choose-threshold-on A,B`` picks the threshold that
maximises the mean F1 on seeds A, B…'s data (own training) and reports seed ``--seed``
at it: the threshold is never tuned on the reported data. ``--province-only`` drops
communes, districts, villages and legacy provinces from the records (the previous
data's level of detail) to show what they bring. Peak memory is the process's maximum
RSS (children included: DuckDB runs in-process).
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from collections import defaultdict
from typing import Any

from bench import _django


def _true_pairs(truth: dict[str, int]) -> set[tuple[str, str]]:
    groups: dict[int, list[str]] = defaultdict(list)
    for record_id, pid in truth.items():
        groups[pid].append(record_id)
    pairs: set[tuple[str, str]] = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            pairs.add((a, b))
    return pairs


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _blocking_recall(rows: dict[str, dict[str, Any]], true_pairs: set[tuple[str, str]]) -> float:
    from lachan.linkage.engine import BLOCKING_KEYS, NEAR_YEAR_KEYS

    if not true_pairs:
        return 1.0

    def same(left: dict[str, Any], right: dict[str, Any], keys: tuple[str, ...]) -> bool:
        return all(left[k] is not None and left[k] == right[k] for k in keys)

    def near_year(left: dict[str, Any], right: dict[str, Any]) -> bool:
        years = (left["birth_year"], right["birth_year"])
        return all(y is not None and y == y for y in years) and abs(years[0] - years[1]) == 1

    found = 0
    for a, b in true_pairs:
        left, right = rows[a], rows[b]
        if any(same(left, right, keys) for keys in BLOCKING_KEYS) or (
            near_year(left, right) and any(same(left, right, k) for k in NEAR_YEAR_KEYS)
        ):
            found += 1
    return found / len(true_pairs)


def _scores(predicted: set[tuple[str, str]], true_pairs: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & true_pairs)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": len(predicted)}


THRESHOLD_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def _link_records(raw: list[Any], *, province_only: bool) -> list[Any]:
    import dataclasses

    from bench.linkage.generate_records import to_link_record

    records = [to_link_record(r) for r in raw]
    if province_only:
        records = [
            dataclasses.replace(
                r, commune_codes=(), area_codes=(), village="", legacy_province_codes=()
            )
            for r in records
        ]
    return records


def _predicted(predictions: Any, threshold: float) -> set[tuple[str, str]]:
    """Pairs at or above ``threshold``, and pairs joined through others by near-certain
    pairs (``engine.implied_links``): what the system proposes."""
    from lachan.linkage import engine

    kept = predictions[predictions["match_probability"] >= threshold]
    found = {_key(a, b) for a, b in zip(kept["unique_id_l"], kept["unique_id_r"], strict=True)}
    scored = zip(
        predictions["unique_id_l"],
        predictions["unique_id_r"],
        predictions["match_probability"],
        strict=True,
    )
    found |= {_key(link.left, link.right) for link in engine.implied_links(scored)}
    return found


def choose_threshold(count: int, seeds: list[int], *, province_only: bool) -> float:
    """The threshold with the best mean F1 over the ``seeds``' own data and training
    (several seeds: one seed's best is within noise of its neighbours)."""
    from bench.linkage.generate_records import generate
    from lachan.linkage import engine

    totals = dict.fromkeys(THRESHOLD_GRID, 0.0)
    for seed in seeds:
        raw = generate(count, seed)
        true_pairs = _true_pairs({r.record_id: r.truth for r in raw})
        df = engine.frame(_link_records(raw, province_only=province_only))
        model = engine.model_json(engine.train(df, evidence=False))
        predictions = engine.predict(engine.linker_for(df, model, evidence=False))
        for threshold in THRESHOLD_GRID:
            f1 = _scores(_predicted(predictions, threshold), true_pairs)["f1"]
            totals[threshold] += f1 / len(seeds)
            print(f"  choice seed {seed} p>={threshold}: F1 {f1:.4f}")
    best = max(THRESHOLD_GRID, key=lambda t: totals[t])
    print(f"threshold chosen on seeds {seeds}: {best} (mean F1 {totals[best]:.4f})")
    return best


def compared_pairs(df: Any) -> int:
    """Distinct pairs the blocking rules generate (what prediction scores)."""
    from splink.blocking_analysis import (
        cumulative_comparisons_to_be_scored_from_blocking_rules_data,
    )

    from lachan.linkage import engine

    counts = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
        table_or_tables=df,
        blocking_rules=engine.blocking_rules(),
        link_type="dedupe_only",
        db_api=engine._duckdb_api(),
        unique_id_column_name="unique_id",
    )
    return int(counts["row_count"].sum())


def run(
    count: int,
    *,
    seed: int,
    baseline: bool,
    sweep: bool,
    threshold: float | None = None,
    province_only: bool = False,
    save_model: str = "",
) -> None:
    _django.setup()
    import pandas as pd

    from bench.linkage.generate_records import baseline_row, generate
    from lachan.linkage import engine

    started = time.perf_counter()
    raw = generate(count, seed)
    print(f"generated {count} records in {time.perf_counter() - started:.1f} s")
    truth = {r.record_id: r.truth for r in raw}
    true_pairs = _true_pairs(truth)
    print(f"true pairs: {len(true_pairs)}; people: {len(set(truth.values()))}")

    t0 = time.perf_counter()
    records = _link_records(raw, province_only=province_only)
    df = engine.frame(records)
    t_features = time.perf_counter() - t0
    rows = {row["unique_id"]: row for row in df.to_dict("records")}
    blocking = _blocking_recall(rows, true_pairs)
    del rows
    t1 = time.perf_counter()
    model = engine.model_json(engine.train(df, evidence=False))
    if save_model:  # the shipped default: lachan/linkage/data/default_model.json
        import json
        from pathlib import Path

        Path(save_model).write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n")
    linker = engine.linker_for(df, model, evidence=False)
    t_train = time.perf_counter() - t1
    t2 = time.perf_counter()
    result = linker.inference.predict(threshold_match_probability=engine.REVIEW_FLOOR)
    predictions = result.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    t_predict = time.perf_counter() - t2
    total = time.perf_counter() - t0
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"features {t_features:.1f} s, training {t_train:.1f} s, prediction {t_predict:.1f} s;"
        f" end to end {total:.1f} s = {count / total:,.0f} records/s; peak RSS {peak_gb:.2f} GB"
    )
    print(f"blocking recall: {blocking:.4f}; pairs above review floor: {len(predictions)}")
    if count <= 100_000:
        print(f"compared pairs (blocking): {compared_pairs(df):,}")
    thresholds = [engine.MATCH_THRESHOLD if threshold is None else threshold]
    if sweep:
        thresholds = sorted({*thresholds, *THRESHOLD_GRID})
    for threshold in thresholds:
        s = _scores(_predicted(predictions, threshold), true_pairs)
        print(
            f"model    p>={threshold}: precision {s['precision']:.4f} recall {s['recall']:.4f}"
            f" F1 {s['f1']:.4f} (predicted {s['predicted']})"
        )
    if not baseline:
        return
    b0 = time.perf_counter()
    bdf = pd.DataFrame([baseline_row(r) for r in raw])
    blinker = engine.train(bdf, baseline=True, evidence=False)
    bpred = blinker.inference.predict(threshold_match_probability=engine.REVIEW_FLOOR)
    bp = bpred.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    btotal = time.perf_counter() - b0
    for threshold in thresholds:
        s = _scores(_predicted(bp, threshold), true_pairs)
        print(
            f"baseline p>={threshold}: precision {s['precision']:.4f} recall {s['recall']:.4f}"
            f" F1 {s['f1']:.4f} (predicted {s['predicted']}); {count / btotal:,.0f} records/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument(
        "--choose-threshold-on",
        type=lambda text: [int(seed) for seed in text.split(",")],
        default=None,
        metavar="SEED[,SEED…]",
    )
    parser.add_argument("--province-only", action="store_true")
    parser.add_argument("--save-model", default="", metavar="PATH")
    args = parser.parse_args()
    threshold = None
    if args.choose_threshold_on is not None:
        _django.setup()
        threshold = choose_threshold(
            args.records, args.choose_threshold_on, province_only=args.province_only
        )
    run(
        args.records,
        seed=args.seed,
        baseline=not args.no_baseline,
        sweep=args.sweep,
        threshold=threshold,
        province_only=args.province_only,
        save_model=args.save_model,
    )


if __name__ == "__main__":
    main()
