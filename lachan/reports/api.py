"""Reports over the API (/api/v1/reports/): the same selectors and services as the
pages. Aggregates only; out of reach is 404 ``not_found``; a file asked for before the
report is ready is 409 ``conflict``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.accounts.actors import api_actor
from lachan.accounts.models import Agency
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level
from lachan.reports import selectors, services
from lachan.reports.models import PeriodReport
from lachan.reports.periods import parse_period
from lachan.reports.sources import SECTIONS

router = Router(tags=["reports"])


def _mount_partner_data() -> None:
    # The CTDC/HTCDS partner export lives with the disclosure layer.
    from lachan.reports.disclosure.api import router as partner_data_router

    router.add_router("/partner-data", partner_data_router)


class AnalysisQuery(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    year: int | None = None
    domain: str = "tips"
    measure: str = "received"
    breakdown: str = "kind"
    grouping: str = "current"
    place_code: str = ""
    agency_id: uuid.UUID | None = None


class SectionOut(Schema):
    key: str
    title: str
    available: bool


class PeriodReportIn(Schema):
    period: str
    agency_id: uuid.UUID | None = None
    province_code: str | None = None
    title: str = ""
    lessons_learned: str = ""


class PeriodReportOut(Schema):
    id: uuid.UUID
    title: str
    period_kind: str
    period_start: dt.date
    period_end: dt.date
    agency_id: uuid.UUID | None
    province_code: str | None
    status: str
    progress: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    files: list[str]


def _out(report: PeriodReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "title": report.title,
        "period_kind": report.period_kind,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "agency_id": report.agency_id,
        "province_code": report.province.code if report.province_id else None,  # type: ignore[union-attr]
        "status": report.status,
        "progress": report.progress,
        "created_at": report.created_at,
        "finished_at": report.finished_at,
        "files": list(services.FORMATS) if report.status == "done" else [],
    }


@router.get("/analysis", url_name="reports_analysis")
def analysis(request: HttpRequest, query: Query[AnalysisQuery]) -> dict[str, Any]:
    """Total, trend by month, value per province (34 current or 63 legacy) and a
    breakdown — the numbers of the analysis page."""
    if query.start and query.end:
        start, end = query.start, query.end
    else:
        year = query.year or dt.date.today().year
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    filters = selectors.AnalysisFilter(
        start=start,
        end=end,
        domain=query.domain,
        measure=query.measure,
        breakdown=query.breakdown,
        grouping=query.grouping,
        place_code=query.place_code,
        agency_id=query.agency_id,
    )
    return selectors.analysis(actor=api_actor(request), filters=filters).as_dict()


@router.get("/sections", response=list[SectionOut], url_name="reports_sections")
def sections(request: HttpRequest) -> list[dict[str, Any]]:
    """The sections of a period report and whether each domain has landed."""
    selectors.require_aggregates(api_actor(request))
    return [{"key": s.key, "title": s.title(), "available": s.available()} for s in SECTIONS]


@router.get("/period-reports", response=list[PeriodReportOut], url_name="reports_period_list")
def period_reports(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(r) for r in selectors.period_report_list(actor=api_actor(request))]


@router.post("/period-reports", response={202: PeriodReportOut}, url_name="reports_period_request")
def period_report_request(request: HttpRequest, payload: PeriodReportIn) -> Status[dict[str, Any]]:
    """Queue a period report; poll its progress, then fetch its files."""
    actor = api_actor(request)
    agency = None
    if payload.agency_id is not None:
        agency = selectors.agencies_in_reach(actor).filter(pk=payload.agency_id).first()
        if agency is None:
            raise NotFound(_("Not found."))
    province = None
    if payload.province_code:
        province = AdminUnit.objects.filter(
            era=Era.CURRENT, level=Level.PROVINCE, code=payload.province_code
        ).first()
        if province is None:
            raise ValidationFailed(
                _("Some fields are not valid."),
                fields={"province_code": [_("Choose one of the 34 provinces.")]},
            )
    report = services.period_report_request(
        actor=actor,
        period=parse_period(payload.period),
        agency=agency if isinstance(agency, Agency) else None,
        province=province,
        title=payload.title,
        lessons_learned=payload.lessons_learned,
    )
    report = selectors.period_report_get(actor=actor, report_id=report.pk)
    return Status(202, _out(report))


@router.get(
    "/period-reports/{report_id}", response=PeriodReportOut, url_name="reports_period_detail"
)
def period_report_detail(request: HttpRequest, report_id: str) -> dict[str, Any]:
    return _out(selectors.period_report_get(actor=api_actor(request), report_id=report_id))


@router.get(
    "/period-reports/{report_id}/files/{fmt}",
    response={200: None},
    url_name="reports_period_file",
)
def period_report_file(request: HttpRequest, report_id: str, fmt: str) -> HttpResponse:
    """The Excel (``xlsx``) or PDF (``pdf``) file (audited)."""
    file = services.period_report_download(actor=api_actor(request), report_id=report_id, fmt=fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


_mount_partner_data()
