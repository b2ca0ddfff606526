from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.core.testing.factories import commune_of, unit
from lachan.core.tests.geo_units import ensure_test_units
from lachan.people.models import Person
from lachan.people.services import IdentifierInput, person_create


@pytest.fixture(autouse=True)
def _units(db: Any) -> None:
    ensure_test_units()


@pytest.fixture
def na_police(make_agency: Callable[..., Any]) -> Any:
    return make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def na_border(make_agency: Callable[..., Any]) -> Any:
    return make_agency(name="Đồn Biên phòng Nậm Cắn", admin_unit=unit("40"))


@pytest.fixture
def na_social(make_agency: Callable[..., Any]) -> Any:
    return make_agency(name="Trung tâm Công tác xã hội tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def supervisor(make_user: Callable[..., Any], na_police: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=na_police)


@pytest.fixture
def border_officer(make_user: Callable[..., Any], na_border: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=na_border)


@pytest.fixture
def social_worker(make_user: Callable[..., Any], na_social: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=na_social)


@pytest.fixture
def hp_officer(make_user: Callable[..., Any], make_agency: Callable[..., Any]) -> Any:
    agency = make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))
    return make_user(role=Role.OFFICER, agency=agency)


@pytest.fixture
def huong_social(social_worker: Any) -> Person:
    return person_create(
        actor=social_worker,
        full_name="Nguyễn Thị Hường",
        sex="female",
        birth_date=dt.date(1997, 5, 14),
        admin_unit=commune_of("40"),
        identifiers=[
            IdentifierInput("phone", "0987 654 321"),
            IdentifierInput("cccd", "040197004512"),
        ],
    )


def typed_with_year(actor: Any, full_name: str, birth_year: int, *phones: str) -> Person:
    """A woman of the test commune typed with an approximate year of birth and phones."""
    return person_create(
        actor=actor,
        full_name=full_name,
        sex="female",
        birth_year=birth_year,
        birth_precision="approximate",
        admin_unit=commune_of("40"),
        identifiers=[IdentifierInput("phone", phone) for phone in phones],
    )


@pytest.fixture
def huong_border(border_officer: Any) -> Person:
    return typed_with_year(border_officer, "NGUYEN THI HUONG", 1998, "+84987654321")


@pytest.fixture
def pair(huong_social: Person, huong_border: Person) -> Any:
    from lachan.linkage.services import check_person

    pairs = check_person(person_id=huong_border.pk)
    assert len(pairs) == 1
    return pairs[0]
