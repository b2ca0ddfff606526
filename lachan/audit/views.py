"""The auditor's pages: the trail with filters and keyset pagination, the CSV export and
the break-glass log. For everyone without the audit permission these pages do not
exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lachan.access.breakglass import target_for_type
from lachan.access.policies.audit import audit_event_policy
from lachan.access.selectors import break_glass_grant_list
from lachan.audit.forms import INTERFACE_LABELS, AuditFilterForm
from lachan.audit.models import AuditEvent
from lachan.audit.selectors import AuditFilter, audit_event_page
from lachan.audit.services import audit_trail_export
from lachan.core.context import Interface

GRANTS_PER_PAGE = 50


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    changes: str
    interface: str


def _changes_display(changes: Any) -> str:
    if isinstance(changes, dict):
        return "; ".join(
            f"{key}: {_changes_display(value)}" for key, value in sorted(changes.items())
        )
    if isinstance(changes, list):
        return ", ".join(_changes_display(item) for item in changes)
    return str(changes if changes is not None else "")


def _int_param(request: HttpRequest, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def _filter_query(request: HttpRequest) -> str:
    """The filter part of the query string, for pager and export links."""
    query = request.GET.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    return query.urlencode()


def _page_link(filter_query: str, key: str, seq: int | None) -> str:
    # Built here, not in the template: a template would print 1.024 for seq 1024.
    if seq is None:
        return ""
    return f"?{filter_query}&{key}={seq}" if filter_query else f"?{key}={seq}"


def _interface_label(value: str) -> str:
    try:
        return str(INTERFACE_LABELS[Interface(value)])
    except ValueError:
        return value


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    if not audit_event_policy.may_view(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None, actor=request.user)
    filters = form.to_filter() if form.is_bound and form.is_valid() else AuditFilter()
    page = (
        audit_event_page(
            actor=request.user,
            filters=filters,
            before=_int_param(request, "before"),
            after=_int_param(request, "after"),
        )
        if not form.errors
        else None
    )
    filter_query = _filter_query(request)
    rows = [
        EventRow(e, _changes_display(e.changes), _interface_label(e.interface))
        for e in (page.events if page else [])
    ]
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "filter_query": filter_query,
            "newer_url": _page_link(filter_query, "after", page.newer_after if page else None),
            "older_url": _page_link(filter_query, "before", page.older_before if page else None),
            "may_export": audit_event_policy.may_export(request.user),
        },
    )


@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    if not audit_event_policy.may_export(request.user):
        raise Http404
    form = AuditFilterForm(request.GET, actor=request.user)
    if not form.is_valid():
        # The list shows what is wrong with the filter.
        return redirect(f"{reverse('audit:event_list')}?{request.GET.urlencode()}")
    result = audit_trail_export(actor=request.user, filters=form.to_filter())  # type: ignore[arg-type]
    stamp = timezone.localtime(result.event.occurred_at).strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(result.lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


def _type_label(object_type: str) -> str:
    target = target_for_type(object_type)
    return str(target.label) if target else object_type


@require_GET
def break_glass_log(request: HttpRequest) -> HttpResponse:
    if not audit_event_policy.may_view(request.user):
        raise Http404
    paginator = Paginator(break_glass_grant_list(actor=request.user), GRANTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    grants = [
        {
            "grant": grant,
            "type_label": _type_label(grant.object_type),
            "active": grant.expires_at > now,
        }
        for grant in page.object_list
    ]
    return render(request, "audit/break_glass_log.html", {"page": page, "grants": grants})
