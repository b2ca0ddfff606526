"""Vietnamese-aware features and the model's evidence on hand-made cases."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.linkage import engine
from lachan.linkage.features import LinkRecord, features, split_name
from lachan.linkage.places import province_codes
from lachan.linkage.services import default_model


def test_split_keeps_diacritics_and_folds() -> None:
    parts = split_name("Nguyễn Thị Hường")
    assert (parts.surname, parts.middle, parts.given) == ("nguyễn", "thị", "hường")
    assert (parts.surname_fold, parts.middle_fold, parts.given_fold) == ("nguyen", "thi", "huong")
    assert parts.reordered is False


def test_surname_written_last_is_repaired() -> None:
    parts = split_name("HUONG THI NGUYEN")
    assert (parts.surname_fold, parts.middle_fold, parts.given_fold) == ("nguyen", "thi", "huong")
    assert parts.reordered is True


def test_nfd_input_equals_nfc() -> None:
    nfd = "Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031b\u0300ng"
    assert split_name(nfd) == split_name("Nguyễn Thị Hường")


def test_weak_middle_names_and_identifiers_are_normalised() -> None:
    row = features(
        LinkRecord(
            "x",
            "Trần Thị Thu Mai",
            identifiers=(
                ("phone", "0912.345.678"),
                ("cccd", "031 301 012 345"),
                ("zalo", "0987654321"),
            ),
        )
    )
    assert row["middle_strong"] == "thu"
    assert row["phones"] == ["+84912345678", "+84987654321"]
    assert row["documents"] == ["cccd:031301012345"]
    assert row["document_kinds"] == ["cccd"]


def test_legacy_and_current_province_names_map_to_one_code() -> None:
    assert province_codes("Hà Giang") == ("08",)
    assert province_codes("Tuyên Quang") == ("08",)
    assert province_codes("XA CON CUONG, NGHE AN") == ("40",)
    assert province_codes("Bắc Giang") == province_codes("Bắc Ninh")
    assert province_codes("Atlantis") == ()


def _score(a: LinkRecord, b: LinkRecord) -> engine.ScoredPair:
    return engine.score_against(default_model(), a, [b])[0]


def _level(pair: engine.ScoredPair, comparison: str) -> tuple[str, float]:
    found = next(e for e in pair.evidence if e.comparison == comparison)
    return found.level, found.weight


HUONG = LinkRecord(
    "a", "Nguyễn Thị Hường", "female", "1997-05-14", 1997, ("40",),
    identifiers=(("phone", "0987 654 321"),),
)  # fmt: skip


def test_border_record_of_the_same_woman_is_a_match() -> None:
    border = LinkRecord("b", "NGUYEN THI HUONG", "female", "", 1998, ("40",),
                        identifiers=(("phone", "+84987654321"),))  # fmt: skip
    pair = _score(HUONG, border)
    assert pair.probability > 0.99
    assert _level(pair, "phones")[0] == "same phone"
    assert _level(pair, "given")[0] == "same without diacritics"
    assert _level(pair, "birth")[0] == "year ±1"


def test_diacritic_exact_weighs_more_than_folded() -> None:
    exact = _score(HUONG, LinkRecord("b", "Nguyễn Thị Hường", "female", "", 1997, ("40",)))
    folded = _score(HUONG, LinkRecord("b", "NGUYEN THI HUONG", "female", "", 1997, ("40",)))
    other_tone = _score(HUONG, LinkRecord("b", "Nguyễn Thị Hương", "female", "", 1997, ("40",)))
    assert _level(exact, "given")[0] == "exact with diacritics"
    assert _level(other_tone, "given")[0] == "same without diacritics"
    assert _level(exact, "given")[1] > _level(folded, "given")[1]
    assert _level(exact, "middle")[1] > _level(folded, "middle")[1]
    # Not asserted for the surname (nor so for the total): a folded surname loses almost
    # nothing ("nguyen" is only Nguyễn), and without term frequencies (the incremental
    # check) "Nguyễn" = "Nguyễn" is a common agreement among random pairs.


def test_dropped_middle_name_is_a_small_penalty() -> None:
    dropped = _score(HUONG, LinkRecord("b", "Nguyễn Hường", "female", "", 1997, ("40",)))
    level, weight = _level(dropped, "middle")
    assert level == "dropped"
    assert -2.0 < weight < 1.0
    other = _score(HUONG, LinkRecord("b", "Nguyễn Ngọc Hường", "female", "", 1997, ("40",)))
    assert _level(other, "middle")[1] < weight - 3


def test_surname_last_still_matches() -> None:
    pair = _score(HUONG, LinkRecord("b", "HUONG THI NGUYEN", "female", "", 1997, ("40",),
                                    identifiers=(("phone", "0987654321"),)))  # fmt: skip
    assert _level(pair, "surname")[0] == "same without diacritics"
    assert pair.probability > 0.99


def test_conflicting_id_is_strong_evidence_against() -> None:
    a = LinkRecord("a", "Trần Thị Mai", "female", "2001-09-02", 2001, ("31",),
                   identifiers=(("cccd", "031301012345"),))  # fmt: skip
    same = _score(a, LinkRecord("b", "Tran Thi Mai", "female", "", 2001, ("31",),
                                identifiers=(("cccd", "031 301 012 345"),)))  # fmt: skip
    other = _score(a, LinkRecord("b", "Tran Thi Mai", "female", "", 2001, ("31",),
                                 identifiers=(("cccd", "031301099999"),)))  # fmt: skip
    assert _level(same, "documents")[0] == "same document"
    assert _level(same, "documents")[1] > 8
    assert _level(other, "documents")[0] == "conflicting document"
    assert _level(other, "documents")[1] < -4
    unknown = _score(a, LinkRecord("b", "Tran Thi Mai", "female", "", 2001, ("31",)))
    assert same.probability > 0.999
    assert other.weight < unknown.weight - 5  # a conflicting number takes ~32× off the odds
    assert other.probability < unknown.probability < same.probability


@pytest.mark.parametrize(
    ("birth_date", "year", "level"),
    [
        ("1997-05-14", 1997, "same date"),
        ("", 1997, "same year, year only"),
        ("1997-01-01", 1997, "same year, dates differ"),
        ("", 1996, "year ±1"),
        ("", 1990, "All other comparisons"),
        ("", None, "unknown"),
    ],
)
def test_birth_levels(birth_date: str, year: Any, level: str) -> None:
    pair = _score(HUONG, LinkRecord("b", "Nguyễn Thị Hường", "female", birth_date, year, ("40",)))
    assert _level(pair, "birth")[0] == level


def test_direct_scoring_equals_splink_prediction() -> None:
    """score_against does splink's arithmetic on splink's model: same weights."""
    records = [
        HUONG,
        LinkRecord("b", "NGUYEN THI HUONG", "female", "", 1998, ("40",),
                   identifiers=(("phone", "+84987654321"),)),
        LinkRecord("c", "Nguyễn Hường", "female", "1997-05-14", 1997, ("08",)),
    ]  # fmt: skip
    model = engine.without_term_frequencies(default_model())
    model["blocking_rules_to_generate_predictions"] = []
    predictions = engine.predict(engine.linker_for(engine.frame(records), model), threshold=0.0)
    splink = {
        tuple(sorted((r["unique_id_l"], r["unique_id_r"]))): r["match_weight"]
        for r in predictions.to_dict("records")
    }
    ours = {
        tuple(sorted((p.left, p.right))): p.weight
        for p in engine.score_against(model, HUONG, records[1:])
    }
    for key, weight in ours.items():
        assert weight == pytest.approx(splink[key], abs=1e-6)
