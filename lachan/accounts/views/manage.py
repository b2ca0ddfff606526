"""Administration of users (agency and system administrators) and of agencies (system
administrators). Records out of the actor's reach answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lachan.access.policies.accounts import agency_policy, user_policy
from lachan.accounts import selectors, services
from lachan.accounts.forms import AgencyForm, UserForm, add_service_errors
from lachan.accounts.models import User
from lachan.accounts.views.common import domain_errors
from lachan.core.errors import Conflict, ValidationFailed

PER_PAGE = 50


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware guarantees it
    return request.user


def _page(request: HttpRequest, items: Any) -> Page:  # type: ignore[type-arg]
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


def _require_user_manager(me: User) -> None:
    if not user_policy.can_manage(me):
        raise HttpForbidden(_("You cannot manage accounts."))


def _require_agency_manager(me: User) -> None:
    if not agency_policy.can_manage(me):
        raise HttpForbidden(_("You cannot manage agencies."))


# -- users ----------------------------------------------------------------------------------
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_user_manager(me)
    query = request.GET.get("q", "")
    users = selectors.user_list(actor=me, query=query)
    context = {
        "page": _page(request, users),
        "query": query,
        "may_manage_agencies": agency_policy.can_manage(me),
    }
    return render(request, "accounts/user_list.html", context)


@require_http_methods(["GET", "POST"])
@domain_errors
def user_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_user_manager(me)
    form = UserForm(request.POST or None, actor=me)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.user_create(
                actor=me,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                agency=data["agency"],
                email=data["email"],
                password=data["password"] or None,
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "accounts/user_password_shown.html",
                {
                    "subject": created.user,
                    "one_time_password": created.one_time_password,
                    "created": True,
                },
            )
    return render(request, "accounts/user_form.html", {"form": form, "subject": None})


@require_http_methods(["GET", "POST"])
@domain_errors
def user_edit(request: HttpRequest, pk: str) -> HttpResponse:
    me = _me(request)
    subject = selectors.user_get(actor=me, pk=pk)  # 404 when out of reach
    if subject.pk == me.pk:
        return redirect("accounts:profile")
    if not user_policy.can_manage(me, subject):
        raise HttpForbidden(_("You cannot manage this account."))
    form = UserForm(request.POST or None, actor=me, instance=subject)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=me,
                user=subject,
                full_name=data["full_name"],
                role=data["role"],
                agency=data["agency"],
                email=data["email"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The account is saved."))
            return redirect("accounts:user_edit", pk=subject.pk)
    return render(request, "accounts/user_form.html", {"form": form, "subject": subject})


def _user_action(request: HttpRequest, pk: str, action: Any, done: str) -> HttpResponse:
    me = _me(request)
    subject = selectors.user_get(actor=me, pk=pk)
    try:
        action(actor=me, user=subject)
    except Conflict as exc:
        messages.warning(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("accounts:user_edit", pk=subject.pk)


@require_POST
@domain_errors
def user_disable(request: HttpRequest, pk: str) -> HttpResponse:
    return _user_action(
        request, pk, services.user_disable, _("The account is disabled; its sessions have ended.")
    )


@require_POST
@domain_errors
def user_enable(request: HttpRequest, pk: str) -> HttpResponse:
    return _user_action(request, pk, services.user_enable, _("The account is enabled."))


@require_POST
@domain_errors
def user_reset_totp(request: HttpRequest, pk: str) -> HttpResponse:
    return _user_action(
        request,
        pk,
        services.user_reset_totp,
        _("Two-step verification is reset: the user sets it up again at next login."),
    )


@require_POST
@domain_errors
def user_reset_password(request: HttpRequest, pk: str) -> HttpResponse:
    me = _me(request)
    subject = selectors.user_get(actor=me, pk=pk)
    reset = services.user_reset_password(actor=me, user=subject)
    return render(
        request,
        "accounts/user_password_shown.html",
        {"subject": subject, "one_time_password": reset.one_time_password, "created": False},
    )


# -- agencies -------------------------------------------------------------------------------
@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_agency_manager(me)
    query = request.GET.get("q", "")
    agencies = selectors.agency_list(actor=me, query=query)
    return render(
        request, "accounts/agency_list.html", {"page": _page(request, agencies), "query": query}
    )


def _agency_args(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "agency_type": data["agency_type"],
        "admin_unit": data["admin_unit"],
        "parent": data["parent"],
        "is_remote": data["is_remote"],
    }


@require_http_methods(["GET", "POST"])
@domain_errors
def agency_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_agency_manager(me)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=me, **_agency_args(form.cleaned_data))
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agency is created."))
            return redirect("accounts:agency_edit", pk=agency.pk)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": None})


@require_http_methods(["GET", "POST"])
@domain_errors
def agency_edit(request: HttpRequest, pk: str) -> HttpResponse:
    me = _me(request)
    _require_agency_manager(me)
    agency = selectors.agency_get(actor=me, pk=pk)
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(
                actor=me,
                agency=agency,
                is_active=form.cleaned_data["is_active"],
                **_agency_args(form.cleaned_data),
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agency is saved."))
            return redirect("accounts:agency_edit", pk=agency.pk)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})
