"""A merge makes the victim count in the reports drop by one; an unmerge puts it back.

The same woman received as a victim twice: by the border guard (upper case, no
diacritics, birth year ±1) and by the social work centre (with her CCCD). Until the two
person records are merged she is two victims in the national statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from lachan.access.roles import Role
from lachan.core.testing.factories import commune_of
from lachan.linkage import services
from lachan.linkage.models import CandidatePair, PersonCluster
from lachan.people.models import Person, Sex
from lachan.reports.selectors import AnalysisFilter, analysis
from lachan.reports.sources.base import Scope
from lachan.reports.sources.registry import source_for
from lachan.victims import services as victim_services
from lachan.victims.selectors import victim_numbers


@pytest.fixture
def national_analyst(make_user: Callable[..., Any]) -> Any:
    """Counts every agency (attached to none)."""
    return make_user(role=Role.ANALYST, full_name="Phân tích viên", agency=None)


@pytest.fixture
def two_receptions(
    border_officer: Any, social_worker: Any, huong_border: Person, huong_social: Person
) -> None:
    now = timezone.now()
    victim_services.victim_receive(
        actor=border_officer,
        channel="rescued",
        received_at=now - dt.timedelta(days=3),
        reception_unit=commune_of("40"),
        person=huong_border,
    )
    victim_services.victim_receive(
        actor=social_worker,
        channel="self_returned",
        received_at=now - dt.timedelta(days=1),
        reception_unit=commune_of("40"),
        person=huong_social,
    )


def _counts(actor: Any) -> tuple[int, int | float | None, int | None, dict[str, int]]:
    """(selector, reports section, analysis total, analysis province "40") received."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=30)
    direct = victim_numbers(agency_ids=None, admin_unit_code=None, start=start, end=today)
    section = source_for("victims").section(actor, Scope(start=start, end=today))
    assert section.available
    result = analysis(actor=actor, filters=AnalysisFilter(start=start, end=today, domain="victims"))
    assert result.available
    by_province = {p.code: p.value for p in result.provinces if p.value}
    return direct.received, section.figure("received"), result.total, by_province


def test_merge_drops_the_victim_count_by_one_and_unmerge_restores_it(
    supervisor: Any, national_analyst: Any, two_receptions: None, pair: CandidatePair
) -> None:
    assert _counts(national_analyst) == (2, 2, 2, {"40": 2})
    section_before = source_for("victims").section(
        national_analyst,
        Scope(start=timezone.localdate() - dt.timedelta(days=30), end=timezone.localdate()),
    )
    by_sex = {b.key: dict(b.rows) for b in section_before.breakdowns}["by_sex"]
    female = str(Sex.FEMALE.label)  # breakdowns carry the label users read
    assert by_sex == {female: 2}

    cluster = services.cluster_merge(actor=supervisor, pair=pair)
    assert _counts(national_analyst) == (1, 1, 1, {"40": 1})
    section_merged = source_for("victims").section(
        national_analyst,
        Scope(start=timezone.localdate() - dt.timedelta(days=30), end=timezone.localdate()),
    )
    assert {b.key: dict(b.rows) for b in section_merged.breakdowns}["by_sex"] == {female: 1}

    services.cluster_unmerge(actor=supervisor, cluster=cluster)
    assert PersonCluster.objects.count() == 0
    assert _counts(national_analyst) == (2, 2, 2, {"40": 2})
