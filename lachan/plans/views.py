"""Staff pages of plans: the list, creating a plan from a template, a plan with every
indicator against its target (at any date), directives, indicators and their versions,
and the planned activities of a campaign. Same selectors and services as the API."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lachan.access.permissions import PlansPermission
from lachan.access.policies.plans import plan_policy
from lachan.accounts.actors import view_actor
from lachan.core.errors import NotFound, ValidationFailed
from lachan.people.forms import add_service_errors
from lachan.plans import selectors, services
from lachan.plans.forms import (
    DirectiveForm,
    IndicatorForm,
    LinkForm,
    PlanFromTemplateForm,
    ProgressDateForm,
)
from lachan.plans.models import Indicator, Plan, PlannedActivity
from lachan.prevention.models import Activity


def _plan(request: HttpRequest, plan_id: uuid.UUID) -> Plan:
    try:
        return selectors.plan_get(actor=view_actor(request), plan_id=plan_id)
    except NotFound:
        raise Http404 from None


def _managed(request: HttpRequest, plan_id: uuid.UUID) -> Plan:
    plan = _plan(request, plan_id)
    if not plan_policy.can(view_actor(request), PlansPermission.MANAGE, plan):
        raise Http404
    return plan


def _put_errors(form: forms.Form, exc: ValidationFailed, mapping: dict[str, str]) -> None:
    fields = {mapping.get(name, name): msgs for name, msgs in exc.fields.items()}
    add_service_errors(form, fields, str(exc.message))


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not plan_policy.has_permission(actor, PlansPermission.VIEW):
        raise Http404
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plan_list(actor=actor)[:200],
            "may_create": plan_policy.may_create(actor),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not plan_policy.may_create(actor):
        raise Http404
    form = PlanFromTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        directives: tuple[services.DirectiveInput, ...] = ()
        if d.get("directive_number") or d.get("directive_date"):
            directives = (
                services.DirectiveInput(
                    number=d.get("directive_number") or "",
                    issued_on=d.get("directive_date"),
                    issuer=d.get("directive_issuer") or "",
                ),
            )
        try:
            plan = services.plan_create_from_template(
                actor=actor,
                template_key=d["template_key"],
                year=d["year"],
                title=d.get("title") or "",
                directives=directives,
            )
        except ValidationFailed as exc:
            _put_errors(
                form,
                exc,
                {
                    "directives.0.number": "directive_number",
                    "directives.0.issued_on": "directive_date",
                    "directives.0.issuer": "directive_issuer",
                },
            )
        else:
            messages.success(request, _("The plan was created."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form})


def _detail_context(request: HttpRequest, plan: Plan, **extra: Any) -> dict[str, Any]:
    actor = view_actor(request)
    date_form = ProgressDateForm(request.GET or None)
    as_of = date_form.cleaned_data.get("as_of") if date_form.is_valid() else None
    show_trend = request.GET.get("trend") == "1"
    progress = selectors.plan_progress(actor=actor, plan=plan, as_of=as_of, trend=show_trend)
    params = request.GET.copy()
    params["trend"] = "0" if show_trend else "1"
    return {
        "plan": plan,
        "progress": progress,
        "show_trend": show_trend,
        "trend_toggle": params.urlencode(),
        "date_form": date_form,
        "planned": selectors.planned_activities(actor=actor, plan=plan),
        "may_manage": plan_policy.can(actor, PlansPermission.MANAGE, plan),
        "directive_form": extra.get("directive_form") or DirectiveForm(),
        **extra,
    }


@require_GET
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _plan(request, plan_id)
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@require_POST
def directive_add(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _managed(request, plan_id)
    form = DirectiveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.directive_add(
                actor=view_actor(request),
                plan=plan,
                data=services.DirectiveInput(
                    number=d["number"],
                    issued_on=d["issued_on"],
                    issuer=d.get("issuer") or "",
                    title=d.get("title") or "",
                ),
            )
        except ValidationFailed as exc:
            _put_errors(form, exc, {})
        else:
            messages.success(request, _("The directive was added."))
            return redirect("plans:detail", plan_id=plan.pk)
    plan = _plan(request, plan_id)
    return render(
        request,
        "plans/plan_detail.html",
        _detail_context(request, plan, directive_form=form),
    )


@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _managed(request, plan_id)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_add(actor=view_actor(request), plan=plan, data=form.to_input())
        except ValidationFailed as exc:
            _put_errors(form, exc, {})
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(
        request, "plans/indicator_form.html", {"form": form, "plan": plan, "indicator": None}
    )


@require_http_methods(["GET", "POST"])
def indicator_revise(
    request: HttpRequest, plan_id: uuid.UUID, indicator_id: uuid.UUID
) -> HttpResponse:
    plan = _managed(request, plan_id)
    indicator: Indicator | None = next(
        (i for i in plan.indicators.all() if i.pk == indicator_id), None
    )
    if indicator is None:
        raise Http404
    current = list(indicator.versions.all())[-1]
    filters = current.filters or {}
    initial = {
        "label": current.label,
        "measure": current.measure,
        "comparison": current.comparison,
        "target": current.target,
        "place": filters.get("place_code") or None,
        "kinds": filters.get("kinds") or [],
        "period_start": filters.get("period_start"),
        "period_end": filters.get("period_end"),
    }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_revise(
                actor=view_actor(request),
                indicator=indicator,
                data=form.to_input(),
                note=form.cleaned_data.get("note") or "",
            )
        except ValidationFailed as exc:
            _put_errors(form, exc, {})
        else:
            messages.success(request, _("A new version of the indicator was saved."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(
        request,
        "plans/indicator_form.html",
        {"form": form, "plan": plan, "indicator": indicator, "current": current},
    )


@require_POST
def planned_link(request: HttpRequest, plan_id: uuid.UUID, planned_id: uuid.UUID) -> HttpResponse:
    plan = _managed(request, plan_id)
    planned = PlannedActivity.objects.filter(plan=plan, pk=planned_id).first()
    if planned is None:
        raise Http404
    form = LinkForm(request.POST)
    if not form.is_valid():
        raise Http404
    activity = Activity.objects.filter(pk=form.cleaned_data["activity"]).first()
    if activity is None:
        raise Http404
    try:
        services.planned_activity_link(
            actor=view_actor(request), planned=planned, activity=activity
        )
    except NotFound:
        raise Http404 from None
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The planned activity is marked as carried out."))
    return redirect("plans:detail", plan_id=plan.pk)
