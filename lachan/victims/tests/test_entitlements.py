"""The Art 37 table, row by row, as a pure function (no database)."""

from __future__ import annotations

import pytest

from lachan.victims.entitlements import (
    A_TO_D,
    A_TO_G,
    A_TO_H,
    A_TO_K,
    Basis,
    Citizenship,
    EntitlementFacts,
    citizenship_of,
    compute_entitlement,
)


def facts(**kwargs: object) -> EntitlementFacts:
    base: dict[str, object] = {
        "status": "victim",
        "citizenship": "vietnamese",
        "location": "in_vietnam",
        "trafficked_in_vietnam": False,
        "accompanying_minors": 0,
    }
    base.update(kwargs)
    return EntitlementFacts(**base)  # type: ignore[arg-type]


def test_the_letters() -> None:
    assert A_TO_K == ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k")
    assert A_TO_H == ("a", "b", "c", "d", "dd", "e", "g", "h")
    assert A_TO_G == ("a", "b", "c", "d", "dd", "e", "g")
    assert A_TO_D == ("a", "b", "c", "d")


@pytest.mark.parametrize(
    ("kwargs", "basis", "measures", "minor", "case_by_case"),
    [
        # victim, Vietnamese or stateless resident: a–k; an accompanying child a–h
        ({}, Basis.VICTIM_CITIZEN, A_TO_K, (), False),
        ({"accompanying_minors": 2}, Basis.VICTIM_CITIZEN, A_TO_K, A_TO_H, False),
        ({"citizenship": "stateless_resident"}, Basis.VICTIM_CITIZEN, A_TO_K, (), False),
        ({"location": "abroad"}, Basis.VICTIM_CITIZEN, A_TO_K, (), False),
        # being identified, Vietnamese, abroad: a–d (the child too)
        (
            {"status": "being_identified", "location": "abroad", "accompanying_minors": 1},
            Basis.IDENTIFYING_ABROAD,
            A_TO_D,
            A_TO_D,
            False,
        ),
        # being identified in Vietnam: a–g (the child too); a signal counts the same
        (
            {"status": "being_identified", "accompanying_minors": 1},
            Basis.IDENTIFYING_IN_VIETNAM,
            A_TO_G,
            A_TO_G,
            False,
        ),
        ({"status": "signal"}, Basis.IDENTIFYING_IN_VIETNAM, A_TO_G, (), False),
        # foreign, trafficked in Vietnam: a, b, c, d, đ, g case by case
        (
            {"citizenship": "foreign", "trafficked_in_vietnam": True},
            Basis.FOREIGN_IN_VIETNAM,
            ("a", "b", "c", "d", "dd", "g"),
            (),
            True,
        ),
        (
            {"citizenship": "foreign", "status": "being_identified", "trafficked_in_vietnam": True},
            Basis.FOREIGN_IN_VIETNAM,
            ("a", "b", "c", "d", "dd", "g"),
            (),
            True,
        ),
        # outside the table
        ({"citizenship": "foreign"}, Basis.NONE, (), (), True),
        ({"status": "not_victim"}, Basis.NONE, (), (), False),
        (
            {
                "status": "being_identified",
                "citizenship": "stateless_resident",
                "location": "abroad",
            },
            Basis.NONE,
            (),
            (),
            True,
        ),
    ],
)
def test_table_rows(
    kwargs: dict[str, object],
    basis: Basis,
    measures: tuple[str, ...],
    minor: tuple[str, ...],
    case_by_case: bool,
) -> None:
    result = compute_entitlement(facts(**kwargs))
    assert (result.basis, result.measures, result.minor_measures, result.case_by_case) == (
        basis,
        measures,
        minor,
        case_by_case,
    )


def test_covers_needs_no_approval_only_inside_the_entitlement() -> None:
    victim = compute_entitlement(facts(accompanying_minors=1))
    assert victim.covers("k") and victim.covers("h", for_minor=True)
    assert not victim.covers("i", for_minor=True)
    identifying = compute_entitlement(facts(status="being_identified"))
    assert identifying.covers("g") and not identifying.covers("h")
    foreign = compute_entitlement(facts(citizenship="foreign", trafficked_in_vietnam=True))
    assert not foreign.covers("a")  # case by case: always approved by a supervisor


def test_citizenship_from_nationality() -> None:
    assert citizenship_of("VN") == Citizenship.VIETNAMESE
    assert citizenship_of("XX") == Citizenship.STATELESS_RESIDENT
    assert citizenship_of("LA") == Citizenship.FOREIGN
    assert citizenship_of("ZZ") == Citizenship.FOREIGN
