from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.core.testing.factories import commune_of
from lachan.tips import services as tip_services
from lachan.tips.models import Tip

VN = dt.timezone(dt.timedelta(hours=7))
YEAR = 2025  # a closed year: every count is final


@pytest.fixture
def hp_supervisor(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=hp_agency, full_name="Chỉ huy Hải Phòng")


@pytest.fixture
def hp_commune_operator(make_user: Callable[..., Any], hp_commune_police: Any) -> Any:
    return make_user(role=Role.INTAKE_OPERATOR, agency=hp_commune_police)


@pytest.fixture
def hp_operator(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.INTAKE_OPERATOR, agency=hp_agency)


@pytest.fixture
def na_operator(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.INTAKE_OPERATOR, agency=na_agency)


@pytest.fixture
def na_supervisor(make_user: Callable[..., Any], na_agency: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=na_agency)


@pytest.fixture
def analyst(make_user: Callable[..., Any]) -> Any:
    """A national analyst (attached to no agency): counts everything."""
    return make_user(role=Role.ANALYST, full_name="Phân tích viên", agency=None)


@pytest.fixture
def officer(make_user: Callable[..., Any], hp_agency: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=hp_agency)


def add_tip(
    actor: Any,
    *,
    when: dt.datetime,
    province: str = "31",
    kind: str = "denunciation",
    channel: str = "hotline",
    classify: dict[str, Any] | None = None,
) -> Tip:
    tip = tip_services.tip_register(
        actor=actor,
        kind=kind,
        channel=channel,
        content="Có người rủ con gái tôi sang Trung Quốc làm việc lương cao.",
        places=[tip_services.PlaceInput(admin_unit=commune_of(province))],
    )
    if classify is not None:
        tip = tip_services.tip_classify(actor=actor, tip=tip, **classify)
    Tip.objects.filter(pk=tip.pk).update(received_at=when)
    tip.refresh_from_db()
    return tip


@pytest.fixture
def sample_tips(hp_operator: Any, hp_commune_operator: Any, na_operator: Any) -> list[Tip]:
    """Seven tips in 2025: four at Hải Phòng's provincial police (3 in March, 1 in
    July), one at its commune police, two at Nghệ An (one placed in Hải Phòng)."""
    march = dt.datetime(YEAR, 3, 10, 9, tzinfo=VN)
    july = dt.datetime(YEAR, 7, 1, 0, 30, tzinfo=VN)  # 30 June 17:30 UTC: July locally
    trafficking = {
        "trafficking_related": True,
        "exploitation_type": "forced_marriage",
        "destination_country": "CN",
    }
    return [
        add_tip(hp_operator, when=march, classify=trafficking),
        add_tip(hp_operator, when=march, channel="walk_in"),
        add_tip(hp_operator, when=march, kind="crime_report", classify=trafficking),
        add_tip(hp_operator, when=july),
        add_tip(hp_commune_operator, when=july, channel="walk_in"),
        add_tip(na_operator, when=march, province="40", classify=trafficking),
        add_tip(na_operator, when=july, province="31"),
    ]
