"""Plan templates: the annual plan with the seed plan's targets, and the campaign of the
National Day against Human Trafficking (30/7) with its own activities. A template is
data; ``plan_create_from_template`` turns it into a plan whose indicators are ordinary
versioned indicators (changeable afterwards like any other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.plans.models import Comparison
from lachan.prevention.models import ActivityKind


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    label: str | Promise
    measure: str
    comparison: str
    target: Decimal
    kinds: tuple[str, ...] = ()
    # A part of the year (month, day) – e.g. the campaign month; the whole period if None.
    period: tuple[tuple[int, int], tuple[int, int]] | None = None


@dataclass(frozen=True)
class ActivitySpec:
    kind: str
    title: str | Promise
    due: tuple[int, int]  # (month, day) of the plan's first year


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    title: str | Promise  # with %(year)s
    description: str | Promise
    indicators: tuple[IndicatorSpec, ...]
    activities: tuple[ActivitySpec, ...] = ()


ANNUAL = PlanTemplate(
    key="annual",
    title=_("Counter-trafficking plan %(year)s"),
    description=_(
        "The year's targets for tips, cases and prevention: every tip received is "
        "classified, more than 90% of tips are resolved, more than 90% of prosecuted "
        "cases are solved."
    ),
    indicators=(
        IndicatorSpec(
            "tips_classified",
            _("Tips received and classified"),
            "tips.classified_rate",
            Comparison.GTE,
            Decimal(100),
        ),
        IndicatorSpec(
            "tips_resolved", _("Tips resolved"), "tips.resolved_rate", Comparison.GTE, Decimal(90)
        ),
        IndicatorSpec(
            "cases_solved",
            _("Prosecuted trafficking cases solved"),
            "cases.solved_rate",
            Comparison.GTE,
            Decimal(90),
        ),
    ),
)

JULY = ((7, 1), (7, 31))
CAMPAIGN_30_7 = PlanTemplate(
    key="campaign_30_7",
    title=_("Campaign for the National Day against Human Trafficking (30/7) %(year)s"),
    description=_(
        "The month of action around 30 July: a rally, broadcasts on commune loudspeakers, a "
        "school contest and banners, with targets for sessions and attendees in July."
    ),
    indicators=(
        IndicatorSpec(
            "july_sessions",
            _("Awareness sessions in July"),
            "prevention.awareness_sessions",
            Comparison.GTE,
            Decimal(10),
            period=JULY,
        ),
        IndicatorSpec(
            "july_attendees",
            _("Attendees in July"),
            "prevention.attendees",
            Comparison.GTE,
            Decimal(1000),
            period=JULY,
        ),
    ),
    activities=(
        ActivitySpec(ActivityKind.OTHER, _("Hang banners and slogans"), (7, 20)),
        ActivitySpec(ActivityKind.CONTEST, _("School contest on counter-trafficking law"), (7, 28)),
        ActivitySpec(
            ActivityKind.AWARENESS,
            _("Rally for the National Day against Human Trafficking"),
            (7, 30),
        ),
        ActivitySpec(ActivityKind.MEDIA, _("Broadcasts on commune loudspeakers"), (7, 31)),
    ),
)

TEMPLATES: dict[str, PlanTemplate] = {t.key: t for t in (ANNUAL, CAMPAIGN_30_7)}


def template_choices() -> list[tuple[str, str]]:
    return [(t.key, str(t.title) % {"year": "…"}) for t in TEMPLATES.values()]


def spec_period(spec: IndicatorSpec, year: int) -> dict[str, str]:
    if spec.period is None:
        return {}
    (m1, d1), (m2, d2) = spec.period
    return {
        "period_start": dt.date(year, m1, d1).isoformat(),
        "period_end": dt.date(year, m2, d2).isoformat(),
    }
