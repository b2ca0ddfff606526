"""The partner export over the API, mounted by ``lachan/reports/api.py`` with
``router.add_router("/partner-data", partner_router)``: GET
/api/v1/reports/partner-data/ctdc?year_from=…&year_to=…&file_format=csv|xlsx returns
the file. Same service, same permission (404 otherwise), same audit event."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from lachan.reports.disclosure.services import ctdc_export

router = Router(tags=["reports"])


@router.get("/ctdc", url_name="reports_partner_ctdc", summary="CTDC-shaped partner file")
def ctdc(
    request: HttpRequest, year_from: int, year_to: int, file_format: str = "csv"
) -> HttpResponse:
    export = ctdc_export(
        actor=request.auth,  # type: ignore[attr-defined]
        file_format=file_format,
        year_from=year_from,
        year_to=year_to,
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
