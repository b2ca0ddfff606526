"""Victim records in the shape of the Counter Trafficking Data Collaborative (CTDC,
IOM's HTCDS-based global dataset), k-anonymised, so partners can join them to the
international data.

Columns follow CTDC's names: flat 0/1 columns for means of control and types of
exploitation, CTDC's broad age bins (0--8 … 48+), year of registration, gender,
citizenship, country of exploitation. No names, no dates, no place below the country
(the schema check refuses them before anything is written).

Quasi-identifiers (k = 11): year, gender, age band, citizenship, country of
exploitation, and the pattern of exploitation types. Means of control are the
sensitive attributes. Ladders: year → 5-year period → "*"; age band → minor/adult →
"*"; the others → "*". A generalised exploitation pattern blanks every ``is…`` column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lachan.reports.disclosure.kanon import SUPPRESSED, KAnonymised, QuasiIdentifier, k_anonymise
from lachan.reports.disclosure.protected import K_THRESHOLD
from lachan.reports.disclosure.schema import check_columns

# CTDC's broad age bins (ageBroad), lower bound → label
AGE_BINS: tuple[tuple[int, str], ...] = (
    (0, "0--8"),
    (9, "9--17"),
    (18, "18--20"),
    (21, "21--23"),
    (24, "24--26"),
    (27, "27--29"),
    (30, "30--38"),
    (39, "39--47"),
    (48, "48+"),
)
MINOR_BINS = frozenset({"0--8", "9--17"})

# our codes (IOM HTCDS v2.0 wording) → CTDC columns
EXPLOITATION_COLUMNS: dict[str, str] = {
    "forced_labour": "isForcedLabour",
    "sexual": "isSexualExploit",
    "forced_marriage": "isForcedMarriage",
    "organ_removal": "isOrganRemoval",
    "child_trafficking": "isOtherExploit",
    "surrogacy": "isOtherExploit",
    "forced_criminality": "isOtherExploit",
    "other": "isOtherExploit",
}
NOT_EXPLOITATION = frozenset({"", "unknown"})  # no flag set
EXPLOITATION_ORDER = (
    "isForcedLabour",
    "isSexualExploit",
    "isForcedMarriage",
    "isOrganRemoval",
    "isOtherExploit",
)
MEANS_OF_CONTROL_COLUMNS: dict[str, str] = {
    "debt_bondage": "meansOfControlDebtBondage",
    "takes_earnings": "meansOfControlTakesEarnings",
    "restricts_financial_access": "meansOfControlRestrictsFinancialAccess",
    "threats": "meansOfControlThreats",
    "psychological_abuse": "meansOfControlPsychologicalAbuse",
    "physical_abuse": "meansOfControlPhysicalAbuse",
    "sexual_abuse": "meansOfControlSexualAbuse",
    "false_promises": "meansOfControlFalsePromises",
    "psychoactive_substances": "meansOfControlPsychoactiveSubstances",
    "restricts_movement": "meansOfControlRestrictsMovement",
    "restricts_medical_care": "meansOfControlRestrictsMedicalCare",
    "excessive_working_hours": "meansOfControlExcessiveWorkingHours",
    "uses_children": "meansOfControlUsesChildren",
    "threat_of_law_enforcement": "meansOfControlThreatOfLawEnforcement",
    "withholds_necessities": "meansOfControlWithholdsNecessities",
    "withholds_documents": "meansOfControlWithholdsDocuments",
    "other": "meansOfControlOther",
    # the victims domain's codes (HTCDS v2.0, abridged)
    "withheld_documents": "meansOfControlWithholdsDocuments",
    "withheld_wages": "meansOfControlTakesEarnings",
    "physical_violence": "meansOfControlPhysicalAbuse",
    "sexual_violence": "meansOfControlSexualAbuse",
    "restricted_movement": "meansOfControlRestrictsMovement",
    "substances": "meansOfControlPsychoactiveSubstances",
}
MEANS_OF_CONTROL_ORDER = (
    *dict.fromkeys(MEANS_OF_CONTROL_COLUMNS.values()),
    "meansOfControlNotSpecified",
)
GENDERS = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Unknown"}

QUASI_IDENTIFIER_COLUMNS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "exploitationPattern",
)
COLUMNS: tuple[str, ...] = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    *MEANS_OF_CONTROL_ORDER,
    *EXPLOITATION_ORDER,
)
DATASOURCE = "Case Management"


def age_band(age: int | None) -> str:
    """CTDC's broad age bin of an age in whole years ("" when unknown)."""
    if age is None or age < 0:
        return ""
    label = AGE_BINS[0][1]
    for lower, name in AGE_BINS:
        if age >= lower:
            label = name
    return label


@dataclass(frozen=True)
class CtdcSource:
    """What the export needs of one identified victim — nothing that names or places
    the person: the year of registration, not the date; an age, not a birth date."""

    year_of_registration: int
    sex: str  # female, male, other, unknown
    age: int | None  # at identification, whole years
    citizenship: str = ""  # ISO 3166-1 alpha-2
    country_of_exploitation: str = ""  # ISO 3166-1 alpha-2
    exploitation_types: frozenset[str] = field(default_factory=frozenset)
    means_of_control: frozenset[str] = field(default_factory=frozenset)


def _five_years(year: Any) -> Any:
    if not isinstance(year, int):
        return SUPPRESSED
    start = year - (year - 1) % 5  # 2016–2020, 2021–2025, …
    return f"{start}-{start + 4}"


def _majority(band: Any) -> Any:
    if band in MINOR_BINS:
        return "Minor"
    if band in ("", SUPPRESSED):
        return band
    return "Adult"


QUASI_IDENTIFIERS = (
    QuasiIdentifier("yearOfRegistration", (_five_years,)),
    QuasiIdentifier("gender"),
    QuasiIdentifier("ageBroad", (_majority,)),
    QuasiIdentifier("citizenship"),
    QuasiIdentifier("CountryOfExploitation"),
    QuasiIdentifier("exploitationPattern"),
)


def ctdc_row(source: CtdcSource) -> dict[str, Any]:
    band = age_band(source.age)
    flags = {c: 0 for c in EXPLOITATION_ORDER}
    for code in source.exploitation_types - NOT_EXPLOITATION:
        flags[EXPLOITATION_COLUMNS.get(code, "isOtherExploit")] = 1
    means = {c: 0 for c in MEANS_OF_CONTROL_ORDER}
    for code in source.means_of_control:
        means[MEANS_OF_CONTROL_COLUMNS.get(code, "meansOfControlOther")] = 1
    if not source.means_of_control:
        means["meansOfControlNotSpecified"] = 1
    return {
        "yearOfRegistration": source.year_of_registration,
        "Datasource": DATASOURCE,
        "gender": GENDERS.get(source.sex, "Unknown"),
        "ageBroad": band,
        "majorityStatus": _majority(band),
        "citizenship": source.citizenship.upper(),
        "CountryOfExploitation": source.country_of_exploitation.upper(),
        **means,
        **flags,
        "exploitationPattern": "".join(str(flags[c]) for c in EXPLOITATION_ORDER),
    }


def ctdc_dataset(sources: Iterable[CtdcSource], *, k: int = K_THRESHOLD) -> KAnonymised:
    """The k-anonymised CTDC rows (columns ``COLUMNS``)."""
    result = k_anonymise((ctdc_row(s) for s in sources), quasi_identifiers=QUASI_IDENTIFIERS, k=k)
    rows = []
    for row in result.rows:
        if row["exploitationPattern"] == SUPPRESSED:
            for column in EXPLOITATION_ORDER:
                row[column] = ""
        if row["ageBroad"] in ("Minor", "Adult"):  # generalised: majority carries it
            row["majorityStatus"], row["ageBroad"] = row["ageBroad"], ""
        else:
            row["majorityStatus"] = _majority(row["ageBroad"])
        del row["exploitationPattern"]
        rows.append({c: row[c] for c in COLUMNS})
    check_columns(COLUMNS, rows)
    return KAnonymised(rows, result.levels, result.rows_in, result.rows_suppressed, k)


def to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(rows: Sequence[dict[str, Any]], *, note: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "CTDC"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    sheet.freeze_panes = "A2"
    about = book.create_sheet("README")
    about.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
