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


@pytest.fixture(autouse=True)
def _vietnamese() -> Any:
    """Messages are asserted in Vietnamese, the default language."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture
def na_commune(make_agency: Callable[..., Any]) -> Any:
    return make_agency(
        name="UBND xã Nậm Cắn",
        agency_type=AgencyType.COMMUNE_COMMITTEE,
        admin_unit=commune_of("40"),
        is_remote=True,
    )


@pytest.fixture
def na_health(make_agency: Callable[..., Any]) -> Any:
    return make_agency(
        name="Sở Y tế tỉnh Nghệ An", agency_type=AgencyType.SOCIAL_SERVICES, admin_unit=unit("40")
    )


@pytest.fixture
def na_social(make_agency: Callable[..., Any], na_health: Any) -> Any:
    return make_agency(
        name="Trung tâm Công tác xã hội tỉnh Nghệ An",
        agency_type=AgencyType.SOCIAL_SERVICES,
        admin_unit=unit("40"),
        parent=na_health,
    )


@pytest.fixture
def na_police(make_agency: Callable[..., Any]) -> Any:
    return make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def na_school(make_agency: Callable[..., Any]) -> Any:
    return make_agency(
        name="Trường Trung cấp nghề Nghệ An",
        agency_type=AgencyType.OTHER,
        admin_unit=unit("40"),
    )


@pytest.fixture
def hp_social(make_agency: Callable[..., Any]) -> Any:
    return make_agency(
        name="Trung tâm Công tác xã hội thành phố Hải Phòng",
        agency_type=AgencyType.SOCIAL_SERVICES,
        admin_unit=unit("31"),
    )


@pytest.fixture
def canboxa(make_user: Callable[..., Any], na_commune: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_commune, full_name="Vi Thị Mai")


@pytest.fixture
def ctxh(make_user: Callable[..., Any], na_social: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=na_social, full_name="Phan Thị Hoài Thương")


@pytest.fixture
def ctxh2(make_user: Callable[..., Any], na_social: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=na_social, full_name="Cán sự thứ hai")


@pytest.fixture
def social_supervisor(make_user: Callable[..., Any], na_health: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=na_health, full_name="Giám đốc Sở Y tế")


@pytest.fixture
def police(make_user: Callable[..., Any], na_police: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_police, full_name="Nguyễn Cảnh Toàn")


@pytest.fixture
def school_worker(make_user: Callable[..., Any], na_school: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=na_school, full_name="Giáo viên nghề")


@pytest.fixture
def hp_worker(make_user: Callable[..., Any], hp_social: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=hp_social)


@pytest.fixture
def analyst(make_user: Callable[..., Any], na_health: Any) -> Any:
    return make_user(role=Role.ANALYST, agency=na_health)
