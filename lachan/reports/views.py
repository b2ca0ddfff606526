"""Staff pages of the reports domain: the analysis page (charts, map, tables), period
reports (request, progress, download). Aggregates only; out of reach is 404. Every page
works without JavaScript (the progress page refreshes itself; htmx only makes it
smoother)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lachan.accounts.actors import view_actor
from lachan.core.errors import Conflict, NotFound, ValidationFailed
from lachan.people.forms import add_service_errors
from lachan.reports import charts, selectors, services
from lachan.reports.forms import AnalysisForm, PeriodReportForm
from lachan.reports.periods import parse_period
from lachan.reports.tables import analysis_tables


def chart_context(result: selectors.Analysis) -> dict[str, object]:
    """The SVG charts of an analysis (server-side; none needs a script)."""
    context: dict[str, object] = {}
    if not result.available:
        return context
    if result.months:
        context["trend_svg"] = charts.line_chart(
            [(m.strftime("%m/%Y"), v) for m, v in result.months],
            title=_("%(measure)s by month") % {"measure": result.title},
        )
    if result.provinces:
        era = result.filters.grouping
        context["map_svg"] = charts.choropleth(
            {p.code: p.value for p in result.provinces},
            era=era,
            title=_("%(measure)s by province") % {"measure": result.title},
        )
    if result.section is not None:
        # Another domain: every breakdown its selector returns (sex, CTDC age band,
        # target group, country…), each chart beside its table.
        context["section_bars"] = [
            (b.label, charts.bar_chart(list(b.rows)[:15], title=b.label), b.rows)
            for b in result.section.breakdowns
            if b.rows
        ]
    elif result.breakdown:
        context["bar_svg"] = charts.bar_chart(
            result.breakdown[:15], title=_("%(measure)s by category") % {"measure": result.title}
        )
    return context


@require_GET
def analysis_view(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    try:
        selectors.require_aggregates(actor)
    except NotFound:
        raise Http404 from None
    form = AnalysisForm(request.GET or None, actor=actor)
    result = None
    if not form.is_bound or form.is_valid():
        if not form.is_bound:
            form = AnalysisForm({}, actor=actor)
            form.is_valid()
        try:
            result = selectors.analysis(actor=actor, filters=form.filters())
        except ValidationFailed as exc:
            add_service_errors(form, exc.fields, str(exc))
        except NotFound:
            form.add_error(None, _("Not found."))
    context: dict[str, object] = {"form": form, "result": result}
    if result is not None:
        context.update(chart_context(result))
        context.update(analysis_tables(result))
        context["province_total"] = sum(p.value or 0 for p in result.provinces)
    return render(request, "reports/analysis.html", context)


@require_http_methods(["GET", "POST"])
def period_report_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    try:
        reports = selectors.period_report_list(actor=actor)
    except NotFound:
        raise Http404 from None
    form = PeriodReportForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            period = parse_period(form.cleaned_data["period"])
            agency, province = form.scope()
            report = services.period_report_request(
                actor=actor,
                period=period,
                agency=agency,
                province=province,
                title=form.cleaned_data.get("title") or "",
                lessons_learned=form.cleaned_data.get("lessons_learned") or "",
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc.fields, str(exc))
        except NotFound:
            form.add_error("agency", _("Not found."))
        else:
            return redirect("reports:period_detail", report_id=report.pk)
    return render(request, "reports/period_list.html", {"form": form, "reports": reports})


@require_GET
def period_report_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        report = selectors.period_report_get(actor=actor, report_id=report_id)
    except NotFound:
        raise Http404 from None
    context = {"report": report, "running": report.status in ("queued", "running")}
    if request.headers.get("HX-Request") or request.GET.get("fragment"):
        return render(request, "reports/_progress.html", context)
    return render(request, "reports/period_detail.html", context)


@require_GET
def period_report_download(request: HttpRequest, report_id: uuid.UUID, fmt: str) -> HttpResponse:
    actor = view_actor(request)
    try:
        file = services.period_report_download(actor=actor, report_id=report_id, fmt=fmt)
    except NotFound:
        raise Http404 from None
    except Conflict:
        return redirect("reports:period_detail", report_id=report_id)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "no-store"
    return response
