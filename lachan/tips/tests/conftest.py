from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.core.tests.geo_units import ensure_test_units


@pytest.fixture(autouse=True)
def _units(db: Any) -> None:
    ensure_test_units()


@pytest.fixture(autouse=True)
def _fresh_intake_schedule() -> Iterator[None]:
    """Each test starts as a fresh process: no registration task pending from an
    earlier test's submissions (the intake enqueues once a second per process)."""
    from lachan.tips.public.staging import reset_schedule

    reset_schedule()
    yield
    reset_schedule()


@pytest.fixture
def hp_operator(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.INTAKE_OPERATOR, agency=hp_agency, full_name="Trực ban Hải Phòng")


@pytest.fixture
def hp_officer(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_agency, full_name="Điều tra viên Lê Minh")


@pytest.fixture
def hp_officer2(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_agency, full_name="Điều tra viên Phạm Hà")


@pytest.fixture
def hp_supervisor(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=hp_agency, full_name="Chỉ huy Hải Phòng")


@pytest.fixture
def na_supervisor(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=na_agency, full_name="Chỉ huy Nghệ An")


@pytest.fixture
def na_officer(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_agency)


@pytest.fixture
def hp_analyst(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.ANALYST, agency=hp_agency)


@pytest.fixture
def hp_social_worker(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=hp_agency)


@pytest.fixture
def sysadmin(make_user: Callable[..., Any]) -> Any:
    return make_user(role=Role.SYSTEM_ADMIN, agency=None)
