"""Which Art 37 support measures a person is entitled to: a pure function of the facts
(status × citizenship × where the person is × accompanying children), no database.

The table (Law 53/2024/QH15 Art 37; GLOSSARY "Victims"):

| beneficiary                                                         | measures          |
|---------------------------------------------------------------------|-------------------|
| victim: Vietnamese citizen or stateless resident                    | a–k               |
| under-18 accompanying such a victim                                 | a–h               |
| person being identified, Vietnamese, while abroad (+ accompanying)  | a–d               |
| person being identified, in Vietnam (+ accompanying child)          | a–g               |
| foreign victim / person being identified, trafficked in Vietnam     | a, b, c, d, đ, g  |
|   (case by case: every measure needs a supervisor's approval)       |                   |

"Signal" (initial verification running) counts as being identified: the law protects a
person from the moment signs are found. "Not a victim" gives nothing. A foreigner
trafficked outside Vietnam, or a foreigner whose country of exploitation is not known
yet, is not covered by the table: nothing is computed and every measure needs approval.
Accompanying children of a foreign person follow the same case-by-case row (the table is
silent; the cautious reading)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lachan.victims.models import Location, SupportMeasure, VictimStatus

ALL_MEASURES: tuple[str, ...] = tuple(m.value for m in SupportMeasure)  # a … k, in order


def _upto(last: str) -> tuple[str, ...]:
    return ALL_MEASURES[: ALL_MEASURES.index(last) + 1]


A_TO_K = ALL_MEASURES
A_TO_H = _upto("h")
A_TO_G = _upto("g")
A_TO_D = _upto("d")
FOREIGN = ("a", "b", "c", "d", "dd", "g")


class Citizenship(StrEnum):
    VIETNAMESE = "vietnamese"
    STATELESS_RESIDENT = "stateless_resident"
    FOREIGN = "foreign"


class Basis(StrEnum):
    """Which row of the table applied."""

    VICTIM_CITIZEN = "victim_citizen"
    IDENTIFYING_ABROAD = "identifying_abroad"
    IDENTIFYING_IN_VIETNAM = "identifying_in_vietnam"
    FOREIGN_IN_VIETNAM = "foreign_in_vietnam"
    NONE = "none"


@dataclass(frozen=True)
class EntitlementFacts:
    status: str  # VictimStatus
    citizenship: str  # Citizenship
    location: str  # Location
    trafficked_in_vietnam: bool
    accompanying_minors: int = 0


@dataclass(frozen=True)
class Entitlement:
    basis: Basis
    measures: tuple[str, ...]  # for the person
    minor_measures: tuple[str, ...]  # for each accompanying child (empty without one)
    case_by_case: bool  # every measure still needs a supervisor's approval

    def covers(self, measure: str, *, for_minor: bool = False) -> bool:
        """Whether recording ``measure`` needs no approval."""
        if self.case_by_case:
            return False
        return measure in (self.minor_measures if for_minor else self.measures)


NOTHING = Entitlement(Basis.NONE, (), (), case_by_case=False)


def citizenship_of(nationality: str) -> Citizenship:
    """From the person's ISO code: "VN", "XX" (stateless, resident when received here)."""
    if nationality == "VN":
        return Citizenship.VIETNAMESE
    if nationality == "XX":
        return Citizenship.STATELESS_RESIDENT
    return Citizenship.FOREIGN


def compute_entitlement(facts: EntitlementFacts) -> Entitlement:
    minors = facts.accompanying_minors > 0
    if facts.status == VictimStatus.NOT_VICTIM:
        return NOTHING
    if facts.citizenship == Citizenship.FOREIGN:
        if not facts.trafficked_in_vietnam:
            return Entitlement(Basis.NONE, (), (), case_by_case=True)
        return Entitlement(
            Basis.FOREIGN_IN_VIETNAM, FOREIGN, FOREIGN if minors else (), case_by_case=True
        )
    if facts.status == VictimStatus.VICTIM:
        return Entitlement(
            Basis.VICTIM_CITIZEN, A_TO_K, A_TO_H if minors else (), case_by_case=False
        )
    # signal / being identified
    if facts.location == Location.ABROAD:
        if facts.citizenship != Citizenship.VIETNAMESE:
            return Entitlement(Basis.NONE, (), (), case_by_case=True)
        return Entitlement(
            Basis.IDENTIFYING_ABROAD, A_TO_D, A_TO_D if minors else (), case_by_case=False
        )
    return Entitlement(
        Basis.IDENTIFYING_IN_VIETNAM, A_TO_G, A_TO_G if minors else (), case_by_case=False
    )
