"""Plans from templates, versioned indicators and progress at any date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, ValidationFailed
from lachan.core.testing.factories import commune_of, unit
from lachan.plans import selectors, services
from lachan.plans.measures import Unit, Value, ValueState
from lachan.plans.models import Comparison, Indicator, IndicatorVersion, Plan
from lachan.plans.selectors import Status, status_of
from lachan.prevention.tests.helpers import record

Y = 2025
START, END = dt.date(Y, 1, 1), dt.date(Y, 12, 31)


def _status(unit_: str, comparison: str, target: int, value: int | None, as_of: dt.date) -> str:
    v = Value(None if value is None else Decimal(value), state=ValueState.OK)
    if value is None:
        v = Value(None, state=ValueState.UNAVAILABLE)
    return status_of(
        unit=unit_,
        comparison=comparison,
        target=Decimal(target),
        value=v,
        period_start=START,
        period_end=END,
        as_of=as_of,
    )[0]


@pytest.mark.parametrize(
    ("unit_", "comparison", "target", "value", "as_of", "expected"),
    [
        (Unit.PERCENT, Comparison.GTE, 90, 95, dt.date(Y, 6, 30), Status.ON_TRACK),
        (Unit.PERCENT, Comparison.GTE, 90, 85, dt.date(Y, 6, 30), Status.AT_RISK),
        (Unit.PERCENT, Comparison.GTE, 90, 85, END, Status.MISSED),
        (Unit.PERCENT, Comparison.GTE, 90, 90, END, Status.ACHIEVED),
        (Unit.PERCENT, Comparison.LTE, 5, 7, dt.date(Y, 3, 1), Status.AT_RISK),
        # Counts: 100 sessions a year; at the end of June (181/365 days) the pace is 49.6.
        (Unit.COUNT, Comparison.GTE, 100, 50, dt.date(Y, 6, 30), Status.ON_TRACK),
        (Unit.COUNT, Comparison.GTE, 100, 49, dt.date(Y, 6, 30), Status.AT_RISK),
        (Unit.COUNT, Comparison.GTE, 100, 99, END, Status.MISSED),
        (Unit.COUNT, Comparison.GTE, 100, 130, END, Status.ACHIEVED),
        (Unit.COUNT, Comparison.LTE, 10, 11, dt.date(Y, 2, 1), Status.MISSED),
        (Unit.COUNT, Comparison.LTE, 10, 6, dt.date(Y, 2, 1), Status.AT_RISK),
        (Unit.COUNT, Comparison.LTE, 10, 0, dt.date(Y, 2, 1), Status.ON_TRACK),
        (Unit.COUNT, Comparison.EQ, 10, 11, dt.date(Y, 2, 1), Status.MISSED),
        (Unit.COUNT, Comparison.GTE, 10, None, dt.date(Y, 2, 1), Status.NO_DATA),
        (Unit.COUNT, Comparison.GTE, 10, 0, dt.date(Y - 1, 12, 1), Status.NOT_STARTED),
    ],
)
def test_status_rules(
    unit_: str, comparison: str, target: int, value: int | None, as_of: dt.date, expected: str
) -> None:
    assert _status(unit_, comparison, target, value, as_of) == expected


def test_annual_template(hp_supervisor: Any) -> None:
    plan = services.plan_create_from_template(
        actor=hp_supervisor,
        template_key="annual",
        year=Y,
        directives=(services.DirectiveInput("1234/BCA-C02", dt.date(Y, 1, 15), "Bộ Công an"),),
    )
    assert plan.title == "Kế hoạch phòng, chống mua bán người năm 2025"
    assert (plan.start_year, plan.end_year, plan.agency) == (Y, Y, hp_supervisor.agency)
    rows = [
        (v.indicator.code, v.measure, v.comparison, v.target, v.filters)
        for v in IndicatorVersion.objects.filter(indicator__plan=plan).order_by(
            "indicator__position"
        )
    ]
    assert rows == [
        ("tips_classified", "tips.classified_rate", "gte", Decimal("100.00"), {"place_code": "31"}),
        ("tips_resolved", "tips.resolved_rate", "gte", Decimal("90.00"), {"place_code": "31"}),
        ("cases_solved", "cases.solved_rate", "gte", Decimal("90.00"), {"place_code": "31"}),
    ]
    assert plan.directives.get().number == "1234/BCA-C02"
    event = AuditEvent.objects.get(action="plans.plan_create")
    assert event.changes["template"] == "annual"


def test_campaign_template_has_its_activities(hp_supervisor: Any) -> None:
    plan = services.plan_create_from_template(
        actor=hp_supervisor, template_key="campaign_30_7", year=Y
    )
    planned = list(plan.planned_activities.order_by("due_date").values_list("kind", "due_date"))
    assert planned == [
        ("other", dt.date(Y, 7, 20)),
        ("contest", dt.date(Y, 7, 28)),
        ("awareness", dt.date(Y, 7, 30)),
        ("media", dt.date(Y, 7, 31)),
    ]
    version = IndicatorVersion.objects.get(indicator__code="july_sessions")
    assert version.filters == {
        "place_code": "31",
        "period_start": "2025-07-01",
        "period_end": "2025-07-31",
    }


def test_only_supervisors_of_the_agency_create(
    hp_officer: Any, na_supervisor: Any, hp_agency: Any
) -> None:
    with pytest.raises(NotFound):
        services.plan_create_from_template(actor=hp_officer, template_key="annual", year=Y)
    with pytest.raises(NotFound):
        services.plan_create_from_template(
            actor=na_supervisor, template_key="annual", year=Y, agency=hp_agency
        )
    with pytest.raises(ValidationFailed):
        services.plan_create_from_template(actor=na_supervisor, template_key="nope", year=1990)
    assert Plan.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="plans.").exists()


def test_indicator_validation(hp_supervisor: Any) -> None:
    plan = services.plan_create(
        actor=hp_supervisor, title="Kế hoạch 2025", start_year=Y, end_year=Y
    )
    bad = services.IndicatorInput(
        label="", measure="x", comparison="gt", target="abc", kinds=("training",)
    )
    with pytest.raises(ValidationFailed) as caught:
        services.indicator_add(actor=hp_supervisor, plan=plan, data=bad)
    assert set(caught.value.fields) == {"label", "measure", "comparison", "target"}
    percent = services.IndicatorInput(
        label="Giải quyết",
        measure="tips.resolved_rate",
        comparison="gte",
        target=120,
        kinds=("training",),
        period_start=dt.date(Y - 1, 1, 1),
    )
    with pytest.raises(ValidationFailed) as caught:
        services.indicator_add(actor=hp_supervisor, plan=plan, data=percent)
    assert set(caught.value.fields) == {"target", "kinds", "period_start"}
    assert Indicator.objects.count() == 0


def _sessions_plan(actor: Any) -> tuple[Plan, Indicator]:
    plan = services.plan_create(
        actor=actor, title="Kế hoạch tuyên truyền", start_year=Y, end_year=Y
    )
    indicator = services.indicator_add(
        actor=actor,
        plan=plan,
        data=services.IndicatorInput(
            label="Số cuộc tuyên truyền",
            measure="prevention.awareness_sessions",
            comparison="gte",
            target=10,
            place=unit("31"),
        ),
    )
    return plan, indicator


def test_progress_trend_and_records(hp_supervisor: Any, hp_commune_officer: Any) -> None:
    record(hp_commune_officer, sessions=2, start_date=dt.date(Y, 1, 20))
    record(hp_commune_officer, sessions=3, start_date=dt.date(Y, 3, 5))
    plan, _indicator = _sessions_plan(hp_supervisor)
    plan = selectors.plan_get(actor=hp_supervisor, plan_id=plan.pk)
    progress = selectors.plan_progress(actor=hp_supervisor, plan=plan, as_of=dt.date(Y, 3, 31))
    (row,) = progress.indicators
    assert (row.value, row.target, row.status, row.version) == (
        Decimal(5),
        Decimal("10.00"),
        Status.ON_TRACK,
        1,
    )
    assert row.expected == Decimal("2.5")  # 90/365 of 10
    assert [(p.month, p.value) for p in row.trend] == [
        ("01/2025", Decimal(2)),
        ("02/2025", Decimal(2)),
        ("03/2025", Decimal(5)),
    ]
    ((label, url),) = row.records
    assert label == "Buổi tuyên truyền"
    assert url.startswith("/prevention/?")
    assert "kind=awareness" in url and "start_to=2025-03-31" in url and "place_province=31" in url
    final = selectors.plan_progress(actor=hp_supervisor, plan=plan, as_of=END).indicators[0]
    assert final.status == Status.MISSED


def test_a_revised_target_leaves_earlier_progress_explainable(
    hp_supervisor: Any, hp_commune_officer: Any
) -> None:
    record(hp_commune_officer, sessions=6, start_date=dt.date(Y, 2, 1))
    plan, indicator = _sessions_plan(hp_supervisor)
    IndicatorVersion.objects.filter(indicator=indicator).update(
        created_at=timezone.make_aware(dt.datetime(Y, 1, 2))
    )
    services.indicator_revise(
        actor=hp_supervisor,
        indicator=indicator,
        data=services.IndicatorInput(
            label="Số cuộc tuyên truyền",
            measure="prevention.awareness_sessions",
            comparison="gte",
            target=20,
            place=unit("31"),
        ),
        note="Tăng chỉ tiêu theo chỉ đạo mới",
    )
    v2 = IndicatorVersion.objects.get(indicator=indicator, version=2)
    IndicatorVersion.objects.filter(pk=v2.pk).update(
        created_at=timezone.make_aware(dt.datetime(Y, 6, 1))
    )
    assert AuditEvent.objects.get(action="plans.indicator_revise").changes == {
        "indicator": indicator.code,
        "version": 2,
        "fields": ["target"],
    }
    plan = selectors.plan_get(actor=hp_supervisor, plan_id=plan.pk)
    before = selectors.plan_progress(actor=hp_supervisor, plan=plan, as_of=dt.date(Y, 3, 31))
    after = selectors.plan_progress(actor=hp_supervisor, plan=plan, as_of=dt.date(Y, 6, 30))
    assert (before.indicators[0].version, before.indicators[0].target) == (1, Decimal("10.00"))
    assert (after.indicators[0].version, after.indicators[0].target) == (2, Decimal("20.00"))
    assert after.indicators[0].versions == 2


def test_unbuilt_sources_read_not_available(hp_supervisor: Any, monkeypatch: Any) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "lachan.cases.selectors", None)
    plan = services.plan_create_from_template(actor=hp_supervisor, template_key="annual", year=Y)
    plan = selectors.plan_get(actor=hp_supervisor, plan_id=plan.pk)
    rows = {
        r.code: r
        for r in selectors.plan_progress(actor=hp_supervisor, plan=plan, as_of=END).indicators
    }
    assert rows["cases_solved"].value is None
    assert rows["cases_solved"].status == Status.NO_DATA
    assert rows["tips_resolved"].state == ValueState.EMPTY  # no tip received at all


def test_plan_reach(
    hp_supervisor: Any, hp_commune_officer: Any, na_officer: Any, hp_analyst: Any
) -> None:
    plan = services.plan_create_from_template(actor=hp_supervisor, template_key="annual", year=Y)
    # The commune committee (below) and the analyst read it; Nghệ An does not.
    assert selectors.plan_get(actor=hp_commune_officer, plan_id=plan.pk) == plan
    assert selectors.plan_get(actor=hp_analyst, plan_id=plan.pk) == plan
    with pytest.raises(NotFound):
        selectors.plan_get(actor=na_officer, plan_id=plan.pk)


def test_planned_activity_link(hp_supervisor: Any, hp_commune_officer: Any) -> None:
    plan = services.plan_create_from_template(
        actor=hp_supervisor, template_key="campaign_30_7", year=Y
    )
    rally = record(hp_commune_officer, title="Mít tinh 30/7", start_date=dt.date(Y, 7, 30))
    media = record(
        hp_commune_officer, kind="media", title="Phát thanh", start_date=dt.date(Y, 7, 29)
    )
    planned = plan.planned_activities.get(kind="awareness")
    rows = {p["kind"]: p for p in selectors.planned_activities(actor=hp_supervisor, plan=plan)}
    assert [a.pk for a in rows["awareness"]["candidates"]] == [rally.pk]
    with pytest.raises(ValidationFailed):
        services.planned_activity_link(actor=hp_supervisor, planned=planned, activity=media)
    services.planned_activity_link(actor=hp_supervisor, planned=planned, activity=rally)
    planned.refresh_from_db()
    assert planned.activity == rally
    assert commune_of("31") == rally.admin_unit
