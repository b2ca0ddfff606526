"""The partner export page: choose the years and the format, download the CTDC-shaped,
k-anonymised file. Only ``ReportsPermission.EXPORT_PARTNER_DATA``; everyone else gets
404. Every download is an audit event (``reports.export_ctdc``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lachan.core.errors import ValidationFailed
from lachan.reports.disclosure.forms import CtdcExportForm
from lachan.reports.disclosure.services import ctdc_export, may_export_partner_data


@require_http_methods(["GET", "POST"])
def ctdc_export_view(request: HttpRequest) -> HttpResponse:
    if not may_export_partner_data(request.user):
        raise Http404
    this_year = timezone.localdate().year
    form = CtdcExportForm(
        request.POST or None,
        initial={"year_from": this_year - 5, "year_to": this_year - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            export = ctdc_export(
                actor=request.user,
                file_format=form.cleaned_data["file_format"],
                year_from=form.cleaned_data["year_from"],
                year_to=form.cleaned_data["year_to"],
            )
        except ValidationFailed as error:
            form.add_error(None, str(error.message))
            for name, messages in error.fields.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            response = HttpResponse(export.content, content_type=export.content_type)
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            return response
    status = 422 if request.method == "POST" else 200
    return render(request, "reports/disclosure/ctdc_export.html", {"form": form}, status=status)
