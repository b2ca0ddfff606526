from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.core.tests.geo_units import ensure_test_units


@pytest.fixture(autouse=True)
def _units(db: Any) -> None:
    ensure_test_units()


@pytest.fixture
def hp_officer(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_agency)


@pytest.fixture
def na_officer(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_agency)


@pytest.fixture
def na_supervisor(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=na_agency)
