"""Linkage at scale: 1,000,000 records end to end, stage by stage (issue 8).

    /usr/bin/time -v .venv/bin/python -m bench.linkage.bench_scale --records 1000000

Generates the seeded multi-agency records of ``generate_records`` (not timed), then
times the three stages of a full run as the application does them (``relink_execute``):
features (records → comparison columns), training (``engine.trained_model``: λ, u by
random sampling, EM on a sample of ``engine.TRAIN_SAMPLE`` records) and prediction
(``engine.predict``: one blocking rule or one hash part of a large rule at a time, only
pairs above ``engine.REVIEW_FLOOR`` kept). Prints wall and CPU time per stage, peak
RSS at the end of prediction, the partitions, then (not timed) blocking recall and the
pairs compared — both evaluated by DuckDB with the blocking rules the model carries —
and precision / recall / F1 at the match threshold.

Quality at 10,000 records and the baseline comparison: ``bench_linkage``.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from collections import defaultdict
from typing import Any

from bench import _django


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def true_pairs_frame(truth: dict[str, int]) -> Any:
    """Pairs (a < b) of records of one person."""
    import pandas as pd

    groups: dict[int, list[str]] = defaultdict(list)
    for record_id, pid in truth.items():
        groups[pid].append(record_id)
    pairs = [
        pair
        for members in groups.values()
        if len(members) > 1
        for pair in itertools.combinations(sorted(members), 2)
    ]
    return pd.DataFrame(pairs, columns=["a", "b"])


def _rule_sqls(linker: Any) -> list[str]:
    rules = linker._settings_obj._blocking_rules_to_generate_predictions
    return [r.blocking_rule_sql for r in rules]


def _table(linker: Any) -> str:
    return str(next(iter(linker._input_tables_dict.values())).physical_name)


def blocking_recall(linker: Any, pairs: Any) -> float:
    """Share of true pairs that any of the linker's blocking rules generates."""
    if pairs.empty:
        return 1.0
    con, table = linker._db_api._con, _table(linker)
    con.register("bench_true_pairs", pairs)
    any_rule = " OR ".join(f"coalesce(({sql}), false)" for sql in _rule_sqls(linker))
    # Either order: a rule may be written for one direction (birth year + 1).
    one, other = (
        f"SELECT p.a, p.b FROM bench_true_pairs p JOIN {table} l ON l.unique_id = p.{x}"  # noqa: S608
        f" JOIN {table} r ON r.unique_id = p.{y} WHERE {any_rule}"
        for x, y in (("a", "b"), ("b", "a"))
    )
    sql = f"SELECT count(*) FROM ({one} UNION {other})"  # noqa: S608  (the rules' own SQL)
    found = int(con.execute(sql).fetchall()[0][0])
    con.unregister("bench_true_pairs")
    return found / len(pairs)


def compared_pairs(linker: Any) -> int:
    """Pairs the blocking rules generate, each once (counted, not materialised)."""
    con, table = linker._db_api._con, _table(linker)
    rules = _rule_sqls(linker)
    total = 0
    for k, rule in enumerate(rules):
        earlier = " OR ".join(f"coalesce(({r}), false)" for r in rules[:k]) or "false"
        total += con.execute(
            f"SELECT count(*) FROM {table} l JOIN {table} r ON ({rule})"  # noqa: S608
            f" WHERE l.unique_id < r.unique_id AND NOT ({earlier})"
        ).fetchall()[0][0]
    return int(total)


def scores(predictions: Any, pairs: Any, threshold: float, implied: Any) -> dict[str, float]:
    """Pairwise scores of the pairs at or above ``threshold`` and the ``implied`` ones
    (joined through other records: what the system proposes)."""
    kept = predictions[predictions["match_probability"] >= threshold]
    left = kept["unique_id_l"].where(kept["unique_id_l"] < kept["unique_id_r"], kept["unique_id_r"])
    right = kept["unique_id_r"].where(
        kept["unique_id_l"] < kept["unique_id_r"], kept["unique_id_l"]
    )
    predicted = set(zip(left, right, strict=True))
    predicted |= {(link.left, link.right) for link in implied}
    truth = set(zip(pairs["a"], pairs["b"], strict=True))
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": len(predicted)}


def run(count: int, *, seed: int, count_compared: bool) -> None:
    _django.setup()
    from bench.linkage.generate_records import generate, to_link_record
    from lachan.linkage import engine

    started = time.perf_counter()
    raw = generate(count, seed)
    pairs = true_pairs_frame({r.record_id: r.truth for r in raw})
    print(f"generated {count:,} records in {time.perf_counter() - started:.1f} s (not timed);")
    print(f"true pairs: {len(pairs):,}")

    cpu0, t0 = _cpu(), time.perf_counter()
    records = [to_link_record(r) for r in raw]
    del raw
    df = engine.frame(records)
    del records
    cpu1, t1 = _cpu(), time.perf_counter()
    model = engine.trained_model(df)
    cpu2, t2 = _cpu(), time.perf_counter()
    linker = engine.linker_for(df, model, evidence=False)
    parts = engine.partitions(linker)
    columns = ["unique_id_l", "unique_id_r", "match_probability"]
    predictions = engine.predict(linker, columns=columns)
    implied = engine.implied_links(
        zip(
            predictions["unique_id_l"],
            predictions["unique_id_r"],
            predictions["match_probability"],
            strict=True,
        )
    )
    cpu3, t3 = _cpu(), time.perf_counter()
    peak = _peak_gb()
    rules = len({p.rule for p in parts})
    print(f"features   {t1 - t0:7.1f} s wall, {cpu1 - cpu0:7.1f} s CPU")
    print(
        f"training   {t2 - t1:7.1f} s wall, {cpu2 - cpu1:7.1f} s CPU"
        f" (sample {engine.TRAIN_SAMPLE:,})"
    )
    print(
        f"prediction {t3 - t2:7.1f} s wall, {cpu3 - cpu2:7.1f} s CPU"
        f" ({rules} rules in {len(parts)} partitions; {len(implied):,} pairs implied by chains)"
    )
    print(
        f"end to end {t3 - t0:7.1f} s wall, {cpu3 - cpu0:7.1f} s CPU"
        f" = {count / (t3 - t0):,.0f} records/s; peak RSS {peak:.2f} GB"
    )
    print(f"pairs above the review floor ({engine.REVIEW_FLOOR}): {len(predictions):,}")
    print(f"blocking recall: {blocking_recall(linker, pairs):.4f}")
    if count_compared:
        print(f"pairs compared: {compared_pairs(linker):,}")
    engine.close(linker)
    s = scores(predictions, pairs, engine.MATCH_THRESHOLD, implied)
    print(
        f"p>={engine.MATCH_THRESHOLD}: precision {s['precision']:.4f} recall {s['recall']:.4f}"
        f" F1 {s['f1']:.4f} (predicted {s['predicted']:,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--count-compared", action="store_true")
    args = parser.parse_args()
    run(args.records, seed=args.seed, count_compared=args.count_compared)


if __name__ == "__main__":
    main()
