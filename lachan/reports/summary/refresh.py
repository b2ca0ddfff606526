"""Refresh of the monthly tip summary. Tip writes never touch it (the public intake has
its own throughput target): a task run every few minutes finds the tips changed since
its last run (``updated_at``, indexed), and recomputes every (month, receiving agency)
group they fall in — delete the group's rows, one ``INSERT … SELECT`` per dimension —
in one transaction, so a reader sees the old numbers or the new, never half of them.

A tip's month of receipt and receiving agency are fixed when it is registered (a
transfer registers a new tip), so a changed tip only ever changes its own group. The
watermark is taken before reading, and the next run looks back ``OVERLAP`` before it:
a transaction still open during a run (its ``updated_at`` set before it commits) is
picked up by the next one. Recomputing a group twice is harmless. Deleted tips (none are
deleted today) and a reload of the administrative units need ``--full``."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from lachan.reports.models import (
    PlaceLegacyProvince,
    SummaryDimension,
    SummaryState,
    TipMonthlyCount,
)
from lachan.tips.deadlines import local_zone
from lachan.tips.models import RESOLVED_STATUSES, Tip

KEY = "tips"
OVERLAP = dt.timedelta(minutes=10)
FIELD = {
    SummaryDimension.KIND: "kind",
    SummaryDimension.CHANNEL: "channel",
    SummaryDimension.EXPLOITATION_TYPE: "exploitation_type",
    SummaryDimension.COUNTRY: "destination_country",
}
GROUPS_PER_STATEMENT = 500
COLUMNS = (
    "month",
    "receiving_agency_id",
    "province_id",
    "legacy_province_id",
    "dimension",
    "value",
    "resolved_month",
    "tips",
    "trafficking_related",
)


@dataclass(frozen=True)
class RefreshResult:
    full: bool
    groups: int  # (month, agency) groups recomputed
    rows: int  # summary rows now
    refreshed_at: dt.datetime
    seconds: float


def local_month(field: str) -> Cast:
    """The first day of the local month of a timestamp, as a date (both databases)."""
    return Cast(TruncMonth(field, tzinfo=local_zone()), DateField())


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = local_zone()
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        dt.datetime.combine(month, dt.time.min, tzinfo=zone),
        dt.datetime.combine(following, dt.time.min, tzinfo=zone),
    )


def _sync_legacy_places() -> None:
    from lachan.reports.selectors import legacy_province_of_place

    PlaceLegacyProvince.objects.all().delete()
    PlaceLegacyProvince.objects.bulk_create(
        (
            PlaceLegacyProvince(place_id=place, legacy_province_id=legacy)
            for place, legacy in legacy_province_of_place().items()
        ),
        batch_size=2000,
    )


def _grouped(tips: QuerySet[Tip], dimension: SummaryDimension) -> QuerySet[Any, Any]:
    legacy = PlaceLegacyProvince.objects.filter(place_id=OuterRef("place_id")).values(
        "legacy_province_id"
    )[:1]
    resolved = Case(
        When(
            status__in=RESOLVED_STATUSES, resolved_at__isnull=False, then=local_month("resolved_at")
        ),
        default=None,
        output_field=DateField(),
    )
    return (
        tips.order_by()
        .annotate(
            s_month=local_month("received_at"),
            s_agency=F("receiving_agency_id"),
            s_province=F("place_province_id"),
            s_legacy=Subquery(legacy),
            s_dimension=Value(dimension.value),
            s_value=F(FIELD[dimension]),
            s_resolved=resolved,
        )
        .values(
            "s_month", "s_agency", "s_province", "s_legacy", "s_dimension", "s_value", "s_resolved"
        )
        .annotate(s_tips=Count("*"), s_related=Count("pk", filter=Q(trafficking_related=True)))
    )


def _insert(tips: QuerySet[Tip]) -> None:
    """Every dimension's counts of ``tips``, written by the database itself."""
    table = TipMonthlyCount._meta.db_table
    names = "s_month, s_agency, s_province, s_legacy, s_dimension, s_value, s_resolved, "
    names += "s_tips, s_related"
    with connection.cursor() as cursor:
        for dimension in SummaryDimension:
            sql, params = _grouped(tips, dimension).query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) "  # noqa: S608 - our own names
                f"SELECT {names} FROM ({sql}) AS grouped",
                params,
            )


def _touched(since: dt.datetime) -> dict[dt.date, set[uuid.UUID]]:
    rows = (
        Tip.objects.filter(updated_at__gte=since)
        .order_by()
        .annotate(s_month=local_month("received_at"))
        .values_list("s_month", "receiving_agency_id")
        .distinct()
    )
    found: dict[dt.date, set[uuid.UUID]] = defaultdict(set)
    for month, agency_id in rows:
        if isinstance(month, str):  # SQLite without a converter on an annotation
            month = dt.date.fromisoformat(month[:10])
        found[month].add(agency_id)
    return found


def _recompute(groups: dict[dt.date, set[uuid.UUID]]) -> int:
    count = 0
    for month, agencies in sorted(groups.items()):
        ordered = sorted(agencies)
        low, high = _month_bounds(month)
        for first in range(0, len(ordered), GROUPS_PER_STATEMENT):
            chunk = ordered[first : first + GROUPS_PER_STATEMENT]
            TipMonthlyCount.objects.filter(month=month, receiving_agency_id__in=chunk).delete()
            _insert(
                Tip.objects.filter(
                    received_at__gte=low, received_at__lt=high, receiving_agency_id__in=chunk
                )
            )
            count += len(chunk)
    return count


def refresh_tip_summary(*, full: bool = False) -> RefreshResult:
    """Bring the summary up to date (``full``: rebuild it whole). Runs in one
    transaction; concurrent runs wait for each other (the state row is locked)."""
    started = time.perf_counter()
    with transaction.atomic():
        state, _created = SummaryState.objects.select_for_update().get_or_create(key=KEY)
        now = timezone.now()  # the new watermark: read before any tip is
        if full or state.watermark is None:
            _sync_legacy_places()
            TipMonthlyCount.objects.all().delete()
            _insert(Tip.objects.all())
            groups = 0  # every group
            full = True
            state.rows = TipMonthlyCount.objects.count()
        else:
            if not PlaceLegacyProvince.objects.exists():
                _sync_legacy_places()
            groups = _recompute(_touched(state.watermark - OVERLAP))
        state.watermark = now
        state.refreshed_at = now
        state.groups_last_run = groups
        state.seconds_last_run = round(time.perf_counter() - started, 3)
        state.save()
    return RefreshResult(
        full=full,
        groups=groups,
        rows=state.rows,
        refreshed_at=now,
        seconds=state.seconds_last_run,
    )
