from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.accounts.models import AgencyType
from lachan.core.testing.factories import commune_of, unit
from lachan.core.tests.geo_units import ensure_test_units


@pytest.fixture(autouse=True)
def _units(db: Any) -> None:
    ensure_test_units()


@pytest.fixture
def hp_police(make_agency: Callable[..., Any]) -> Any:
    return make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))


@pytest.fixture
def hp_commune_police(make_agency: Callable[..., Any], hp_police: Any) -> Any:
    return make_agency(
        name="Công an phường Hồng Bàng",
        agency_type=AgencyType.COMMUNE_POLICE,
        admin_unit=commune_of("31"),
        parent=hp_police,
    )


@pytest.fixture
def hp_social(make_agency: Callable[..., Any]) -> Any:
    return make_agency(
        name="Trung tâm Công tác xã hội Hải Phòng",
        agency_type=AgencyType.SOCIAL_SERVICES,
        admin_unit=unit("31"),
    )


@pytest.fixture
def na_police(make_agency: Callable[..., Any]) -> Any:
    return make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def na_border(make_agency: Callable[..., Any]) -> Any:
    return make_agency(
        name="Đồn Biên phòng Nậm Cắn",
        agency_type=AgencyType.BORDER_GUARD,
        admin_unit=commune_of("40"),
    )


@pytest.fixture
def officer(make_user: Callable[..., Any], hp_police: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_police, full_name="Điều tra viên Lê Minh")


@pytest.fixture
def officer2(make_user: Callable[..., Any], hp_police: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_police, full_name="Điều tra viên Phạm Hà")


@pytest.fixture
def supervisor(make_user: Callable[..., Any], hp_police: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=hp_police, full_name="Chỉ huy Hải Phòng")


@pytest.fixture
def operator(make_user: Callable[..., Any], hp_police: Any) -> Any:
    return make_user(role=Role.INTAKE_OPERATOR, agency=hp_police, full_name="Trực ban")


@pytest.fixture
def social_worker(make_user: Callable[..., Any], hp_social: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=hp_social, full_name="Cán bộ CTXH")


@pytest.fixture
def analyst(make_user: Callable[..., Any], hp_police: Any) -> Any:
    return make_user(role=Role.ANALYST, agency=hp_police, full_name="Phân tích viên")


@pytest.fixture
def na_officer(make_user: Callable[..., Any], na_police: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_police, full_name="Điều tra viên Nghệ An")


@pytest.fixture
def border_officer(make_user: Callable[..., Any], na_border: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_border, full_name="Biên phòng Nậm Cắn")
