"""k-anonymity and the CTDC-shaped partner export: the engine on synthetic rows, the
file shapes (CSV and Excel), the permission and the audit event."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, ValidationFailed
from lachan.reports.disclosure.ctdc import (
    COLUMNS,
    EXPLOITATION_ORDER,
    QUASI_IDENTIFIER_COLUMNS,
    CtdcSource,
    age_band,
    ctdc_dataset,
    ctdc_row,
)
from lachan.reports.disclosure.kanon import SUPPRESSED, QuasiIdentifier, k_anonymise, smallest_class
from lachan.reports.disclosure.services import ctdc_export


# -- the engine ---------------------------------------------------------------------------------
def test_ctdc_age_bins() -> None:
    ages = [0, 8, 9, 17, 18, 20, 21, 23, 24, 26, 27, 29, 30, 38, 39, 47, 48, 90]
    assert [age_band(a) for a in ages] == [
        "0--8", "0--8", "9--17", "9--17", "18--20", "18--20", "21--23", "21--23", "24--26",
        "24--26", "27--29", "27--29", "30--38", "30--38", "39--47", "39--47", "48+", "48+",
    ]  # fmt: skip
    assert age_band(None) == ""


def test_k_anonymise_generalises_then_suppresses() -> None:
    rows = [{"sex": "F", "band": "18--20"} for _ in range(12)]
    rows += [{"sex": "F", "band": "21--23"} for _ in range(5)]
    rows += [{"sex": "M", "band": "21--23"} for _ in range(6)]
    band = QuasiIdentifier("band", (lambda b: "Adult",))
    result = k_anonymise(rows, quasi_identifiers=[QuasiIdentifier("sex"), band], k=11)
    # the small rows (F and M aged 21–23) differ by sex only: sex is generalised, which
    # leaves */18--20 (12) and */21--23 (11)
    assert result.levels == {"sex": 1, "band": 0}
    assert (
        sorted((r["sex"], r["band"]) for r in result.rows)
        == [("*", "18--20")] * 12 + [("*", "21--23")] * 11
    )
    assert result.rows_suppressed == 0 and result.rows_in == 23


def test_k_anonymise_drops_a_small_remainder_within_budget() -> None:
    rows = [{"sex": "F"} for _ in range(100)] + [{"sex": "M"}]
    result = k_anonymise(rows, quasi_identifiers=[QuasiIdentifier("sex")], k=11)
    assert result.levels == {"sex": 0}
    assert result.rows_suppressed == 1
    assert {r["sex"] for r in result.rows} == {"F"}


def test_fewer_rows_than_k_give_nothing() -> None:
    result = k_anonymise([{"sex": "F"}] * 10, quasi_identifiers=[QuasiIdentifier("sex")], k=11)
    assert result.rows == [] and result.rows_suppressed == 10


def synthetic_sources(n: int, seed: int = 7) -> list[CtdcSource]:
    rng = random.Random(seed)
    return [
        CtdcSource(
            year_of_registration=rng.choice([2021, 2022, 2023, 2024, 2025]),
            sex=rng.choices(["female", "male", "unknown"], [70, 28, 2])[0],
            age=rng.choice([None, *range(6, 60)]),
            citizenship=rng.choices(["VN", "LA", "KH"], [90, 6, 4])[0],
            country_of_exploitation=rng.choices(
                ["CN", "KH", "MM", "VN", "MY"], [40, 25, 15, 15, 5]
            )[0],
            exploitation_types=frozenset(
                rng.sample(
                    ["sexual", "forced_labour", "forced_marriage", "forced_criminality"],
                    rng.choice([1, 1, 2]),
                )
            ),
            means_of_control=frozenset(
                rng.sample(
                    ["debt_bondage", "threats", "withheld_documents", "false_promises"],
                    rng.randint(0, 2),
                )
            ),
        )
        for _ in range(n)
    ]


def test_ctdc_row_shape() -> None:
    row = ctdc_row(
        CtdcSource(
            2024,
            "female",
            16,
            "vn",
            "cn",
            frozenset({"sexual", "forced_criminality"}),
            frozenset({"withheld_documents"}),
        )
    )
    assert row["ageBroad"] == "9--17" and row["majorityStatus"] == "Minor"
    assert row["isSexualExploit"] == 1 and row["isOtherExploit"] == 1 and row["isForcedLabour"] == 0
    assert row["meansOfControlWithholdsDocuments"] == 1
    assert row["meansOfControlNotSpecified"] == 0
    assert row["citizenship"] == "VN" and row["CountryOfExploitation"] == "CN"


def test_ctdc_dataset_is_k_anonymous_over_its_quasi_identifiers() -> None:
    dataset = ctdc_dataset(synthetic_sources(600))
    assert list(dataset.rows[0]) == list(COLUMNS)
    keys = [c for c in QUASI_IDENTIFIER_COLUMNS if c != "exploitationPattern"] + list(
        EXPLOITATION_ORDER
    )
    assert smallest_class(dataset.rows, keys) >= 11
    assert dataset.rows_suppressed <= 30  # the 5 % budget
    assert len(dataset.rows) + dataset.rows_suppressed == 600
    for row in dataset.rows:
        assert set(row) == set(COLUMNS)
        assert all(row[c] in (0, 1, "") for c in EXPLOITATION_ORDER)


def test_a_rare_person_is_generalised_or_dropped() -> None:
    sources = synthetic_sources(300)
    unique = CtdcSource(2023, "male", 71, "SG", "BR", frozenset({"organ_removal"}), frozenset())
    dataset = ctdc_dataset([*sources, unique])
    assert not any(r["citizenship"] == "SG" for r in dataset.rows)
    assert not any(
        r["isOrganRemoval"] == 1 and r["CountryOfExploitation"] == "BR" for r in dataset.rows
    )


# -- the export service --------------------------------------------------------------------------
@pytest.mark.django_db
def test_analyst_exports_csv_and_the_export_is_audited(make_user: Callable[..., Any]) -> None:
    analyst = make_user(role=Role.ANALYST)
    export = ctdc_export(
        actor=analyst,
        file_format="csv",
        year_from=2021,
        year_to=2025,
        sources=synthetic_sources(400),
    )
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == export.rows
    assert export.filename == "ctdc-2021-2025.csv"
    event = AuditEvent.objects.get(pk=export.event.pk)
    assert event.action == "reports.export_ctdc"
    assert event.changes["rows"] == export.rows and event.changes["format"] == "csv"
    assert event.changes["k"] == 11


@pytest.mark.django_db
def test_excel_export(make_user: Callable[..., Any]) -> None:
    analyst = make_user(role=Role.ANALYST)
    export = ctdc_export(
        actor=analyst,
        file_format="xlsx",
        year_from=2021,
        year_to=2025,
        sources=synthetic_sources(400),
    )
    book = load_workbook(io.BytesIO(export.content))
    sheet = book["CTDC"]
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS)
    assert sheet.max_row == export.rows + 1
    assert "k = 11" in str(book["README"]["A1"].value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        Role.OFFICER,
        Role.SUPERVISOR,
        Role.SOCIAL_WORKER,
        Role.INTAKE_OPERATOR,
        Role.AUDITOR,
        Role.AGENCY_ADMIN,
        Role.SYSTEM_ADMIN,
    ],
)
def test_other_roles_may_not_export_and_nothing_is_audited(
    make_user: Callable[..., Any], role: Role
) -> None:
    user = make_user(role=role)
    before = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        ctdc_export(
            actor=user,
            file_format="csv",
            year_from=2021,
            year_to=2025,
            sources=synthetic_sources(50),
        )
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_invalid_requests_are_refused_without_audit(make_user: Callable[..., Any]) -> None:
    analyst = make_user(role=Role.ANALYST)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as error:
        ctdc_export(actor=analyst, file_format="pdf", year_from=2025, year_to=2021, sources=[])
    assert set(error.value.fields) == {"format", "year_to"}
    assert AuditEvent.objects.count() == before


def test_suppressed_marker_is_never_a_number() -> None:
    assert SUPPRESSED == "*"
