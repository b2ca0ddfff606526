"""Tips (nguồn tin) in reports: counts only, over the tips the actor may count
(``tip_policy.numbers_scope``: analysts and supervisors). The same definitions as
``lachan.tips.selectors.tip_numbers`` (a test holds them equal), but grouped by receiving
agency in one query, so that a province's figures are the sum of its agencies' and the
nation's the sum of its provinces'."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.access.policies.tips import tip_policy
from lachan.geo.models import Level
from lachan.geo.selectors import unit_by_code
from lachan.people.countries import country_name
from lachan.reports.sources.base import Breakdown, Figure, Scope, SectionData
from lachan.tips.models import (
    RESOLVED_STATUSES,
    Decision,
    ExploitationType,
    Tip,
    TipChannel,
    TipKind,
    TipStatus,
)
from lachan.tips.selectors import start_of_day

KEY = "tips"
COUNTS = (
    "received",
    "classified",
    "resolved",
    "resolved_within_deadline",
    "overdue",
    "trafficking_related",
)


def as_of(scope: Scope) -> dt.datetime:
    return min(timezone.now(), start_of_day(scope.end + dt.timedelta(days=1)))


def tips_queryset(actor: Any, scope: Scope) -> QuerySet[Tip]:
    """The tips received in the scope that the actor may count (none without the
    permission)."""
    qs = tip_policy.numbers_scope(actor).filter(
        received_at__gte=start_of_day(scope.start),
        received_at__lt=start_of_day(scope.end + dt.timedelta(days=1)),
    )
    if scope.agency_ids is not None:
        qs = qs.filter(receiving_agency_id__in=list(scope.agency_ids))
    if scope.admin_unit_code:
        unit = unit_by_code(code=scope.admin_unit_code)
        if unit.level == Level.PROVINCE:
            qs = qs.filter(place_province_id=unit.pk)
        else:
            qs = qs.filter(place_id=unit.pk)
    return qs


def _aggregates(moment: dt.datetime) -> dict[str, Any]:
    resolved = Q(status__in=RESOLVED_STATUSES, resolved_at__lte=moment)
    classified = Q(classified_at__lte=moment) | (resolved & Q(classified_at__isnull=True))
    unresolved_then = ~Q(status__in=RESOLVED_STATUSES) | Q(resolved_at__gt=moment)
    aggregates: dict[str, Any] = {
        "received": Count("pk"),
        "classified": Count("pk", filter=classified),
        "resolved": Count("pk", filter=resolved),
        "resolved_within_deadline": Count(
            "pk", filter=resolved & Q(resolved_at__lte=F("resolved_deadline_at"))
        ),
        "overdue": Count(
            "pk",
            filter=unresolved_then & ~Q(status=TipStatus.SUSPENDED) & Q(deadline_then__lt=moment),
        ),
        "trafficking_related": Count("pk", filter=Q(trafficking_related=True)),
    }
    for kind in TipKind.values:
        aggregates[f"kind_{kind}"] = Count("pk", filter=Q(kind=kind))
    for channel in TipChannel.values:
        aggregates[f"channel_{channel}"] = Count("pk", filter=Q(channel=channel))
    for decision in Decision.values:
        aggregates[f"decision_{decision}"] = Count("pk", filter=resolved & Q(decision=decision))
    aggregates["decision_transferred"] = Count(
        "pk", filter=Q(status=TipStatus.TRANSFERRED, resolved_at__lte=moment)
    )
    return aggregates


def tips_by_agency(actor: Any, scope: Scope) -> dict[uuid.UUID, dict[str, int]]:
    """Every count of the section, per receiving agency (one query)."""
    aggregates = _aggregates(as_of(scope))
    rows = (
        tips_queryset(actor, scope)
        .annotate(deadline_then=Coalesce("deadline_at", "resolved_deadline_at"))
        .order_by()
        .values("receiving_agency_id")
        .annotate(**aggregates)
    )
    return {row.pop("receiving_agency_id"): row for row in rows}


def sum_counts(rows: Any) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        for key, value in row.items():
            total[key] += value
    return dict(total)


def _grouped(qs: QuerySet[Tip], field: str) -> list[tuple[str, int]]:
    rows = qs.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return sorted(((value or "", n) for value, n in rows), key=lambda r: (-r[1], r[0]))


def breakdown_label(dimension: str, value: str) -> str:
    if not value:
        return _("Not recorded")
    if dimension == "kind":
        return str(TipKind(value).label) if value in TipKind.values else value
    if dimension == "channel":
        return str(TipChannel(value).label) if value in TipChannel.values else value
    if dimension == "exploitation_type":
        if value in ExploitationType.values:
            return str(ExploitationType(value).label)
        return value
    if dimension == "country":
        return country_name(value)
    return value


class TipsSource:
    key = KEY

    def title(self) -> str:
        return _("Tips")

    def available(self) -> bool:
        return True

    def section(
        self,
        actor: Any,
        scope: Scope,
        *,
        by_agency: dict[uuid.UUID, dict[str, int]] | None = None,
    ) -> SectionData:
        if not tip_policy.may_view_numbers(actor):
            return SectionData(
                key=KEY, title=self.title(), available=False, note=_("Not in your permissions.")
            )
        by_agency = tips_by_agency(actor, scope) if by_agency is None else by_agency
        total = sum_counts(by_agency.values())
        received = total.get("received", 0)
        resolved = total.get("resolved", 0)
        figures = (
            Figure("received", _("Tips received"), received),
            Figure("classified", _("Classified"), total.get("classified", 0)),
            Figure(
                "trafficking_related", _("Trafficking related"), total.get("trafficking_related", 0)
            ),
            Figure("resolved", _("Resolved (decided or transferred)"), resolved),
            Figure(
                "resolved_within_deadline",
                _("Resolved within the deadline"),
                total.get("resolved_within_deadline", 0),
            ),
            Figure("overdue", _("Overdue at the end of the period"), total.get("overdue", 0)),
            Figure(
                "resolution_rate",
                _("Share resolved"),
                (resolved / received) if received else None,
                percent=True,
            ),
        )
        qs = tips_queryset(actor, scope)
        breakdowns = (
            Breakdown(
                "kind",
                _("By kind"),
                tuple(
                    (breakdown_label("kind", k), total.get(f"kind_{k}", 0)) for k in TipKind.values
                ),
            ),
            Breakdown(
                "channel",
                _("By channel"),
                tuple(
                    (breakdown_label("channel", c), total.get(f"channel_{c}", 0))
                    for c in TipChannel.values
                ),
            ),
            Breakdown(
                "decision",
                _("By outcome"),
                (
                    *(
                        (str(Decision(d).label), total.get(f"decision_{d}", 0))
                        for d in Decision.values
                    ),
                    (_("Transferred"), total.get("decision_transferred", 0)),
                ),
            ),
            Breakdown(
                "exploitation_type",
                _("By exploitation type"),
                tuple(
                    (breakdown_label("exploitation_type", v), n)
                    for v, n in _grouped(qs.filter(trafficking_related=True), "exploitation_type")
                ),
            ),
            Breakdown(
                "country",
                _("By destination country"),
                tuple(
                    (breakdown_label("country", v), n)
                    for v, n in _grouped(qs.exclude(destination_country=""), "destination_country")
                ),
            ),
        )
        return SectionData(
            key=KEY,
            title=self.title(),
            available=True,
            figures=figures,
            breakdowns=breakdowns,
            extra={"by_agency": by_agency},
        )
