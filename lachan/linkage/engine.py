"""The linkage model: splink (Fellegi–Sunter, parameters by EM) on DuckDB in memory.

``frame`` → ``trained_model`` → ``linker_for`` → ``predict`` → ``scored_pairs`` run the
whole thing on a list of in-memory records: features, training (u by random sampling,
m by expectation maximisation on blocking passes that leave the estimated comparisons
free, λ from deterministic rules), prediction over the blocking rules, and the scored
pairs with each comparison's level and Bayes factor (the evidence the review queue
shows); ``with_implied_links`` adds the pairs joined through a third record by
near-certain pairs. ``score_against(model, new, candidates)`` scores one new record
against a few candidates with an already trained model (the incremental check).

DuckDB runs in memory (``:memory:``): plaintext features never reach a file. Splink on
Spark is the way out when one machine is not enough (same settings).
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lachan.linkage.features import LinkRecord, feature_rows, features

if TYPE_CHECKING:  # pandas is imported where used: importing this module stays cheap
    import pandas as pd

# A pair at or above this match probability is proposed as the same person (chosen on
# the generated data, docs/benchmarks.md (linkage)); pairs above REVIEW_FLOOR are kept
# for the review queue ("not sure" territory included).
MATCH_THRESHOLD = 0.7
# Parameters are estimated on at most this many records (a uniform random sample): m and
# u do not need more, and EM's blocked pairs grow with the square of the sample (at
# 100,000: ≈ 3 million pairs in the birth year × province pass; docs/benchmarks.md).
TRAIN_SAMPLE = 100_000
# u by random sampling: at most this many random pairs.
U_MAX_PAIRS = 2_000_000
REVIEW_FLOOR = 0.2

COMPARISON_NAMES = (
    "surname",
    "middle",
    "given",
    "birth",
    "place",
    "sex",
    "documents",
    "phones",
)


def _null_either(column: str) -> str:
    return f'("{column}_l" IS NULL OR "{column}_r" IS NULL)'


def _empty_either(column: str) -> str:
    return (
        f'("{column}_l" IS NULL OR "{column}_r" IS NULL '
        f'OR len("{column}_l") = 0 OR len("{column}_r") = 0)'
    )


def _slip(part: str) -> str:
    """One typing slip apart (a letter dropped, doubled, changed, or two swapped) where
    one side is no Vietnamese syllable ("Trang" / "Tranng", "Hậu" / "Huậ"): a typo,
    not two names one letter apart ("Lan" / "Loan"; ``lachan.core.syllables``)."""
    # The cheap test first: most pairs are two well-formed names.
    return (
        f'NOT ("{part}_ok_l" AND "{part}_ok_r") '
        f'AND damerau_levenshtein("{part}_fold_l", "{part}_fold_r") <= 1'
    )


_PROVINCE_ONLY = '"province_l" = "province_r" AND (len("area_l") = 0 OR len("area_r") = 0)'
_SWAPPED = '"given_fold_l" = "surname_fold_r" AND "surname_fold_l" = "given_fold_r"'


# Half of the term-frequency adjustment: people who share a rare name are often
# relatives living in the same commune, so agreeing on a rare name says less than its
# national frequency suggests (chosen on held-out seeds, docs/benchmarks.md (linkage)).
TF_WEIGHT = 0.5


def _tf(on: bool) -> dict[str, Any]:
    return {"tf_adjustment_weight": TF_WEIGHT} if on else {}


def _diacritic_levels(part: str, *, term_frequencies: bool = True) -> list[Any]:
    """Exact with diacritics above the same letters without them ("Hường" = "Hường"
    weighs more than "Hường" ~ "HUONG"). Splitting the second level by whether one
    record was typed without any diacritics was tried: no gain (docs/benchmarks.md)."""
    import splink.comparison_level_library as cll

    return [
        cll.ExactMatchLevel(part, term_frequency_adjustments=term_frequencies).configure(
            label_for_charts="exact with diacritics", **_tf(term_frequencies)
        ),
        cll.ExactMatchLevel(f"{part}_fold", term_frequency_adjustments=term_frequencies).configure(
            label_for_charts="same without diacritics", **_tf(term_frequencies)
        ),
    ]


# Two exact dates of one person differ only when one was mis-entered. A typing slip
# (one digit, two digits swapped, day and month swapped) is taken as 1% of pairs; dates
# further apart as 0.2%. True pairs of generated data never show either, so EM cannot
# estimate them and would leave the levels untrained (neutral in the incremental check).
_DATE_SLIP: dict[str, Any] = {"m_probability": 0.01, "fix_m_probability": True}
_MISENTERED_DATE: dict[str, Any] = {"m_probability": 0.002, "fix_m_probability": True}
_DATE_SLIP_SQL = (
    '"dob_l" IS NOT NULL AND "dob_r" IS NOT NULL AND ('
    'damerau_levenshtein("dob_l", "dob_r") <= 1 OR (left("dob_l", 4) = left("dob_r", 4) '
    'AND substr("dob_l", 6, 2) = substr("dob_r", 9, 2) '
    'AND substr("dob_l", 9, 2) = substr("dob_r", 6, 2)))'
)


# A person recorded in another legacy province of the same current province moved
# (taken as 1% of pairs, like the 3% + 2% of moves the benchmark data has in all):
# generated true pairs almost never show it, so EM leaves it untrained.
_MOVED: dict[str, Any] = {"m_probability": 0.01, "fix_m_probability": True}


def comparisons() -> list[Any]:
    """The Vietnamese-aware comparisons (see the module doc of ``features``)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname_fold"),
            *_diacritic_levels("surname"),
            cll.CustomLevel(_SWAPPED, "surname and given swapped"),
            cll.CustomLevel(_slip("surname"), "one typing slip apart"),
            cll.JaroWinklerLevel("surname_fold", 0.88),
            cll.ElseLevel(),
        ],
    )
    given = cl.CustomComparison(
        output_column_name="given",
        comparison_levels=[
            cll.NullLevel("given_fold"),
            *_diacritic_levels("given"),
            cll.CustomLevel(_SWAPPED, "surname and given swapped"),
            cll.CustomLevel(_slip("given"), "one typing slip apart"),
            cll.JaroWinklerLevel("given_fold", 0.88),
            cll.ElseLevel(),
        ],
    )
    middle = cl.CustomComparison(
        output_column_name="middle",
        comparison_levels=[
            cll.CustomLevel(
                '("middle_fold_l" IS NULL AND "middle_fold_r" IS NULL)', "both without"
            ).configure(is_null_level=True),
            *_diacritic_levels("middle", term_frequencies=False),
            cll.CustomLevel('(("middle_fold_l" IS NULL) <> ("middle_fold_r" IS NULL))', "dropped"),
            cll.CustomLevel(
                "coalesce(\"middle_strong_l\", '') = coalesce(\"middle_strong_r\", '')",
                "differs only by Thị/Văn",
            ),
            cll.ElseLevel(),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.CustomLevel(_null_either("birth_year"), "unknown").configure(is_null_level=True),
            cll.CustomLevel('"dob_l" = "dob_r"', "same date"),
            cll.CustomLevel(_DATE_SLIP_SQL, "dates one typing slip apart").configure(**_DATE_SLIP),
            cll.CustomLevel(
                '"birth_year_l" = "birth_year_r" AND ("dob_l" IS NULL OR "dob_r" IS NULL)',
                "same year, year only",
            ),
            cll.CustomLevel('"birth_year_l" = "birth_year_r"', "same year, dates differ").configure(
                **_MISENTERED_DATE
            ),
            # ±1 is the border's approximate year; two exact dates a year apart are not.
            cll.CustomLevel(
                'abs("birth_year_l" - "birth_year_r") = 1 AND ("dob_l" IS NULL OR "dob_r" IS NULL)',
                "year ±1",
            ),
            cll.CustomLevel(
                'abs("birth_year_l" - "birth_year_r") = 1', "year ±1, dates differ"
            ).configure(**_MISENTERED_DATE),
            cll.ElseLevel(),
        ],
    )
    # Communes are lists of current codes (a legacy commune split in 2025 has several);
    # "area" is the current communes of a legacy district a record names instead.
    place = cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("province"),
            cll.CustomLevel(
                'list_has_any("communes_l", "communes_r") AND "village_l" = "village_r"',
                "same commune and village",
            ),
            cll.CustomLevel(
                'list_has_any("communes_l", "communes_r") '
                'AND "village_l" IS NOT NULL AND "village_r" IS NOT NULL',
                "same commune, other village",
            ),
            cll.CustomLevel('list_has_any("communes_l", "communes_r")', "same commune"),
            cll.CustomLevel('list_has_any("area_l", "area_r")', "same district area"),
            # One side names the province only: a legacy name pins a legacy province
            # (current provinces merged two or three), which the other side's commune
            # confirms or contradicts.
            cll.CustomLevel(
                f'{_PROVINCE_ONLY} AND "legacy_province_l" = "legacy_province_r"',
                "same legacy province, no commune on one side",
            ),
            cll.CustomLevel(
                f'{_PROVINCE_ONLY} AND "legacy_province_l" <> "legacy_province_r"',
                "same province, other legacy province, no commune on one side",
            ).configure(**_MOVED),
            cll.CustomLevel(_PROVINCE_ONLY, "same province, no commune on one side"),
            cll.CustomLevel('"province_l" = "province_r"', "same province, other commune"),
            cll.ElseLevel(),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
    )
    documents = cl.CustomComparison(
        output_column_name="documents",
        comparison_levels=[
            cll.CustomLevel(_empty_either("documents"), "no document on one side").configure(
                is_null_level=True
            ),
            cll.CustomLevel('list_has_any("documents_l", "documents_r")', "same document"),
            # One digit mistyped or two neighbours swapped in the same kind of document.
            cll.CustomLevel(
                "split_part(\"document1_l\", ':', 1) = split_part(\"document1_r\", ':', 1) "
                'AND damerau_levenshtein("document1_l", "document1_r") <= 1',
                "same document, one digit off",
            ),
            cll.CustomLevel(
                'list_has_any("document_kinds_l", "document_kinds_r")',
                "conflicting document",
            ),
            cll.ElseLevel(),
        ],
    )
    phones = cl.CustomComparison(
        output_column_name="phones",
        comparison_levels=[
            cll.CustomLevel(_empty_either("phones"), "no phone on one side").configure(
                is_null_level=True
            ),
            cll.CustomLevel('list_has_any("phones_l", "phones_r")', "same phone"),
            cll.ElseLevel(),
        ],
    )
    return [surname, middle, given, birth, place, sex, documents, phones]


# Candidate generation: a pair is compared when the two records agree on every column
# of any one of these keys (blocking recall measured in docs/benchmarks.md (linkage)).
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("document1",),
    ("phone1",),
    ("sg_key", "birth_year"),  # surname and given in either order, as letter sets
    ("sg_key", "province"),
    ("given_fold", "birth_year", "province"),  # a typo in the surname
    ("surname_key", "birth_year", "province", "sex"),  # a typo in the given name
    ("surname_key", "dob"),
    # A typo in the surname or given name with no birth year on one side, or a surname
    # written last: the rest of the name and the province (+1% blocking recall and
    # +0.2–0.3 points of F1 at 10,000 records for +34% compared pairs; all keyed by
    # province, so they partition with it at scale).
    ("middle_strong", "given_fold", "province"),
    ("surname_key", "middle_strong", "province"),
    ("middle_fold", "given_fold", "province"),
    # Same commune, same date of birth: names mistyped beyond the rules above or the
    # surname and given name both changed ("LONG DUC TAN" / "Trần Đức Long"). Cheap.
    ("commune1", "dob"),
)
# Keys compared when the birth years differ by exactly one (the border's approximate
# year) and nothing else is shared: the whole folded name. Cheap (name × adjacent
# year), and it recovers pairs where one side has no place.
NEAR_YEAR_KEYS: tuple[tuple[str, ...], ...] = (("name_fold",),)


def _near_year_rules() -> list[str]:
    rules = []
    for keys in NEAR_YEAR_KEYS:
        same = " AND ".join(f'l."{k}" = r."{k}"' for k in keys)
        # Both directions: splink keeps only l.unique_id < r.unique_id of each rule.
        rules.append(f'{same} AND l."birth_year" + 1 = r."birth_year"')
        rules.append(f'{same} AND l."birth_year" - 1 = r."birth_year"')
    return rules


def blocking_rules() -> list[Any]:
    from splink import block_on

    return [*(block_on(*keys) for keys in BLOCKING_KEYS), *_near_year_rules()]


def baseline_comparisons() -> list[Any]:
    """The naive model: raw strings as typed, same library and training."""
    import splink.comparison_library as cl

    return [
        cl.JaroWinklerAtThresholds("raw_name", [0.92, 0.8]),
        cl.ExactMatch("raw_birth"),
        cl.ExactMatch("raw_place"),
        cl.ExactMatch("raw_phone"),
        cl.ExactMatch("raw_document"),
        cl.ExactMatch("sex"),
    ]


def baseline_blocking_rules() -> list[Any]:
    from splink import block_on

    return [
        block_on("raw_name"),
        block_on("raw_phone"),
        block_on("raw_document"),
        block_on("raw_birth", "raw_place"),
    ]


def _settings(comparison_list: list[Any], rules: list[Any], *, evidence: bool) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparison_list,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=evidence,
        retain_matching_columns=evidence,
        max_iterations=20,
        em_convergence=0.001,
    )


# DuckDB's working memory cap and threads. Beyond the cap DuckDB spills to
# ``spill_directory()`` — plaintext features, so a private directory, removed after the
# run (``close``). Prediction is partitioned (``predict``) so that it stays well inside.
DUCKDB_MEMORY_LIMIT = "4GB"
# Blocked pairs materialised at a time by ``predict`` (a partition of one rule's
# pairs): ~50 bytes a pair in DuckDB, so ~1 GB.
PAIRS_PER_PARTITION = 20_000_000


def _threads() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def _duckdb_api() -> Any:
    import logging
    import tempfile

    import duckdb
    from splink import DuckDBAPI

    logging.getLogger("splink").setLevel(logging.WARNING)

    connection = duckdb.connect(":memory:")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    connection.execute(f"SET threads = {_threads()}")
    # Private (0700) and removed by ``close``: DuckDB writes spilled pages of plaintext
    # features here only when the memory cap is reached.
    spill = tempfile.mkdtemp(prefix="lachan-linkage-")
    connection.execute(f"SET temp_directory = '{spill}'")
    api = DuckDBAPI(connection=connection)
    api.lachan_spill_directory = spill  # type: ignore[attr-defined]
    return api


def close(linker: Any) -> None:
    """Close the linker's DuckDB connection and remove its spill directory (features
    are plaintext personal data). Safe to call twice."""
    import shutil

    api = linker._db_api
    try:
        api._con.close()
    finally:
        spill = getattr(api, "lachan_spill_directory", None)
        if spill:
            shutil.rmtree(spill, ignore_errors=True)


def frame(records: Sequence[LinkRecord]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(feature_rows(records))


def train(df: pd.DataFrame, *, baseline: bool = False, evidence: bool = True, seed: int = 7) -> Any:
    """A splink linker over ``df`` with parameters estimated on it."""
    from splink import Linker, block_on

    deterministic: list[Any]
    em_passes: list[Any]
    if baseline:
        settings = _settings(baseline_comparisons(), baseline_blocking_rules(), evidence=False)
        deterministic = [block_on("raw_document"), block_on("raw_phone")]
        em_passes = [block_on("raw_birth"), block_on("raw_name")]
    else:
        settings = _settings(comparisons(), blocking_rules(), evidence=evidence)
        deterministic = [
            block_on("document1"),
            block_on("phone1"),
            block_on("surname_fold", "given_fold", "middle_fold", "birth_year", "province"),
        ]
        # Passes that each leave the other's comparisons free to be estimated. Pairs that
        # share a document or a phone are nearly all true matches, so names, birth and
        # place are estimated there, not among namesakes (who share a name block).
        em_passes = [
            block_on("birth_year", "province"),
            block_on("document1"),
            block_on("phone1"),
        ]
    n = len(df)
    sample = df.sample(n=TRAIN_SAMPLE, random_state=seed) if n > TRAIN_SAMPLE else df
    linker = Linker(sample, settings, db_api=_duckdb_api())
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(U_MAX_PAIRS, max(1e5, n * 5.0)), seed=seed
    )
    for rule in em_passes:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_u_probabilities=True
        )
    # λ needs no correction: a uniform sample keeps both the true pairs and all pairs
    # at the same share (f² each).
    return linker


def trained_model(df: pd.DataFrame, *, seed: int = 7) -> dict[str, Any]:
    """The parameters estimated on ``df`` (``model_json``); the training linker's
    DuckDB is closed at once (its memory back before prediction)."""
    linker = train(df, evidence=False, seed=seed)
    try:
        return model_json(linker)
    finally:
        close(linker)


def linker_for(df: pd.DataFrame, model: dict[str, Any], *, evidence: bool = True) -> Any:
    """A linker over ``df`` with already estimated parameters (no training)."""
    from splink import Linker

    settings = copy.deepcopy(model)
    settings["retain_intermediate_calculation_columns"] = evidence
    settings["retain_matching_columns"] = evidence
    return Linker(df, settings, db_api=_duckdb_api())


@dataclass(frozen=True)
class _Partition:
    rule: int  # position in the settings' blocking rules (splink's match_key)
    part: int
    parts: int


def _partition_keys(rule: Any) -> tuple[list[str], list[str]]:
    """The left and right sides of a rule's equalities of one column with itself
    (``l."province" = r."province"`` → ``l."province"``, ``r."province"``): hashing
    these puts a pair's two records in the same part. Equalities of expressions
    (``l."birth_year" + 1 = r."birth_year"``) are left out — their two sides may differ
    in type, and so in hash."""
    from sqlglot.optimizer.eliminate_joins import join_condition

    dialect = rule.sqlglot_dialect
    left, right, _ = join_condition(rule._parsed_join_condition)
    same = [
        (a.sql(dialect), b.sql(dialect))
        for (a, b), (bare_a, bare_b) in zip(
            zip(left, right, strict=True), rule._equi_join_conditions, strict=True
        )
        if bare_a == bare_b
    ]
    return [a for a, _ in same], [b for _, b in same]


def _rule_pairs(linker: Any, rule: Any, table: str) -> int:
    """Pairs a rule's equalities generate on their own (from the key groups' sizes: an
    upper bound of what the rule adds after the rules before it)."""
    conditions = rule._equi_join_conditions
    if not conditions:
        return 0

    def groups(side: int) -> str:
        keys = [c[side] for c in conditions]
        selected = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
        not_null = " AND ".join(f"({k}) IS NOT NULL" for k in keys)
        # The key expressions are the rule's own (settings), not user input.
        return f"SELECT {selected}, count(*) AS n FROM {table} WHERE {not_null} GROUP BY ALL"  # noqa: S608

    if all(a == b for a, b in conditions):
        sql = f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM ({groups(0)})"  # noqa: S608
    else:
        on = " AND ".join(f"a.k{i} = b.k{i}" for i in range(len(conditions)))
        sql = (
            f"SELECT coalesce(sum(a.n * b.n), 0) FROM ({groups(0)}) a JOIN ({groups(1)}) b ON {on}"  # noqa: S608
        )
    return int(linker._db_api._con.execute(sql).fetchall()[0][0])


def partitions(linker: Any, *, pairs_per_partition: int = PAIRS_PER_PARTITION) -> list[_Partition]:
    """Each blocking rule split into as many parts as its pairs need (by a hash of the
    rule's own key: a pair's two records always fall in the same part)."""
    rules = linker._settings_obj._blocking_rules_to_generate_predictions
    table = next(iter(linker._input_tables_dict.values())).physical_name
    found = []
    for index, rule in enumerate(rules):
        pairs = _rule_pairs(linker, rule, table) if _partition_keys(rule)[0] else 0
        parts = max(1, -(-pairs // pairs_per_partition))
        found += [_Partition(index, part, parts) for part in range(parts)]
    return found


def _partition_rule(rule: Any, partition: _Partition) -> Any:
    """The rule restricted to one part, still excluding the pairs of the rules before
    it (splink's own exclusion, so each pair is scored once, under the same match_key)."""
    from splink.internals.blocking import BlockingRule

    if partition.parts == 1:
        return rule
    left, right = _partition_keys(rule)
    n, p = partition.parts, partition.part
    sql = (
        f"({rule.blocking_rule_sql}) AND hash({', '.join(left)}) % {n} = {p}"
        f" AND hash({', '.join(right)}) % {n} = {p}"
    )
    restricted = BlockingRule(sql, sql_dialect_str=rule._sql_dialect_str)
    restricted.add_preceding_rules(rule.preceding_rules)  # type: ignore[no-untyped-call]
    return restricted


def predict_partitions(
    linker: Any,
    *,
    threshold: float = REVIEW_FLOOR,
    pairs_per_partition: int = PAIRS_PER_PARTITION,
    columns: Sequence[str] | None = None,
) -> Iterator[pd.DataFrame]:
    """The pairs above ``threshold``, one blocking rule (or one part of a large rule) at
    a time: only that part's blocked pairs are ever materialised, so memory stays
    bounded whatever the number of records; the scored pairs and their weights are
    exactly those of one ``linker.inference.predict`` over all rules (a test checks)."""
    settings = linker._settings_obj
    rules = list(settings._blocking_rules_to_generate_predictions)
    if not rules:  # every pair (splink's cartesian product): small inputs only
        result = linker.inference.predict(threshold_match_probability=threshold)
        frame = result.as_pandas_dataframe()
        result.drop_table_from_database_and_remove_from_cache()
        yield frame[list(columns)] if columns is not None else frame
        return
    try:
        for partition in partitions(linker, pairs_per_partition=pairs_per_partition):
            rule = rules[partition.rule]
            settings._blocking_rules_to_generate_predictions = [_partition_rule(rule, partition)]
            result = linker.inference.predict(threshold_match_probability=threshold)
            frame = result.as_pandas_dataframe()
            result.drop_table_from_database_and_remove_from_cache()
            yield frame[list(columns)] if columns is not None else frame
    finally:
        settings._blocking_rules_to_generate_predictions = rules


def predict(
    linker: Any,
    *,
    threshold: float = REVIEW_FLOOR,
    pairs_per_partition: int = PAIRS_PER_PARTITION,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """All pairs above ``threshold`` (see ``predict_partitions``)."""
    import pandas as pd

    frames = list(
        predict_partitions(
            linker, threshold=threshold, pairs_per_partition=pairs_per_partition, columns=columns
        )
    )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# u of a level random sampling never met (e.g. "same ID document": two random records
# share a CCCD about once in a million pairs).
U_FLOOR = 1e-6


def model_json(linker: Any) -> dict[str, Any]:
    """The trained settings (m/u per level, λ; term-frequency tables left out), with
    the u of never-sampled agreement levels set to ``U_FLOOR``."""
    settings: dict[str, Any] = linker.misc.save_model_to_json()
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level") or level["sql_condition"].strip().upper() == "ELSE":
                continue
            if not level.get("u_probability"):
                level["u_probability"] = U_FLOOR
    return settings


# Records joined by a chain of near-certain pairs (A–B and B–C at or above this) are
# one person even where their own comparison is weaker: A typed at the border and C
# at the commune share little, but both agree closely with B's full file. Chains are
# followed only inside small groups: a larger one is more likely two people joined by
# one wrong link, and is left to the review queue pair by pair (docs/benchmarks.md).
CLUSTER_THRESHOLD = 0.99
CLUSTER_MAX_RECORDS = 12


@dataclass(frozen=True)
class ImpliedLink:
    left: str
    right: str
    probability: float  # of the weakest pair on the strongest chain joining them
    through: str  # a record on that chain


def implied_links(
    pairs: Iterable[tuple[str, str, float]],
    *,
    cluster_threshold: float = CLUSTER_THRESHOLD,
    max_records: int = CLUSTER_MAX_RECORDS,
) -> list[ImpliedLink]:
    """Pairs of records joined through others by pairs at or above
    ``cluster_threshold`` but not directly by one (``left`` < ``right``)."""
    strong: dict[str, dict[str, float]] = {}
    for left, right, probability in pairs:
        if probability >= cluster_threshold and left != right:
            strong.setdefault(left, {})[right] = probability
            strong.setdefault(right, {})[left] = probability
    found: list[ImpliedLink] = []
    seen: set[str] = set()
    for start in sorted(strong):
        if start in seen:
            continue
        group = _group(strong, start)
        seen.update(group)
        if len(group) <= max_records:
            found += _links_within(strong, sorted(group))
    return found


def _group(strong: dict[str, dict[str, float]], start: str) -> set[str]:
    group, todo = {start}, [start]
    while todo:
        for other in strong[todo.pop()]:
            if other not in group:
                group.add(other)
                todo.append(other)
    return group


def _links_within(strong: dict[str, dict[str, float]], members: list[str]) -> list[ImpliedLink]:
    """Max–min chains between every two members (Floyd–Warshall on a dozen records at
    most), keeping one record each chain goes through."""
    best = {(a, b): strong[a].get(b, 0.0) for a in members for b in members if a != b}
    through: dict[tuple[str, str], str] = {}
    for k in members:
        for a in members:
            for b in members:
                if len({a, b, k}) < 3:
                    continue
                chained = min(best[a, k], best[k, b])
                if chained > best[a, b]:
                    best[a, b] = chained
                    through[a, b] = k
    return [
        ImpliedLink(a, b, best[a, b], through[a, b])
        for a, b in itertools.combinations(members, 2)
        if (a, b) in through
    ]


@dataclass
class FieldEvidence:
    comparison: str
    level: str
    weight: float  # log2 Bayes factor: > 0 speaks for, < 0 against


@dataclass
class ScoredPair:
    left: str
    right: str
    probability: float
    weight: float
    evidence: list[FieldEvidence] = field(default_factory=list)


def _level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        count = len(levels)
        labels[comparison["output_column_name"]] = {
            count - 1 - i: str(lv.get("label_for_charts", "")) for i, lv in enumerate(levels)
        }
    return labels


def scored_pairs(predictions: pd.DataFrame, model: dict[str, Any]) -> list[ScoredPair]:
    """Rows of a splink prediction as pairs with per-field evidence."""
    labels = _level_labels(model)
    pairs: list[ScoredPair] = []
    for row in predictions.to_dict("records"):
        evidence = []
        for name in COMPARISON_NAMES:
            gamma = int(row.get(f"gamma_{name}", -1))
            bf = row.get(f"bf_{name}")
            for tf_col in (f"bf_tf_adj_{name}",):
                if tf_col in row and row[tf_col] is not None and bf is not None:
                    bf = float(bf) * float(row[tf_col])
            weight = math.log2(float(bf)) if bf and float(bf) > 0 else 0.0
            level = "unknown" if gamma < 0 else labels.get(name, {}).get(gamma, str(gamma))
            evidence.append(FieldEvidence(name, level, round(weight, 2)))
        pairs.append(
            ScoredPair(
                left=str(row["unique_id_l"]),
                right=str(row["unique_id_r"]),
                probability=float(row["match_probability"]),
                weight=float(row["match_weight"]),
                evidence=evidence,
            )
        )
    return pairs


CHAIN_LEVEL = "joined through another record"


def _log2_odds(probability: float) -> float:
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(probability / (1 - probability))


def with_implied_links(pairs: list[ScoredPair], model: dict[str, Any]) -> list[ScoredPair]:
    """``pairs`` plus the pairs joined through other records (``implied_links``), each
    at the probability of its chain, with an evidence row "joined through another
    record" carrying the difference in weight. The record the chain goes through is
    not named: it may be outside the reviewer's reach."""
    by_key = {(p.left, p.right) if p.left < p.right else (p.right, p.left): p for p in pairs}
    prior = _log2_odds(float(model["probability_two_random_records_match"]))
    result = dict(by_key)
    for link in implied_links((p.left, p.right, p.probability) for p in pairs):
        own = by_key.get((link.left, link.right))
        weight = _log2_odds(link.probability)
        evidence = list(own.evidence) if own else []
        gained = weight - (own.weight if own else prior)
        evidence.append(FieldEvidence("chain", CHAIN_LEVEL, round(gained, 2)))
        result[link.left, link.right] = ScoredPair(
            link.left, link.right, link.probability, weight, evidence
        )
    return list(result.values())


def without_term_frequencies(model: dict[str, Any]) -> dict[str, Any]:
    """The model with term-frequency adjustments switched off: a handful of candidates
    is no sample to count name frequencies on (the full run has them)."""
    settings = copy.deepcopy(model)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return settings


def score_against(
    model: dict[str, Any], new: LinkRecord, candidates: Sequence[LinkRecord]
) -> list[ScoredPair]:
    """Score ``new`` against ``candidates`` with a trained model (no re-training).

    The same Fellegi–Sunter arithmetic splink does, on the model splink trained: each
    comparison level's own SQL condition is evaluated by DuckDB over the pairs
    (new × candidate), then the Bayes factors m/u of the levels found are summed with
    the prior. No term-frequency adjustment (see ``without_term_frequencies``). Doing
    it directly keeps one check well under a second (a splink ``Linker`` per call costs
    about 0.8 s of set-up)."""
    import duckdb

    if not candidates:
        return []
    settings = without_term_frequencies(model)
    left = features(new)
    rows = []
    for candidate in candidates:
        row = {f"{k}_l": v for k, v in left.items()}
        row.update({f"{k}_r": v for k, v in features(candidate).items()})
        rows.append(row)
    import pandas as pd

    pairs = pd.DataFrame(rows)  # noqa: F841  (read by DuckDB below)
    cases = []
    tables: dict[str, list[tuple[int, str, float]]] = {}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        gamma = len([lv for lv in levels if not lv.get("is_null_level")]) - 1
        whens = []
        table = []
        for level in levels:
            if level.get("is_null_level"):
                whens.append(f"WHEN {level['sql_condition']} THEN -1")
                table.append((-1, str(level.get("label_for_charts", "")), 1.0))
                continue
            m = level.get("m_probability")
            u = level.get("u_probability")
            bf = float(m) / float(u) if m and u else 1.0
            condition = level["sql_condition"]
            whens.append(
                f"ELSE {gamma}"
                if condition.strip().upper() == "ELSE"
                else f"WHEN {condition} THEN {gamma}"
            )
            table.append((gamma, str(level.get("label_for_charts", "")), bf))
            gamma -= 1
        cases.append(f'CASE {" ".join(whens)} END AS "gamma_{name}"')
        tables[name] = table
    connection = duckdb.connect(":memory:")
    try:
        # The conditions are the model's own (trained settings), no user input.
        query = f"SELECT unique_id_r, {', '.join(cases)} FROM pairs"  # noqa: S608
        result = connection.execute(query).fetchall()
    finally:
        connection.close()
    prior = float(settings["probability_two_random_records_match"])
    prior_weight = math.log2(prior / (1 - prior))
    scored = []
    for found in result:
        weight = prior_weight
        evidence = []
        for index, name in enumerate(tables):
            gamma = int(found[index + 1])
            label, bf = next((lb, b) for g, lb, b in tables[name] if g == gamma)
            field_weight = math.log2(bf) if bf > 0 else -30.0
            weight += field_weight
            evidence.append(
                FieldEvidence(name, "unknown" if gamma < 0 else label, round(field_weight, 2))
            )
        probability = 2**weight / (1 + 2**weight)
        scored.append(ScoredPair(new.record_id, str(found[0]), probability, weight, evidence))
    return scored
