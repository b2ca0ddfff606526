"""The linkage model: splink (Fellegi–Sunter, parameters by EM) on DuckDB in memory.

``link(records)`` runs the whole thing on a list of in-memory records: features,
training (u by random sampling, m by expectation maximisation on two independent
blocking passes, λ from deterministic rules), prediction over the blocking rules, and
returns the scored pairs with each comparison's level and Bayes factor (the evidence the
review queue shows). ``score_against(model, new, candidates)`` scores one new record
against a few candidates with an already trained model (the incremental check).

DuckDB runs in memory (``:memory:``): plaintext features never reach a file. Splink on
Spark is the way out when one machine is not enough (same settings).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lachan.linkage.features import LinkRecord, feature_rows, features

if TYPE_CHECKING:  # pandas is imported where used: importing this module stays cheap
    import pandas as pd

# A pair at or above this match probability is proposed as the same person (chosen on
# the generated data, docs/benchmarks.md (linkage)); pairs above REVIEW_FLOOR are kept
# for the review queue ("not sure" territory included).
MATCH_THRESHOLD = 0.5
# Parameters are estimated on at most this many records (a random sample): m and u do
# not need more, and EM's blocked pairs grow with the square of the records.
TRAIN_SAMPLE = 150_000
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


def comparisons() -> list[Any]:
    """The Vietnamese-aware comparisons (see the module doc of ``features``)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname_fold"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts="exact with diacritics"
            ),
            cll.ExactMatchLevel("surname_fold", term_frequency_adjustments=True).configure(
                label_for_charts="same without diacritics"
            ),
            cll.CustomLevel(
                '"given_fold_l" = "surname_fold_r" AND "surname_fold_l" = "given_fold_r"',
                "surname and given swapped",
            ),
            cll.JaroWinklerLevel("surname_fold", 0.88),
            cll.ElseLevel(),
        ],
    )
    given = cl.CustomComparison(
        output_column_name="given",
        comparison_levels=[
            cll.NullLevel("given_fold"),
            cll.ExactMatchLevel("given", term_frequency_adjustments=True).configure(
                label_for_charts="exact with diacritics"
            ),
            cll.ExactMatchLevel("given_fold", term_frequency_adjustments=True).configure(
                label_for_charts="same without diacritics"
            ),
            cll.CustomLevel(
                '"given_fold_l" = "surname_fold_r" AND "surname_fold_l" = "given_fold_r"',
                "surname and given swapped",
            ),
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
            cll.ExactMatchLevel("middle").configure(label_for_charts="exact with diacritics"),
            cll.ExactMatchLevel("middle_fold").configure(
                label_for_charts="same without diacritics"
            ),
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
            cll.CustomLevel(
                '"birth_year_l" = "birth_year_r" AND ("dob_l" IS NULL OR "dob_r" IS NULL)',
                "same year, year only",
            ),
            cll.CustomLevel('"birth_year_l" = "birth_year_r"', "same year, dates differ"),
            cll.CustomLevel('abs("birth_year_l" - "birth_year_r") = 1', "year ±1"),
            cll.ElseLevel(),
        ],
    )
    place = cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("province"),
            cll.ExactMatchLevel("province").configure(label_for_charts="same province"),
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
    ("sg_key", "birth_year"),  # surname and given, in either order
    ("sg_key", "province"),
    ("given_fold", "birth_year", "province"),  # a typo in the surname
    ("surname_fold", "birth_year", "province", "sex"),  # a typo in the given name
    ("surname_fold", "dob"),
    # A typo in the surname or given name with no birth year on one side, or a surname
    # written last: the rest of the name and the province (+1% blocking recall and
    # +0.2–0.3 points of F1 at 10,000 records for +34% compared pairs; all keyed by
    # province, so they partition with it at scale).
    ("middle_strong", "given_fold", "province"),
    ("surname_fold", "middle_strong", "province"),
    ("middle_fold", "given_fold", "province"),
)


def blocking_rules() -> list[Any]:
    from splink import block_on

    return [block_on(*keys) for keys in BLOCKING_KEYS]


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


def _duckdb_api() -> Any:
    import logging

    import duckdb
    from splink import DuckDBAPI

    logging.getLogger("splink").setLevel(logging.WARNING)

    connection = duckdb.connect(":memory:")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


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
        max_pairs=min(2e6, max(1e5, n * 5.0)), seed=seed
    )
    for rule in em_passes:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_u_probabilities=True
        )
    # λ needs no correction: a uniform sample keeps both the true pairs and all pairs
    # at the same share (f² each).
    return linker


def linker_for(df: pd.DataFrame, model: dict[str, Any], *, evidence: bool = True) -> Any:
    """A linker over ``df`` with already estimated parameters (no training)."""
    from splink import Linker

    settings = copy.deepcopy(model)
    settings["retain_intermediate_calculation_columns"] = evidence
    settings["retain_matching_columns"] = evidence
    return Linker(df, settings, db_api=_duckdb_api())


def predict(linker: Any, *, threshold: float = REVIEW_FLOOR) -> pd.DataFrame:
    result = linker.inference.predict(threshold_match_probability=threshold)
    return result.as_pandas_dataframe()


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
