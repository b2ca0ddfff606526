"""Writes of the reports domain: request a period report, produce it (the background
task's body), and hand its files out. Each state change is one audit event in the same
transaction; audit rows name the period and the format, never report content."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lachan.access.policies.reports import period_report_policy
from lachan.access.reach import agency_subtree_ids
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import Conflict, NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level
from lachan.reports.models import PeriodReport, ReportStatus
from lachan.reports.periods import Period

logger = logging.getLogger(__name__)
MAX_LESSONS = 20_000
FORMATS = ("xlsx", "pdf")


def default_title(period: Period) -> str:
    return _("Report on the fight against human trafficking — %(period)s") % {
        "period": period.label
    }


def period_report_request(
    *,
    actor: User,
    period: Period,
    agency: Agency | None = None,
    province: AdminUnit | None = None,
    title: str = "",
    lessons_learned: str = "",
) -> PeriodReport:
    """Queue a period report of an agency (default: the actor's), a province or the
    nation. Staff attached to an agency report on agencies of their subtree; national
    staff (attached to none) on any agency, any province or the nation."""
    if not period_report_policy.may_produce(actor):
        raise NotFound(_("Not found."))
    errors: dict[str, list[str]] = {}
    if agency is not None and province is not None:
        errors["province"] = [_("Choose an agency or a province, not both.")]
    if actor.agency_id is not None:
        if province is not None:
            errors["province"] = [_("You report on your own agency.")]
        agency = agency or actor.agency
        if agency is not None and agency.pk not in agency_subtree_ids(actor.agency):
            raise NotFound(_("Not found."))
    if province is not None and (province.era != Era.CURRENT or province.level != Level.PROVINCE):
        errors["province"] = [_("Choose one of the 34 provinces.")]
    if len(lessons_learned) > MAX_LESSONS:
        errors["lessons_learned"] = [_("The text is too long.")]
    title = " ".join(title.split())[:200] or default_title(period)
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), fields=errors)
    with transaction.atomic():
        report = PeriodReport.objects.create(
            requested_by=actor,
            agency=agency,
            province=province,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            title=title,
            lessons_learned=lessons_learned.strip(),
        )
        audit_record(
            actor=actor,
            action="report.request",
            target=report,
            changes={
                "period": period.code,
                "scope": "agency" if agency else ("province" if province else "nation"),
            },
        )
        report_id = str(report.pk)
        transaction.on_commit(lambda: _enqueue(report_id))
    return report


def _enqueue(report_id: str) -> None:
    from lachan.reports.tasks import produce_period_report

    produce_period_report.enqueue(report_id)


def _progress(report_id: uuid.UUID, percent: int, step: str) -> None:
    """Progress is bookkeeping, not a business state: written at once, not audited."""
    PeriodReport.objects.filter(pk=report_id).update(progress=min(percent, 99), step=step)


def period_report_produce(*, report_id: uuid.UUID | str) -> PeriodReport | None:
    """Compute and render the report (idempotent: a report already done is left as
    it is). The numbers are those its requester may count."""
    from lachan.reports.period import build_report_data
    from lachan.reports.render import render_excel, render_pdf

    report = (
        PeriodReport.objects.select_related("agency__admin_unit", "province", "requested_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status == ReportStatus.DONE:
        return report
    PeriodReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=1, error=""
    )
    actor = report.requested_by
    try:
        data = build_report_data(
            actor=actor, report=report, progress=lambda p, s: _progress(report.pk, p, s)
        )
        _progress(report.pk, 70, "excel")
        excel = render_excel(data)
        _progress(report.pk, 85, "pdf")
        pdf = render_pdf(data)
    except Exception:
        logger.exception("period report %s failed", report.pk)
        with transaction.atomic():
            PeriodReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.FAILED, finished_at=timezone.now(), error="error"
            )
            audit_record(
                actor=actor,
                action="report.fail",
                target=report,
                changes={"status": [ReportStatus.RUNNING, ReportStatus.FAILED]},
            )
        raise
    with transaction.atomic():
        PeriodReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.DONE,
            progress=100,
            step="",
            finished_at=timezone.now(),
            excel=excel,
            pdf=pdf,
        )
        audit_record(
            actor=actor,
            action="report.produce",
            target=report,
            changes={"status": [ReportStatus.RUNNING, ReportStatus.DONE]},
        )
    report.refresh_from_db()
    return report


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes


def period_report_download(*, actor: User, report_id: uuid.UUID | str, fmt: str) -> ReportFile:
    """The Excel or PDF file of a report in reach, once it is ready; audited."""
    from lachan.reports.render import EXCEL_TYPE, PDF_TYPE

    if fmt not in FORMATS:
        raise NotFound(_("Not found."))
    report = period_report_policy.get(actor, report_id)
    if report.status != ReportStatus.DONE:
        raise Conflict(_("The report is not ready yet."))
    stored = report.excel if fmt == "xlsx" else report.pdf
    content = bytes(stored) if stored is not None else b""
    audit_record(actor=actor, action="report.download", target=report, changes={"format": fmt})
    stem = f"bao-cao-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
    return ReportFile(
        filename=f"{stem}.{fmt}",
        content_type=EXCEL_TYPE if fmt == "xlsx" else PDF_TYPE,
        content=content,
    )
