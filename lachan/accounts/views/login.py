"""Login in steps (password, then the second factor, then — after a one-time
password — a new password) and logout. The steps themselves are in ``flows.py``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lachan.accounts import flows
from lachan.accounts.flows import Stage
from lachan.accounts.forms import CodeForm, LoginForm, add_service_errors
from lachan.core.errors import ValidationFailed


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _after_login(next_url: str) -> HttpResponse:
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


def _start_again(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("accounts:login")


@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            flows.start(
                request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                next_url=next_url,
            )
        except flows.LoginLocked as exc:
            form.add_error(None, str(exc.message))
            status = 429
        except flows.LoginFailed as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("accounts:login_totp")
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def login_totp(request: HttpRequest) -> HttpResponse:
    current = flows.pending(request)
    if current is None:
        return _start_again(request, str(flows.EXPIRED_TEXT))
    if current.stage is Stage.NEW_PASSWORD:
        return redirect("accounts:login_new_password")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stage = flows.submit_code(request, code=form.cleaned_data["code"])
        except (flows.LoginLocked, flows.LoginExpired) as exc:
            return _start_again(request, str(exc.message))
        except flows.LoginFailed as exc:
            form.add_error("code", str(exc.message))
        else:
            if stage is Stage.NEW_PASSWORD:
                return redirect("accounts:login_new_password")
            return _after_login(current.next_url)
    context = {
        "form": form,
        "pending_user": current.user,
        "enrolment": flows.enrolment(request) if current.stage is Stage.ENROL else None,
    }
    return render(request, "accounts/login_totp.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def login_new_password(request: HttpRequest) -> HttpResponse:
    current = flows.pending(request)
    if current is None:
        return _start_again(request, str(flows.EXPIRED_TEXT))
    if current.stage is not Stage.NEW_PASSWORD:
        return redirect("accounts:login_totp")
    form = SetPasswordForm(current.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flows.submit_new_password(request, new_password=form.cleaned_data["new_password1"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except flows.LoginExpired as exc:
            return _start_again(request, str(exc.message))
        else:
            messages.success(request, _("Your new password is saved."))
            return _after_login(current.next_url)
    return render(request, "accounts/login_new_password.html", {"form": form})


@login_not_required  # an expired session may still press "log out"
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    was_logged_in = request.user.is_authenticated
    flows.cancel(request)
    flows.logout(request)
    if was_logged_in:
        messages.info(request, _("You have logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)
