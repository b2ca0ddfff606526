"""Reporting periods: six months (H1, H2), a calendar year, several years
(e.g. 2021–2025). Dates are local (Asia/Ho_Chi_Minh), inclusive."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lachan.core.errors import ValidationFailed
from lachan.reports.models import PeriodKind

MIN_YEAR = 2000
MAX_YEARS = 10


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.year}-{self.end.year}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.HALF_YEAR:
            if self.start.month == 1:
                return _("First half of %(year)s") % {"year": self.start.year}
            return _("Second half of %(year)s") % {"year": self.start.year}
        if self.kind == PeriodKind.YEAR:
            return _("Year %(year)s") % {"year": self.start.year}
        return _("Years %(first)s–%(last)s") % {"first": self.start.year, "last": self.end.year}

    def months(self) -> list[dt.date]:
        """The first day of every month of the period."""
        found = []
        day = self.start.replace(day=1)
        while day <= self.end:
            found.append(day)
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return found


_CODE = re.compile(r"^(\d{4})(?:-H([12])|-(\d{4}))?$")


def parse_period(code: str) -> Period:
    """``2025`` (a year), ``2025-H1`` / ``2025-H2`` (six months), ``2021-2025``."""
    match = _CODE.match((code or "").strip())
    if match is None:
        raise _invalid(_("Write a year (2025), a half year (2025-H1) or years (2021-2025)."))
    first = int(match.group(1))
    if match.group(2):
        half = int(match.group(2))
        start = dt.date(first, 1 if half == 1 else 7, 1)
        end = dt.date(first, 6, 30) if half == 1 else dt.date(first, 12, 31)
        period = Period(PeriodKind.HALF_YEAR, start, end)
    elif match.group(3):
        last = int(match.group(3))
        if last <= first or last - first + 1 > MAX_YEARS:
            raise _invalid(_("The years must run forward and span at most ten years."))
        period = Period(PeriodKind.MULTI_YEAR, dt.date(first, 1, 1), dt.date(last, 12, 31))
    else:
        period = Period(PeriodKind.YEAR, dt.date(first, 1, 1), dt.date(first, 12, 31))
    if period.start.year < MIN_YEAR or period.end.year > dt.date.today().year + 1:
        raise _invalid(_("The period is out of range."))
    return period


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(_("Some fields are not valid."), fields={"period": [message]})
