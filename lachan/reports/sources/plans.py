"""Plan results: every indicator of the plans in reach that overlap the period, with its
value at the end of the period against its target (``lachan.plans.selectors``, imported
lazily: before plans land the section shows "chưa có dữ liệu")."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lachan.reports.formatting import no_data_label, vn_number
from lachan.reports.sources.base import Breakdown, Figure, Scope, SectionData

logger = logging.getLogger(__name__)
MAX_PLANS = 20


def _module() -> Any:
    try:
        module = importlib.import_module("lachan.plans.selectors")
    except ImportError:
        return None
    if not (hasattr(module, "plan_list") and hasattr(module, "plan_progress")):
        return None
    return module


def _value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "–"
    decimals = 0 if value == value.to_integral_value() else 1
    return vn_number(float(value), decimals=decimals) + ("%" if unit == "percent" else "")


class PlansSource:
    key = "plans"

    def title(self) -> str:
        return _("Plan results")

    def available(self) -> bool:
        return _module() is not None

    def section(self, actor: Any, scope: Scope) -> SectionData:
        module = _module()
        unavailable = SectionData(
            key=self.key, title=self.title(), available=False, note=no_data_label()
        )
        if module is None:
            return unavailable
        try:
            plans = module.plan_list(actor=actor).filter(
                start_year__lte=scope.end.year, end_year__gte=scope.start.year
            )
            if scope.agency_ids is not None:
                plans = plans.filter(agency_id__in=list(scope.agency_ids))
            as_of = min(scope.end, dt.date.today())
            rows: list[dict[str, Any]] = []
            statuses: dict[str, int] = {}
            for plan in plans[:MAX_PLANS]:
                progress = module.plan_progress(
                    actor=actor, plan=plan, as_of=as_of, trend=False, records=False
                )
                for item in progress.indicators:
                    label = str(item.status_label)
                    statuses[label] = statuses.get(label, 0) + 1
                    rows.append(
                        {
                            _("Plan"): plan.title,
                            # The label only: the code is the measure's key, not a number
                            # an officer uses.
                            _("Indicator"): str(item.label),
                            _("Value"): _value(item.value, item.unit),
                            _(
                                "Target"
                            ): f"{item.comparison_symbol} {_value(item.target, item.unit)}",
                            _("Status"): label,
                        }
                    )
        except Exception:  # a domain still being built must not break every report
            logger.exception("reports: the plans selector failed")
            return unavailable
        return SectionData(
            key=self.key,
            title=self.title(),
            available=True,
            figures=(Figure("indicators", _("Indicators"), len(rows)),),
            breakdowns=(
                Breakdown(
                    "status",
                    _("By status"),
                    tuple(sorted(statuses.items(), key=lambda r: (-r[1], r[0]))),
                ),
            ),
            extra={"rows": rows},
        )
