"""Baseline for the lexicon: a logistic regression on character n-grams, trained on the
dev split, measured on the test split (trafficking_related and exploitation type).

Needs scikit-learn, which Lá Chắn does not depend on (run it with any Python that has
it: ``python bench/triage/compare_linear.py``). Reads the JSONL directly, no Django.
Nothing it trains is kept: this only tells whether a learned model would beat the
transparent lexicon on this data."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.pipeline import make_pipeline

DATA = Path(__file__).resolve().parents[2] / "lachan/tips/triage/data/eval_tips.jsonl"


def fold(text: str) -> str:
    """Like lachan.core.text.fold: lower case, no diacritics, đ→d."""
    text = unicodedata.normalize("NFC", text).casefold().replace("đ", "d")
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    return " ".join(stripped.split())


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]

    def model() -> object:
        return make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=fold),
            LogisticRegression(max_iter=2000, C=10.0, class_weight="balanced"),
        )

    related = model()
    related.fit([r["text"] for r in dev], [r["trafficking_related"] for r in dev])  # type: ignore[attr-defined]
    predicted = related.predict([r["text"] for r in test])  # type: ignore[attr-defined]
    gold = [r["trafficking_related"] for r in test]
    p, r, f, _ = precision_recall_fscore_support(gold, predicted, average="binary")
    print(f"trafficking_related: precision {p:.2f} recall {r:.2f} F1 {f:.2f} (n={len(test)})")

    typed_dev = [x for x in dev if x["exploitation_type"]]
    typed_test = [x for x in test if x["exploitation_type"]]
    types = model()
    types.fit([x["text"] for x in typed_dev], [x["exploitation_type"] for x in typed_dev])  # type: ignore[attr-defined]
    predicted_types = types.predict([x["text"] for x in typed_test])  # type: ignore[attr-defined]
    macro = f1_score([x["exploitation_type"] for x in typed_test], predicted_types, average="macro")
    print(f"exploitation type (tips with a type, n={len(typed_test)}): macro-F1 {macro:.2f}")


if __name__ == "__main__":
    main()
