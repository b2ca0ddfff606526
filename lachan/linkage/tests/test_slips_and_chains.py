"""Typing slips, what a CCCD number states, and records joined through others."""

from __future__ import annotations

import math

import pytest

from lachan.core.identifiers import citizen_id_facts
from lachan.core.syllables import is_syllable
from lachan.linkage import engine
from lachan.linkage.features import LinkRecord, features, surname_key
from lachan.linkage.services import default_model


@pytest.mark.parametrize(
    "token", ["nguyen", "huong", "quynh", "khuya", "nghieng", "oanh", "uyen", "gi", "pao"]
)
def test_vietnamese_syllables_pass(token: str) -> None:
    assert is_syllable(token)


@pytest.mark.parametrize(
    "token", ["nguyn", "ttrang", "hugn", "xuyeen", "tuhy", "llan", "ng", "phma", "ksor", "ho-a"]
)
def test_typing_slips_are_no_syllable(token: str) -> None:
    assert not is_syllable(token)


def test_mistyped_surnames_are_repaired_for_blocking_only() -> None:
    assert [surname_key(s) for s in ("nguyn", "hoag", "ccao", "phn", "tran", "tan")] == [
        "nguyen",
        "hoang",
        "cao",
        "phan",
        "tran",
        "tan",  # a syllable (and a given name): left alone
    ]
    row = features(LinkRecord("x", "Nguyn Thị Hường"))
    assert (row["surname_fold"], row["surname_key"], row["surname_ok"]) == (
        "nguyn",
        "nguyen",
        False,
    )


def test_cccd_states_birth_year_sex_and_province() -> None:
    facts = citizen_id_facts("079305012345")
    assert facts is not None
    assert (facts.birth_year, facts.sex, facts.province_code) == (2005, "female", "79")
    assert citizen_id_facts("123456789") is None  # a CMND states nothing


def test_cccd_fills_only_what_the_record_left_out() -> None:
    bare = features(LinkRecord("x", "Lò Văn Páo", identifiers=(("cccd", "014092012345"),)))
    assert (bare["birth_year"], bare["sex"], bare["legacy_province"]) == (1992, "male", "14")
    assert bare["province"] is not None
    stated = features(
        LinkRecord(
            "y",
            "Lò Thị Mỷ",
            sex="female",
            birth_year=1990,
            province_codes=("01",),
            identifiers=(("cccd", "014092012345"),),
        )
    )
    assert (stated["birth_year"], stated["sex"], stated["province"]) == (1990, "female", "01")


def test_thi_and_van_give_the_sex_when_none_was_recorded() -> None:
    assert features(LinkRecord("x", "Lê Thị Lan"))["sex"] == "female"
    assert features(LinkRecord("x", "LE VAN AN"))["sex"] == "male"
    assert features(LinkRecord("x", "Lê Minh An"))["sex"] is None


def _evidence(a: LinkRecord, b: LinkRecord) -> dict[str, engine.FieldEvidence]:
    scored = engine.score_against(default_model(), a, [b])[0]
    return {e.comparison: e for e in scored.evidence}


def test_a_typing_slip_speaks_for_and_a_different_name_against() -> None:
    base = LinkRecord("a", "Trần Thu Trang", sex="female", birth_year=1993)
    slip = _evidence(base, LinkRecord("b", "Trần Thu Tranng", sex="female", birth_year=1993))
    other = _evidence(
        LinkRecord("c", "Trần Thu Lan", sex="female", birth_year=1993),
        LinkRecord("d", "Trần Thu Loan", sex="female", birth_year=1993),
    )
    assert slip["given"].level == "one typing slip apart"
    assert slip["given"].weight > 0
    assert other["given"].level != "one typing slip apart"
    assert other["given"].weight < slip["given"].weight


def test_dates_one_slip_apart_weigh_more_than_other_dates() -> None:
    def birth(a: str, b: str) -> engine.FieldEvidence:
        return _evidence(
            LinkRecord("a", "Lê Thị Lan", birth_date=a), LinkRecord("b", "Lê Thị Lan", birth_date=b)
        )["birth"]

    swapped = birth("1990-03-07", "1990-07-03")  # day and month swapped
    digit = birth("1990-03-07", "1990-03-01")
    far = birth("1990-03-07", "1990-11-25")
    assert swapped.level == digit.level == "dates one typing slip apart"
    assert far.level == "same year, dates differ"
    assert swapped.weight > far.weight


def test_a_chain_of_near_certain_pairs_implies_the_missing_pair() -> None:
    links = engine.implied_links([("a", "b", 0.999), ("b", "c", 0.995), ("c", "d", 0.5)])
    assert [(x.left, x.right, x.probability, x.through) for x in links] == [("a", "c", 0.995, "b")]


def test_a_direct_near_certain_pair_is_not_implied_again() -> None:
    assert engine.implied_links([("a", "b", 0.999), ("b", "c", 0.999), ("a", "c", 0.999)]) == []


def test_large_groups_are_not_followed() -> None:
    chain = [(f"r{i:02d}", f"r{i + 1:02d}", 0.999) for i in range(engine.CLUSTER_MAX_RECORDS)]
    assert engine.implied_links(chain) == []  # CLUSTER_MAX_RECORDS + 1 records
    assert len(engine.implied_links(chain[:-1])) == math.comb(engine.CLUSTER_MAX_RECORDS, 2) - (
        engine.CLUSTER_MAX_RECORDS - 1
    )


def test_implied_pairs_carry_their_chain_as_evidence() -> None:
    model = default_model()
    own = engine.ScoredPair("a", "c", 0.3, -1.2, [engine.FieldEvidence("given", "dropped", -0.1)])
    pairs = [
        engine.ScoredPair("a", "b", 0.999, 10.0, []),
        engine.ScoredPair("b", "c", 0.995, 7.6, []),
        own,
    ]
    result = {(p.left, p.right): p for p in engine.with_implied_links(pairs, model)}
    assert set(result) == {("a", "b"), ("b", "c"), ("a", "c")}
    implied = result["a", "c"]
    assert implied.probability == 0.995
    assert implied.probability >= engine.MATCH_THRESHOLD
    assert [e.comparison for e in implied.evidence] == ["given", "chain"]
    chain = implied.evidence[-1]
    assert chain.level == engine.CHAIN_LEVEL
    # The rows still add up: own weight + what the chain adds = the implied weight.
    assert own.weight + chain.weight == pytest.approx(implied.weight, abs=0.01)
    # Nothing names the record the chain goes through (it may be out of reach).
    assert "b" not in {e.level for e in implied.evidence}
