"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lachan.core.crypto import reset_key_cache


@pytest.fixture(autouse=True)
def _fresh_keys() -> None:
    reset_key_cache()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from lachan.core.testing.factories import UserFactory

    def make(**kwargs: Any) -> Any:
        return UserFactory(**kwargs)

    return make


@pytest.fixture
def make_agency(db: Any) -> Callable[..., Any]:
    from lachan.core.testing.factories import AgencyFactory

    def make(**kwargs: Any) -> Any:
        return AgencyFactory(**kwargs)

    return make


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    from lachan.core.testing.factories import logged_in_client

    return logged_in_client


# The agencies most tests start from: a provincial police in Hải Phòng (unit "31") with a
# commune police below it, and the provincial police of Nghệ An (unit "40").
@pytest.fixture
def hp_agency(make_agency: Callable[..., Any]) -> Any:
    from lachan.core.testing.factories import unit

    return make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))


@pytest.fixture
def hp_commune_police(make_agency: Callable[..., Any], hp_agency: Any) -> Any:
    from lachan.accounts.models import AgencyType
    from lachan.core.testing.factories import commune_of

    return make_agency(
        name="Công an phường Hồng Bàng",
        agency_type=AgencyType.COMMUNE_POLICE,
        admin_unit=commune_of("31"),
        parent=hp_agency,
    )


@pytest.fixture
def na_agency(make_agency: Callable[..., Any]) -> Any:
    from lachan.core.testing.factories import unit

    return make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))


pytest_plugins = ["lachan.core.testing.browser"]
