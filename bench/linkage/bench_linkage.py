"""Linkage benchmark: precision, recall, F1, blocking recall, records/s.

    .venv/bin/python -m bench.linkage.bench_linkage --records 10000
    .venv/bin/python -m bench.linkage.bench_linkage --records 1000000 --no-baseline

Generates seeded multi-agency records with known truth (``generate_records``), links
them with the Vietnamese-aware model and with the naive baseline (raw strings, same
library, same training), and prints the figures. Pairwise evaluation: a true pair is
two records of the same person. Peak memory is the process's maximum RSS (children
included: DuckDB runs in-process).
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
    from lachan.linkage.engine import BLOCKING_KEYS

    if not true_pairs:
        return 1.0
    found = 0
    for a, b in true_pairs:
        left, right = rows[a], rows[b]
        for keys in BLOCKING_KEYS:
            if all(left[k] is not None and left[k] == right[k] for k in keys):
                found += 1
                break
    return found / len(true_pairs)


def _scores(predicted: set[tuple[str, str]], true_pairs: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & true_pairs)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": len(predicted)}


def run(count: int, *, seed: int, baseline: bool, sweep: bool) -> None:
    _django.setup()
    import pandas as pd

    from bench.linkage.generate_records import baseline_row, generate, to_link_record
    from lachan.linkage import engine

    started = time.perf_counter()
    raw = generate(count, seed)
    print(f"generated {count} records in {time.perf_counter() - started:.1f} s")
    truth = {r.record_id: r.truth for r in raw}
    true_pairs = _true_pairs(truth)
    print(f"true pairs: {len(true_pairs)}; people: {len(set(truth.values()))}")

    t0 = time.perf_counter()
    records = [to_link_record(r) for r in raw]
    df = engine.frame(records)
    t_features = time.perf_counter() - t0
    rows = {row["unique_id"]: row for row in df.to_dict("records")}
    blocking = _blocking_recall(rows, true_pairs)
    del rows
    t1 = time.perf_counter()
    model = engine.model_json(engine.train(df, evidence=False))
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
    thresholds = [engine.MATCH_THRESHOLD]
    if sweep:
        thresholds = [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]
    for threshold in thresholds:
        kept = predictions[predictions["match_probability"] >= threshold]
        pairs = zip(kept["unique_id_l"], kept["unique_id_r"], strict=True)
        predicted = {_key(a, b) for a, b in pairs}
        s = _scores(predicted, true_pairs)
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
        kept = bp[bp["match_probability"] >= threshold]
        pairs = zip(kept["unique_id_l"], kept["unique_id_r"], strict=True)
        predicted = {_key(a, b) for a, b in pairs}
        s = _scores(predicted, true_pairs)
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
    args = parser.parse_args()
    run(args.records, seed=args.seed, baseline=not args.no_baseline, sweep=args.sweep)


if __name__ == "__main__":
    main()
