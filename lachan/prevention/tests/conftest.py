"""Agencies and users of the prevention and plans tests (the plans tests import these):
Hải Phòng provincial police with a commune committee below it, Nghệ An police."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.accounts.models import AgencyType
from lachan.core.testing.factories import commune_of
from lachan.core.tests.geo_units import ensure_test_units


@pytest.fixture(autouse=True)
def _units(db: Any) -> None:
    ensure_test_units()


@pytest.fixture
def hp_committee(make_agency: Callable[..., Any], hp_agency: Any) -> Any:
    return make_agency(
        name="UBND phường Hồng Bàng",
        agency_type=AgencyType.COMMUNE_COMMITTEE,
        admin_unit=commune_of("31"),
        parent=hp_agency,
    )


@pytest.fixture
def hp_commune_officer(make_user: Callable[..., Any], hp_committee: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_committee, full_name="Cán bộ xã Hồng Bàng")


@pytest.fixture
def hp_officer(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_agency, full_name="Điều tra viên Hải Phòng")


@pytest.fixture
def hp_supervisor(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=hp_agency, full_name="Chỉ huy Hải Phòng")


@pytest.fixture
def hp_analyst(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.ANALYST, agency=hp_agency, full_name="Phân tích Hải Phòng")


@pytest.fixture
def hp_operator(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.INTAKE_OPERATOR, agency=hp_agency, full_name="Trực ban Hải Phòng")


@pytest.fixture
def na_officer(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_agency, full_name="Cán bộ Nghệ An")


@pytest.fixture
def na_supervisor(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=na_agency, full_name="Chỉ huy Nghệ An")
