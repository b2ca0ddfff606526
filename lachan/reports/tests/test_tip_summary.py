"""The monthly tip summary (decision 0014): after a refresh it gives exactly the live
counts; an edit of an old tip is picked up by the next refresh; the selector reads the
summary only when it can answer exactly; the published (disclosure-controlled) tables
do not move."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from lachan.access.roles import Role
from lachan.core.testing.factories import logged_in_client
from lachan.reports import selectors
from lachan.reports.models import SummaryState, TipMonthlyCount
from lachan.reports.public.statistics import build_year
from lachan.reports.summary.refresh import refresh_tip_summary
from lachan.reports.summary.selectors import whole_months
from lachan.reports.tests.conftest import VN, YEAR, add_tip
from lachan.tips import services as tip_services
from lachan.tips.models import Tip, TipStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def tips(sample_tips: list[Tip]) -> list[Tip]:
    """The seven sample tips, two of them resolved: one decided in April, one
    transferred in August (so a period ending in June counts one, the year two)."""
    decided, transferred = sample_tips[1], sample_tips[3]
    Tip.objects.filter(pk=decided.pk).update(
        status=TipStatus.DECIDED, resolved_at=dt.datetime(YEAR, 4, 2, 10, tzinfo=VN)
    )
    Tip.objects.filter(pk=transferred.pk).update(
        status=TipStatus.TRANSFERRED, resolved_at=dt.datetime(YEAR, 8, 1, 1, tzinfo=VN)
    )
    return sample_tips


def live(actor: Any, filters: selectors.AnalysisFilter) -> selectors.Analysis:
    """The same selector with the summary set aside (as before its first refresh)."""
    state = SummaryState.objects.get()
    SummaryState.objects.filter(pk=state.pk).update(refreshed_at=None)
    try:
        return selectors.analysis(actor=actor, filters=filters)
    finally:
        SummaryState.objects.filter(pk=state.pk).update(refreshed_at=state.refreshed_at)


def numbers(result: selectors.Analysis) -> tuple[Any, ...]:
    return (
        result.total,
        result.months,
        result.provinces,
        result.unattributed,
        result.breakdown,
    )


YEAR_FILTER = selectors.AnalysisFilter(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))


def test_after_a_refresh_the_summary_equals_the_live_counts(
    tips: list[Tip], analyst: Any, hp_supervisor: Any, hp_agency: Any
) -> None:
    refresh_tip_summary(full=True)
    half = dataclasses.replace(YEAR_FILTER, end=dt.date(YEAR, 6, 30))
    cases = [
        (analyst, YEAR_FILTER, 7),
        (analyst, dataclasses.replace(YEAR_FILTER, measure="resolved", breakdown="channel"), 2),
        (analyst, dataclasses.replace(half, measure="resolved", breakdown="channel"), 1),
        (
            analyst,
            dataclasses.replace(
                YEAR_FILTER, measure="trafficking_related", breakdown="country", grouping="legacy"
            ),
            3,
        ),
        (
            analyst,
            dataclasses.replace(
                YEAR_FILTER, breakdown="exploitation_type", grouping="legacy", place_code="31"
            ),
            6,
        ),
        (analyst, dataclasses.replace(YEAR_FILTER, agency_id=hp_agency.pk), 5),
        (analyst, dataclasses.replace(half, place_code="40", breakdown="kind"), 1),
        (hp_supervisor, dataclasses.replace(YEAR_FILTER, breakdown="channel"), 6),
    ]
    for actor, filters, total in cases:
        summary = selectors.analysis(actor=actor, filters=filters)
        assert summary.summarised_at is not None, filters
        counted = live(actor, filters)
        assert counted.summarised_at is None
        assert numbers(summary) == numbers(counted), filters
        assert summary.total == total, filters
    by_channel = selectors.analysis(actor=analyst, filters=cases[1][1])
    assert dict(by_channel.breakdown) == {"Trực tiếp tại trụ sở": 1, "Gọi đường dây nóng": 1}


def test_an_edit_of_an_old_tip_is_picked_up_by_the_next_refresh(
    tips: list[Tip], analyst: Any, hp_operator: Any, na_operator: Any
) -> None:
    # The tips were written an hour ago; the summary was built since.
    Tip.objects.update(updated_at=timezone.now() - dt.timedelta(hours=1))
    refresh_tip_summary(full=True)
    filters = dataclasses.replace(YEAR_FILTER, measure="trafficking_related", breakdown="country")
    assert selectors.analysis(actor=analyst, filters=filters).total == 3
    old = tips[6]  # July, Nghệ An's police, not classified yet
    tip_services.tip_classify(
        actor=na_operator,
        tip=old,
        trafficking_related=True,
        exploitation_type="forced_labour",
        destination_country="KH",
    )
    stale = selectors.analysis(actor=analyst, filters=filters)
    assert stale.total == 3  # the summary is as of its last refresh, and says so
    result = refresh_tip_summary()
    assert result.full is False
    assert result.groups == 1  # only (July, Nghệ An's police) was recomputed
    fresh = selectors.analysis(actor=analyst, filters=filters)
    assert fresh.total == 4
    assert fresh.summarised_at is not None and fresh.summarised_at > stale.summarised_at  # type: ignore[operator]
    assert numbers(fresh) == numbers(live(analyst, filters))
    # A new tip (this month) is picked up too, and nothing else moves.
    add_tip(hp_operator, when=dt.datetime(YEAR, 3, 11, 9, tzinfo=VN))
    # Its group, and again the edited one: the look-back overlap (10 minutes) covers
    # transactions still open at the last run; recomputing a group twice is harmless.
    assert refresh_tip_summary().groups == 2
    assert selectors.analysis(actor=analyst, filters=YEAR_FILTER).total == 8
    assert numbers(selectors.analysis(actor=analyst, filters=YEAR_FILTER)) == numbers(
        live(analyst, YEAR_FILTER)
    )


def summary_rows() -> list[tuple[Any, ...]]:
    rows = TipMonthlyCount.objects.values_list(
        "month", "receiving_agency_id", "dimension", "value", "resolved_month", "tips"
    )
    return sorted(rows, key=repr)


def test_a_refresh_with_nothing_changed_changes_nothing(tips: list[Tip]) -> None:
    Tip.objects.update(updated_at=timezone.now() - dt.timedelta(hours=1))
    refresh_tip_summary(full=True)
    before = summary_rows()
    result = refresh_tip_summary()
    assert result.groups == 0
    after = summary_rows()
    assert after == before
    # Each tip is counted once per dimension.
    assert sum(n for *_rest, n in before) == 4 * 7


def test_the_selector_picks_live_or_summary(
    tips: list[Tip],
    analyst: Any,
    make_user: Callable[..., Any],
    hp_commune_police: Any,
) -> None:
    assert selectors.analysis(actor=analyst, filters=YEAR_FILTER).summarised_at is None
    refresh_tip_summary(full=True)
    assert selectors.analysis(actor=analyst, filters=YEAR_FILTER).summarised_at is not None
    commune_supervisor = make_user(role=Role.SUPERVISOR, agency=hp_commune_police)
    commune = hp_commune_police.admin_unit.code
    for actor, filters in (
        (analyst, dataclasses.replace(YEAR_FILTER, start=dt.date(YEAR, 3, 10))),  # mid-month
        (analyst, dataclasses.replace(YEAR_FILTER, end=dt.date(YEAR, 7, 15))),
        (analyst, dataclasses.replace(YEAR_FILTER, place_code=commune)),  # a commune
        (commune_supervisor, YEAR_FILTER),  # reach: a commune's jurisdiction
    ):
        result = selectors.analysis(actor=actor, filters=filters)
        assert result.summarised_at is None, filters
    mid_march = selectors.analysis(
        actor=analyst, filters=dataclasses.replace(YEAR_FILTER, start=dt.date(YEAR, 3, 11))
    )
    assert mid_march.total == 3  # the live count: the March tips (10/03) are out
    assert whole_months(dt.date(YEAR, 1, 1), dt.date(YEAR, 2, 28))
    assert not whole_months(dt.date(YEAR, 1, 1), dt.date(YEAR, 2, 27), today=dt.date(YEAR, 3, 1))
    assert whole_months(dt.date(YEAR, 1, 1), dt.date(YEAR, 2, 27), today=dt.date(YEAR, 2, 27))


def test_the_page_says_how_fresh_the_figures_are(tips: list[Tip], analyst: Any) -> None:
    client = logged_in_client(analyst)
    page = client.get(f"/reports/?year={YEAR}").content.decode()
    assert "Số liệu tổng hợp đến" not in page
    call_command("reports_refresh_summary", "--full", stdout=open("/dev/null", "w"))  # noqa: SIM115
    moment = timezone.localtime(SummaryState.objects.get().refreshed_at).strftime("%H:%M %d/%m/%Y")
    page = client.get(f"/reports/?year={YEAR}").content.decode()
    assert f"Số liệu tổng hợp đến {moment}" in page
    assert 'data-testid="analysis-total">7<' in page
    api = client.get(f"/api/v1/reports/analysis?year={YEAR}").json()
    assert api["total"] == 7
    assert api["summarised_at"] is not None


def test_published_tables_do_not_move(tips: list[Tip]) -> None:
    cache.clear()
    before = [(t.key, t.cells) for t in build_year(YEAR).tables()]
    refresh_tip_summary(full=True)
    cache.clear()
    after = [(t.key, t.cells) for t in build_year(YEAR).tables()]
    assert after == before
    assert any(key.startswith("tips.") for key, _cells in after)


def test_the_home_trend_reads_the_summary_with_the_same_numbers(
    tips: list[Tip], analyst: Any, hp_operator: Any
) -> None:
    add_tip(hp_operator, when=timezone.now() - dt.timedelta(days=40))
    add_tip(hp_operator, when=timezone.now())
    refresh_tip_summary(full=True)
    from_summary = selectors.home_dashboard(actor=analyst)
    assert from_summary is not None and from_summary.trend_total == 2
    state = SummaryState.objects.get()
    SummaryState.objects.filter(pk=state.pk).update(refreshed_at=None)
    counted = selectors.home_dashboard(actor=analyst)
    assert counted is not None and counted.trend == from_summary.trend
