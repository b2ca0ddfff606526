"""The initial-verification deadline: within 3 days of reception (Law 53/2024; GLOSSARY).

A pure function like the tips deadlines (``lachan.tips.deadlines``), with the same way
of counting a limit in days: it ends at the end (23:59:59) of its last local day. Unlike
a tip's decision deadline it is *not* moved past weekends and holidays — a returning
person cannot wait for Monday. The number of days is a setting
(``LACHAN_VICTIM_VERIFICATION_DAYS``, default 3), read by ``verification_days``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

DEFAULT_VERIFICATION_DAYS = 3
DUE_SOON = dt.timedelta(days=1)


def verification_days() -> int:
    return int(getattr(settings, "LACHAN_VICTIM_VERIFICATION_DAYS", DEFAULT_VERIFICATION_DAYS))


def verification_due(received_at: dt.datetime, *, days: int, zone: ZoneInfo) -> dt.datetime:
    """End of the ``days``-th local day after ``received_at`` (aware), in UTC."""
    last_day = received_at.astimezone(zone).date() + dt.timedelta(days=days)
    end = dt.datetime.combine(last_day, dt.time(23, 59, 59), tzinfo=zone)
    return end.astimezone(dt.UTC)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)
