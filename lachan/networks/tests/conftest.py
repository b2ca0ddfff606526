from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from lachan.access.roles import Role
from lachan.core.tests.geo_units import ensure_test_units
from lachan.networks.store import forget_cache


@pytest.fixture(autouse=True)
def _units(db: Any) -> Iterator[None]:
    """Real units; a cold graph cache; labels in English (the msgids) in this thread
    (pages are rendered in the language of their request)."""
    ensure_test_units()
    forget_cache()
    with translation.override("en"):
        yield
    forget_cache()


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
def na_officer(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_agency, full_name="Điều tra viên Nghệ An")
