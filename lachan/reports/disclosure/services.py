"""The partner export (CTDC shape): permission ``ReportsPermission.EXPORT_PARTNER_DATA``,
k-anonymised rows only, one audit event per file (format, years, row counts — never a
row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lachan.access.permissions import ReportsPermission
from lachan.access.policies.base import holds_permission
from lachan.audit.models import AuditEvent
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, ValidationFailed
from lachan.reports.disclosure.ctdc import CtdcSource, ctdc_dataset, to_csv, to_xlsx
from lachan.reports.disclosure.sources import NoData, victim_ctdc_sources

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_YEARS = 10


@dataclass(frozen=True)
class PartnerExport:
    filename: str
    content_type: str
    content: bytes
    rows: int
    rows_suppressed: int
    event: AuditEvent


def may_export_partner_data(actor: Any) -> bool:
    return holds_permission(actor, ReportsPermission.EXPORT_PARTNER_DATA)


def ctdc_export(
    *,
    actor: Any,
    file_format: str,
    year_from: int,
    year_to: int,
    sources: Iterable[CtdcSource] | None = None,
) -> PartnerExport:
    """The CTDC-shaped, k-anonymised file of the victims identified in the years.
    ``sources`` is for tests and other callers that already hold the rows; by default
    they come from the victims domain (``NoData`` when it is not available)."""
    if not may_export_partner_data(actor):
        raise NotFound(gettext_lazy("Not found."))
    errors: dict[str, list[Any]] = {}
    if file_format not in FORMATS:
        errors["format"] = [gettext_lazy("Choose a value from the list.")]
    if year_to < year_from or year_to - year_from >= MAX_YEARS:
        errors["year_to"] = [gettext_lazy("Choose a period of at most ten years.")]
    if errors:
        raise ValidationFailed(gettext_lazy("Some fields are not valid."), fields=errors)
    try:
        if sources is None:
            sources = victim_ctdc_sources(year_from=year_from, year_to=year_to)
        selected = [s for s in sources if year_from <= s.year_of_registration <= year_to]
    except NoData:
        raise ValidationFailed(gettext_lazy("No data yet.")) from None
    dataset = ctdc_dataset(selected)
    if file_format == "csv":
        content = to_csv(dataset.rows)
    else:
        content = to_xlsx(
            dataset.rows,
            note=_(
                "De-identified data in the CTDC shape: k-anonymised with k = %(k)s; "
                "rows in groups smaller than k were removed."
            )
            % {"k": dataset.k},
        )
    with transaction.atomic():
        event = audit_record(
            actor=actor,
            action="reports.export_ctdc",
            object_type="reports.ctdc",
            changes={
                "format": file_format,
                "year_from": year_from,
                "year_to": year_to,
                "rows": len(dataset.rows),
                "rows_suppressed": dataset.rows_suppressed,
                "k": dataset.k,
                "levels": dataset.levels,
            },
        )
    return PartnerExport(
        filename=f"ctdc-{year_from}-{year_to}.{file_format}",
        content_type=FORMATS[file_format],
        content=content,
        rows=len(dataset.rows),
        rows_suppressed=dataset.rows_suppressed,
        event=event,
    )
